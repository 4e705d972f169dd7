import { getServices } from "@/server/services";
import { cachedResponse } from "../../../_lib/http-cache";
import { jsonError } from "../../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/stories/:slug — the story with its published cards in order (drafts never appear),
 * from the story's public snapshot, cacheable (app/_lib/http-cache.ts).
 */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const reads = getServices().public;
  const entry = await reads.story(slug);
  if (!entry) return jsonError(404, "NOT_FOUND", `No story with slug "${slug.slice(0, 120)}"`);
  const page = reads.rendered(entry, "story", () => JSON.stringify({ story: { ...entry.story, cards: entry.value.cards } }));
  return cachedResponse(req, { ...page, lastModified: entry.builtAt, contentType: "application/json; charset=utf-8" });
}
