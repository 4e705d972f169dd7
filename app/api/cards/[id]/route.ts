import { publicCard } from "@/server/domain/public-cards";
import { getServices } from "@/server/registry";
import { json, jsonError } from "../../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/cards/:id — a published card as readers see it (its latest published revision).
 * Drafts, cards in review, unpublished and deleted cards are all "not found".
 */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const card = id.length <= 64 ? await publicCard(getServices().store, id) : null;
  return card ? json({ card }) : jsonError(404, "NOT_FOUND", `No published card with id "${id.slice(0, 64)}"`);
}
