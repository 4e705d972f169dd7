import { getServices } from "@/server/services";
import { cachedResponse } from "../../../_lib/http-cache";
import { jsonError } from "../../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/cards/:id — a published card as readers see it (its latest published revision), from
 * its public snapshot, cacheable (app/_lib/http-cache.ts). Drafts, cards in review, unpublished
 * and deleted cards are all "not found".
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const reads = getServices().public;
  const entry = id.length <= 64 ? await reads.card(id) : null;
  const view = entry?.value;
  if (!entry || view?.state !== "published") return jsonError(404, "NOT_FOUND", `No published card with id "${id.slice(0, 64)}"`);
  const page = reads.rendered(entry, "json", () => JSON.stringify({ card: view.card }));
  return cachedResponse(req, { ...page, lastModified: entry.builtAt, contentType: "application/json; charset=utf-8" });
}
