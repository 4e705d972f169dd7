/**
 * Photos in live posts: the limits the desk shows and the server enforces, and the addresses of
 * the stored sizes (shared by the server's processing and the live page's `srcset`). Dependency-free.
 */

export const PHOTO_LIMITS = {
  /** Bytes of an uploaded file. */
  maxBytes: 15 * 1024 * 1024,
  /** Largest side in pixels, checked from the file's header before anything is decoded. */
  maxSide: 12_000,
  /** Pixels in all (a decompression bomb declares far more than this). */
  maxPixels: 50_000_000,
  /** Image types accepted, by their content (the file name's extension is not trusted). */
  types: ["jpeg", "png", "webp", "gif", "avif", "heif", "tiff"] as const,
} as const;

/** Widths stored for every photo (no larger than the original), in each format. */
export const PHOTO_WIDTHS = [320, 640, 1024, 1600] as const;
/** WebP for every current browser, JPEG as the fallback of `<picture>`. */
export const PHOTO_FORMATS = ["webp", "jpg"] as const;

export const photoPath = (key: string, width: number, format: (typeof PHOTO_FORMATS)[number]) => `/media/photos/${key}/${width}.${format}`;

/** The widths stored for a photo of this width. */
export function storedWidths(width: number): number[] {
  const largest = Math.min(width, PHOTO_WIDTHS.at(-1)!);
  return [...PHOTO_WIDTHS.filter((w) => w < largest), largest];
}
