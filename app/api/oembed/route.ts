import { estimateEmbedHeight } from "@/components/embed/estimate-height";
import { oembedHtml } from "@/lib/protocol/embed";
import { etagOf, getServices } from "@/server/services";
import { cachedResponse } from "../../_lib/http-cache";
import { originOf, publisherName } from "../../_lib/origin";
import { jsonError } from "../_lib/respond";

export const dynamic = "force-dynamic";

/** Widest embed we offer; consumers may ask for less with maxwidth (the frame is fluid anyway). */
const WIDTH = 640;
/** How long consumers may cache an answer (seconds); the embed itself updates live anyway. */
const CACHE_AGE = 300;

/** `/cards/:id` or `/embed/cards/:id` on this site → the id; anything else → null. */
function cardIdOf(url: string, origin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.host !== new URL(origin).host || !/^https?:$/.test(parsed.protocol)) return null;
  const match = /^\/(?:embed\/)?cards\/([^/]{1,64})\/?$/.exec(parsed.pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

function dimension(value: string | null): number | null | "bad" {
  if (value === null || value === "") return null;
  if (!/^[1-9]\d{0,4}$/.test(value)) return "bad"; // 1–99999 px
  return Number(value);
}

/**
 * GET /api/oembed?url=…&format=json&maxwidth=&maxheight= — oEmbed 1.0 for published cards: a
 * `rich` answer whose html is the iframe embed. 404 for unknown or unpublished cards (drafts are
 * never revealed), 501 for formats other than JSON, 400 for a malformed request.
 */
export async function GET(req: Request) {
  const params = new URL(req.url).searchParams;
  const format = params.get("format") ?? "json";
  if (format !== "json") {
    return Response.json(
      { error: { code: "NOT_IMPLEMENTED", message: `Format "${format.slice(0, 20)}" is not served; use format=json` } },
      { status: 501 },
    );
  }
  const url = params.get("url");
  if (!url) return jsonError(400, "VALIDATION_FAILED", "url: the URL of a card is required");
  const maxwidth = dimension(params.get("maxwidth"));
  const maxheight = dimension(params.get("maxheight"));
  if (maxwidth === "bad" || maxheight === "bad") {
    return jsonError(400, "VALIDATION_FAILED", "maxwidth and maxheight must be whole numbers of pixels");
  }
  const origin = originOf(req.headers);
  const cardId = cardIdOf(url, origin);
  const entry = cardId ? await getServices().public.card(cardId) : null;
  const view = entry?.value;
  if (!entry || view?.state !== "published") return jsonError(404, "NOT_FOUND", "No published card at this URL");

  const { card, story } = view;
  // The answer never exceeds what the consumer allows (oEmbed 1.0, section 2.2). The height is
  // laid out from what the frame renders (corrections, header and footer included); where the
  // consumer keeps the html's script, the frame then sizes itself exactly and keeps doing so.
  const width = Math.min(WIDTH, maxwidth ?? WIDTH);
  const needed = estimateEmbedHeight({ storyHeadline: story.headline, ...card }, width);
  const height = Math.min(maxheight ?? Infinity, needed);
  const body = JSON.stringify({
      version: "1.0",
      type: "rich",
      title: card.title,
      provider_name: publisherName(),
      provider_url: `${origin}/`,
      cache_age: CACHE_AGE,
      html: oembedHtml(origin, card.id, card.title, height, width),
      width,
      height,
    });
  // Consumers may keep it CACHE_AGE seconds (cache_age above); a CDN revalidates as for the pages.
  return cachedResponse(req, {
    body,
    etag: etagOf(body),
    lastModified: entry.builtAt,
    contentType: "application/json; charset=utf-8",
    headers: { "Cache-Control": `public, max-age=${CACHE_AGE}, s-maxage=5, stale-while-revalidate=30` },
  });
}
