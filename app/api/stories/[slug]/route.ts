import { publicStory } from "@/server/domain/public-cards";
import { getServices } from "@/server/registry";
import { json, jsonError } from "../../_lib/respond";

export const dynamic = "force-dynamic";

/** GET /api/stories/:slug — the story with its published cards in order (drafts never appear). */
export async function GET(_req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const story = await publicStory(getServices().store, slug);
  return story ? json({ story }) : jsonError(404, "NOT_FOUND", `No story with slug "${slug.slice(0, 120)}"`);
}
