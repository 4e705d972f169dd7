/**
 * Turns an uploaded file into the stored sizes of a photo, with sharp (libvips): the file must be a
 * real raster image by its content, within size, side and pixel limits checked from its header
 * before decoding (decompression bombs); it is rotated upright and re-encoded, which drops all of
 * its metadata (EXIF, GPS, XMP, ICC comments) and anything appended to it (polyglot files).
 */
import { randomBytes } from "node:crypto";
import sharp, { type Metadata } from "sharp";
import { PHOTO_LIMITS, storedWidths } from "../../lib/protocol/photos";
import { DomainError } from "./errors";
import type { MediaStorage, PhotoManifest } from "../media/manifest";

export interface StoredPhoto extends PhotoManifest {
  key: string;
}

const SVG_REFUSED = "SVG files are not accepted (they can carry scripts); export it as PNG or JPEG";
const refuse = (message: string) => new DomainError("VALIDATION_FAILED", message, { field: "photo" });

/** Reads the header only; refuses what is not an image we take, before any pixel is decoded. */
async function inspect(data: Buffer): Promise<{ width: number; height: number }> {
  if (data.length === 0) throw refuse("The file is empty");
  if (data.length > PHOTO_LIMITS.maxBytes) throw refuse(`The photo is larger than ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB`);
  // SVG is a document that can carry scripts and external references: we refuse it rather than
  // try to sanitise it (an editor can export it as PNG). Sniffed first, as libvips cannot size every SVG.
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(data.subarray(0, 2048).toString("utf8"))) throw refuse(SVG_REFUSED);
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    throw refuse("This file is not an image (JPEG, PNG, WebP, GIF, AVIF, HEIC or TIFF)");
  }
  if (meta.format === "svg") throw refuse(SVG_REFUSED);
  if (!(PHOTO_LIMITS.types as readonly string[]).includes(meta.format ?? "")) {
    throw refuse(`${(meta.format ?? "This").toUpperCase()} files are not accepted: use JPEG, PNG, WebP, GIF, AVIF, HEIC or TIFF`);
  }
  const { width, height } = meta;
  if (!width || !height) throw refuse("The image has no size");
  if (width > PHOTO_LIMITS.maxSide || height > PHOTO_LIMITS.maxSide || width * height > PHOTO_LIMITS.maxPixels) {
    throw refuse(`The image is too large (${width}×${height}); at most ${PHOTO_LIMITS.maxSide} px a side and ${PHOTO_LIMITS.maxPixels / 1e6} megapixels`);
  }
  // Orientations 5–8 swap the sides once rotated upright.
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}

/** Processes and stores a photo; its key is random (unguessable until it is posted). */
export async function storePhoto(storage: MediaStorage, data: Buffer): Promise<StoredPhoto> {
  const { width, height } = await inspect(data);
  const key = randomBytes(16).toString("hex");
  const widths = storedWidths(width);
  try {
    // One decode, upright, first frame only (an animated GIF becomes a still), for every size.
    const upright = sharp(data, { limitInputPixels: PHOTO_LIMITS.maxPixels, animated: false, failOn: "error" }).rotate();
    for (const w of widths) {
      const resized = upright.clone().resize({ width: w, withoutEnlargement: true });
      await storage.put(key, `${w}.webp`, await resized.clone().webp({ quality: 78 }).toBuffer());
      await storage.put(key, `${w}.jpg`, await resized.clone().jpeg({ quality: 80, mozjpeg: true }).toBuffer());
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw refuse("The image could not be read (the file is damaged or not what it claims to be)");
  }
  const manifest: PhotoManifest = { width: widths.at(-1)!, height: Math.round((height * widths.at(-1)!) / width), widths };
  await storage.put(key, "manifest.json", Buffer.from(JSON.stringify(manifest)));
  return { key, ...manifest };
}
