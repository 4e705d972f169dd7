import { z } from "zod";
import { etagOf, getServices } from "@/server/services";
import { cachedResponse } from "../../../../_lib/http-cache";
import { jsonError } from "../../../_lib/respond";

export const dynamic = "force-dynamic";

const cursor = z.coerce.number().int().min(1).max(2 ** 31 - 1);
const ZQuery = z
  .object({ before: cursor.optional(), after: cursor.optional(), limit: z.coerce.number().int().min(1).max(100).optional() })
  .refine((q) => q.before === undefined || q.after === undefined, "Use either before or after, not both");

/**
 * GET /api/stories/:slug/updates?before=ID|after=ID&limit=N — the live feed, newest first.
 * `nextBefore` pages to older updates; `after` returns the (oldest `limit`) updates newer than an
 * id, and `nextAfter` continues forward from them. Each is null on the last page.
 *
 * The first page (no query) comes from the story's public snapshot, rendered once per change:
 * it is what live pages without a socket poll, with If-None-Match (app/_lib/http-cache.ts).
 */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const query = ZQuery.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) return jsonError(400, "VALIDATION_FAILED", query.error.issues[0]?.message ?? "Invalid query");
  const reads = getServices().public;
  const entry = await reads.story(slug);
  if (!entry) return jsonError(404, "NOT_FOUND", `No story with slug "${slug.slice(0, 120)}"`);
  const { before, after, limit } = query.data;
  const first = before === undefined && after === undefined && (limit === undefined || limit === entry.value.updates.length);
  const page = first
    ? reads.rendered(entry, "feed", () => {
        const { updates, pinnedUpdateId, hasMore } = entry.value;
        return JSON.stringify({ updates, pinnedUpdateId, hasMore, nextBefore: hasMore ? (updates.at(-1)?.id ?? null) : null, nextAfter: null });
      })
    : withEtag(JSON.stringify(await otherPage(entry.value.story.id, query.data)));
  return cachedResponse(req, { ...page, lastModified: entry.builtAt, contentType: "application/json; charset=utf-8" });
}

const withEtag = (body: string) => ({ body, etag: etagOf(body) });

/** Any other page: read from the store (older pages and forward cursors). */
async function otherPage(storyId: string, q: { before?: number; after?: number; limit?: number }) {
  const page = await getServices().feed.page(storyId, q);
  // The cursor of the next page in the direction asked: older (before) or newer (after).
  const forward = q.after !== undefined;
  const edge = forward ? page.updates[0]?.id : page.updates.at(-1)?.id;
  const next = page.hasMore && edge ? edge : null;
  return { ...page, nextBefore: forward ? null : next, nextAfter: forward ? next : null };
}
