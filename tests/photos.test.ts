/**
 * Photo processing (server/domain/photos.ts): what a reader downloads carries no metadata (EXIF,
 * GPS), comes in the promised widths and formats, and anything that is not a safe raster image
 * of reasonable size is refused with a message an editor understands.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { PHOTO_LIMITS } from "../lib/protocol/photos";
import { storePhoto } from "../server/domain/photos";
import { readManifest } from "../server/media/manifest";
import { localMediaStorage } from "../server/media/storage";

const dir = mkdtempSync(join(tmpdir(), "newsdesk-photos-"));
const media = localMediaStorage(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A camera-like JPEG: EXIF with the camera, a GPS position and a rotated orientation. */
function cameraJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "SecretCam", Model: "Spy 3000" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "4/1 36/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "74/1 4/1 0/1" },
    })
    .toBuffer();
}

/** A PNG whose header declares `width`×`height` (a decompression bomb), with valid checksums. */
async function bombPng(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: "#000" } }).png().toBuffer();
  // IHDR data starts at byte 16 (8 signature, 4 length, 4 type); its CRC covers type + data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

describe("photo processing", () => {
  it("strips EXIF and GPS, turns the photo upright, and stores every width as WebP and JPEG", async () => {
    const original = await cameraJpeg(2000, 1200);
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const photo = await storePhoto(media, original);
    // Orientation 6 (rotated 90°): stored upright, so 1200 wide and 2000 high, capped at 1600 wide.
    expect(photo.widths).toEqual([320, 640, 1024, 1200]);
    expect(photo).toMatchObject({ width: 1200, height: 2000 });
    expect(await readManifest(media, photo.key)).toEqual({ width: 1200, height: 2000, widths: [320, 640, 1024, 1200] });
    for (const w of photo.widths) {
      for (const format of ["webp", "jpg"] as const) {
        const file = await media.get(photo.key, `${w}.${format}`);
        expect(file, `${w}.${format}`).not.toBeNull();
        const meta = await sharp(file!).metadata();
        expect(meta.width).toBe(w);
        expect(meta.format).toBe(format === "jpg" ? "jpeg" : "webp");
        expect(meta.exif, `EXIF in ${w}.${format}`).toBeUndefined();
        expect(meta.orientation ?? 1).toBe(1);
        expect(file!.includes("SecretCam")).toBe(false);
      }
    }
  });

  it("never enlarges a small photo", async () => {
    const small = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#08f" } }).png().toBuffer();
    const photo = await storePhoto(media, small);
    expect(photo).toMatchObject({ width: 200, height: 100, widths: [200] });
  });

  it("drops what is appended to an image (a polyglot JPEG carrying HTML and a ZIP)", async () => {
    const jpeg = await cameraJpeg(400, 300);
    const payload = Buffer.from('<html><script>alert("x")</script></html>PK\u0003\u0004payload');
    const photo = await storePhoto(media, Buffer.concat([jpeg, payload]));
    for (const w of photo.widths) {
      const file = (await media.get(photo.key, `${w}.jpg`))!;
      expect(file.includes("<script>")).toBe(false);
      expect(file.includes("payload")).toBe(false);
    }
  });

  it.each([
    ["an empty file", Buffer.alloc(0), /empty/],
    ["text named .jpg", Buffer.from("this is not a photo at all, only text"), /not an image/],
    ["an SVG (scripts)", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), /SVG files are not accepted/],
    ["an SVG without a size, after an XML prolog", Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), /SVG files are not accepted/],
    ["a truncated JPEG", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), /not an image|could not be read/],
  ])("refuses %s", async (_name, data, message) => {
    await expect(storePhoto(media, data)).rejects.toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringMatching(message) });
  });

  it("refuses a decompression bomb from its header, before decoding it", async () => {
    const bomb = await bombPng(60_000, 60_000);
    expect(bomb.length).toBeLessThan(200);
    const started = performance.now();
    await expect(storePhoto(media, bomb)).rejects.toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringMatching(/too large \(60000×60000\)/) });
    expect(performance.now() - started).toBeLessThan(1_000);
    // Within each side's limit but too many pixels in all.
    await expect(storePhoto(media, await bombPng(11_000, 11_000))).rejects.toMatchObject({ message: expect.stringMatching(/megapixels/) });
  });

  it("refuses a file over the size limit without reading it as an image", async () => {
    await expect(storePhoto(media, Buffer.alloc(PHOTO_LIMITS.maxBytes + 1))).rejects.toMatchObject({ message: expect.stringMatching(/larger than 15 MB/) });
  });

  it("keeps every stored name inside its folder", async () => {
    expect(await media.get("../../etc", "passwd")).toBeNull();
    await expect(media.put("0".repeat(32), "../x.jpg", Buffer.from("x"))).rejects.toThrow(/bad media name/);
  });
});
