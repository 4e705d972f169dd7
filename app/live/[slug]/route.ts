/**
 * GET /live/:slug — the public live page: server-rendered HTML from the story's public snapshot
 * (built once per change, server/public/snapshots.ts), plus one small script that keeps it live
 * (components/live/html.ts). Cacheable by a CDN for a few seconds (app/_lib/http-cache.ts): the
 * script corrects a stale copy over its socket at once.
 */
import { livePageHtml } from "@/components/live/html";
import { getServices } from "@/server/services";
import { cachedResponse } from "../../_lib/http-cache";
import { notFoundPage } from "../../_lib/not-found-page";
import { originOf } from "../../_lib/origin";
import { liveBlogPosting } from "./structured-data";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  const reads = getServices().public;
  const entry = await reads.story((await params).slug);
  if (!entry) return notFoundPage();
  // Absolute URLs in the structured data name the address the reader used: one copy per origin.
  const origin = originOf(req.headers);
  const page = reads.rendered(entry, `html:${origin}`, () => livePageHtml(entry.value, liveBlogPosting(entry.value, origin)));
  return cachedResponse(req, { ...page, lastModified: entry.builtAt, contentType: "text/html; charset=utf-8" });
}
