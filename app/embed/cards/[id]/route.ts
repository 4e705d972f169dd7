/**
 * GET /embed/cards/:id — the page inside a card's embed iframe: the card's latest published
 * revision as a small HTML document (components/embed/html.ts) plus /embed/frame.js, which keeps
 * it live and tells the host page its height. A withdrawn card answers 410, an unknown or
 * never-published id 404; neither says anything about the card. Drafts never reach this page:
 * publicCardView only ever returns published revisions.
 *
 * The framing and CSP headers of /embed/* come from next.config.js; only the type and caching
 * are set here. Read from the card's public snapshot and cacheable for a few seconds
 * (app/_lib/http-cache.ts): a frame served from a stale copy asks for the card over its socket at
 * once and shows "no longer available" if it was withdrawn meanwhile.
 */
import { ZId } from "@/lib/protocol/schemas";
import { embedHtml, type EmbedView } from "@/components/embed/html";
import { getServices } from "@/server/services";
import { cachedResponse } from "../../../_lib/http-cache";

export const dynamic = "force-dynamic";

const STATUS: Record<EmbedView["state"], number> = { published: 200, withdrawn: 410, missing: 404 };

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Ids are bounded (ZId); anything else is answered without touching the store.
  const parsed = ZId.safeParse(id);
  const reads = getServices().public;
  const entry = parsed.success ? await reads.card(parsed.data) : null;
  // Unknown or never published: not cached, so a card published a moment later is there at once.
  if (!entry) {
    const view: EmbedView = { state: "missing", cardId: parsed.success ? parsed.data : "" };
    return new Response(embedHtml(view), { status: 404, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
  }
  const page = reads.rendered(entry, "embed", () => embedHtml(entry.value));
  return cachedResponse(req, { ...page, status: STATUS[entry.value.state], lastModified: entry.builtAt, contentType: "text/html; charset=utf-8" });
}
