/**
 * The storage interface of photos and the manifest kept beside each one. No file-system code here:
 * the domain (bundled into Next's routes too) depends on this, not on a particular storage.
 */

/** What is kept about one photo beside its files: read back when a post attaches it. */
export interface PhotoManifest {
  width: number;
  height: number;
  /** Stored widths, ascending; each in every format of PHOTO_FORMATS. */
  widths: number[];
}

/**
 * Where processed photos live. Small on purpose (put, get) so an object store (S3 and the like)
 * can replace the local disk (server/media/storage.ts) without touching the callers.
 */
export interface MediaStorage {
  /** Writes one file of a photo (`name` like `640.webp` or `manifest.json`). */
  put(key: string, name: string, data: Buffer): Promise<void>;
  /** One file of a photo, or null when there is none. */
  get(key: string, name: string): Promise<Buffer | null>;
}

export async function readManifest(storage: MediaStorage, key: string): Promise<PhotoManifest | null> {
  const raw = await storage.get(key, "manifest.json");
  return raw && (JSON.parse(raw.toString("utf8")) as PhotoManifest);
}
