/**
 * Where processed photos live. The interface is small on purpose (put, get, meta) so an object
 * store (S3 and the like) can replace the local disk later without touching the callers.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

/** What is kept about one photo beside its files: read back when a post attaches it. */
export interface PhotoManifest {
  width: number;
  height: number;
  /** Stored widths, ascending; each in every format of PHOTO_FORMATS. */
  widths: number[];
}

export interface MediaStorage {
  /** Writes one file of a photo (`name` like `640.webp`). */
  put(key: string, name: string, data: Buffer): Promise<void>;
  /** One file of a photo, or null when there is none. */
  get(key: string, name: string): Promise<Buffer | null>;
}

const KEY = /^[a-f0-9]{32}$/;
const NAME = /^(?:\d{1,5}\.(?:webp|jpg)|manifest\.json)$/;

/** Photos on the local disk, one folder per photo: `<dir>/<key>/<width>.<format>`. */
export function localMediaStorage(dir: string): MediaStorage {
  const root = resolve(dir);
  // Only names we make ourselves reach the file system: no path can escape `root`.
  const pathOf = (key: string, name: string) => {
    if (!KEY.test(key) || !NAME.test(name)) return null;
    return join(root, key.slice(0, 2), key, name);
  };
  return {
    async put(key, name, data) {
      const path = pathOf(key, name);
      if (!path) throw new Error(`bad media name ${key}/${name}`);
      await mkdir(join(path, ".."), { recursive: true });
      // Write then rename: a reader never gets half a file.
      await writeFile(`${path}.tmp`, data);
      await rename(`${path}.tmp`, path);
    },
    async get(key, name) {
      const path = pathOf(key, name);
      if (!path) return null;
      try {
        return await readFile(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
  };
}

export async function readManifest(storage: MediaStorage, key: string): Promise<PhotoManifest | null> {
  const raw = await storage.get(key, "manifest.json");
  return raw && (JSON.parse(raw.toString("utf8")) as PhotoManifest);
}
