import { getCard } from "@/server/domain/stories";
import { getServices } from "@/server/registry";
import { json, jsonError } from "../../_lib/respond";

export const dynamic = "force-dynamic";

/** GET /api/cards/:id — one card (deleted cards are gone from the API). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const card = await getCard(getServices().store, id);
  return card ? json({ card }) : jsonError(404, "NOT_FOUND", `No card with id "${id.slice(0, 64)}"`);
}
