import { PHOTO_LIMITS, photoPath } from "@/lib/protocol/photos";
import { getServices } from "@/server/services";
import { requireApiSession } from "../_lib/auth";
import { errorResponse, json, jsonError } from "../_lib/respond";

export const dynamic = "force-dynamic";

/** Reads at most `max` bytes of the body; null when it is longer. */
async function readCapped(req: Request, max: number): Promise<Buffer | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /api/photos — the file itself as the body (any image type; its content decides, not its
 * name or Content-Type). Answers the photo's key and size, which a post then attaches with its alt
 * text (`feed:post` with `photo`). Desk users who may post only; CSRF-checked.
 */
export async function POST(req: Request) {
  const session = await requireApiSession(req, { csrf: true, action: "feed:post" });
  if (session instanceof Response) return session;
  const tooLarge = `The photo is larger than ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB`;
  if (Number(req.headers.get("content-length") ?? 0) > PHOTO_LIMITS.maxBytes) return jsonError(413, "VALIDATION_FAILED", tooLarge);
  const data = await readCapped(req, PHOTO_LIMITS.maxBytes);
  if (!data) return jsonError(413, "VALIDATION_FAILED", tooLarge);
  try {
    const photo = await getServices().photos.store(data);
    return json({ ...photo, preview: photoPath(photo.key, photo.widths[0], "jpg") }, 201);
  } catch (err) {
    return errorResponse(err);
  }
}
