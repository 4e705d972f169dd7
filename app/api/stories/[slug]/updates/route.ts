import { z } from "zod";
import { feedPage } from "@/server/domain/feed";
import { getServices } from "@/server/registry";
import { json, jsonError } from "../../../_lib/respond";

export const dynamic = "force-dynamic";

const cursor = z.coerce.number().int().min(1).max(2 ** 31 - 1);
const ZQuery = z
  .object({ before: cursor.optional(), after: cursor.optional(), limit: z.coerce.number().int().min(1).max(100).optional() })
  .refine((q) => q.before === undefined || q.after === undefined, "Use either before or after, not both");

/**
 * GET /api/stories/:slug/updates?before=ID|after=ID&limit=N — the live feed, newest first.
 * `nextBefore` pages to older updates; `after` returns the (oldest `limit`) updates newer than an
 * id, and `nextAfter` continues forward from them. Each is null on the last page.
 */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const query = ZQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return jsonError(400, "VALIDATION_FAILED", query.error.issues[0]?.message ?? "Invalid query");
  const { store } = getServices();
  const story = await store.findStoryBySlug(slug);
  if (!story) return jsonError(404, "NOT_FOUND", `No story with slug "${slug.slice(0, 120)}"`);
  const page = await feedPage(store, story.id, query.data);
  // The cursor of the next page in the direction asked: older (before) or newer (after).
  const forward = query.data.after !== undefined;
  const edge = forward ? page.updates[0]?.id : page.updates.at(-1)?.id;
  const next = page.hasMore && edge ? edge : null;
  return json({ ...page, nextBefore: forward ? null : next, nextAfter: forward ? next : null });
}
