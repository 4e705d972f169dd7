/**
 * GET /cards/:id — a published card's public page from its public snapshot
 * (server/public/snapshots.ts), rendered once per change and origin, cacheable by a CDN
 * (app/_lib/http-cache.ts). Unknown, never-published, unpublished and deleted cards are all a 404
 * that says nothing about the card.
 */
import { cardPageHtml } from "@/components/live/card-html";
import { oembedUrl } from "@/lib/protocol/embed";
import { ZId } from "@/lib/protocol/schemas";
import { getServices } from "@/server/services";
import { cachedResponse } from "../../_lib/http-cache";
import { notFoundPage } from "../../_lib/not-found-page";
import { originOf } from "../../_lib/origin";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = ZId.safeParse((await params).id);
  const reads = getServices().public;
  const entry = parsed.success ? await reads.card(parsed.data) : null;
  const view = entry?.value;
  if (!entry || view?.state !== "published") return notFoundPage("This card does not exist or is not public.");
  const origin = originOf(req.headers);
  const page = reads.rendered(entry, `html:${origin}`, () => cardPageHtml(view, oembedUrl(origin, view.card.id)));
  return cachedResponse(req, { ...page, lastModified: entry.builtAt, contentType: "text/html; charset=utf-8" });
}
