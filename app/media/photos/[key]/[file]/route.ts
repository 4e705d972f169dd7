import { getServices } from "@/server/services";

export const dynamic = "force-dynamic";

const TYPES: Record<string, string> = { webp: "image/webp", jpg: "image/jpeg" };

/**
 * GET /media/photos/:key/:width.:format — one stored size of a photo. A stored file never changes
 * (a new upload gets a new key), so it is cached for a year, immutable, by browsers and CDNs.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ key: string; file: string }> }) {
  const { key, file } = await params;
  const type = TYPES[file.split(".").pop() ?? ""];
  const data = type ? await getServices().photos.read(key, file) : null;
  if (!data) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  return new Response(new Uint8Array(data), {
    headers: {
      "Content-Type": type!,
      "Content-Length": String(data.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
