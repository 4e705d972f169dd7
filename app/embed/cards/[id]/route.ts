/**
 * GET /embed/cards/:id — the page inside a card's embed iframe: the card's latest published
 * revision as a small HTML document (components/embed/html.ts) plus /embed/frame.js, which keeps
 * it live and tells the host page its height. A withdrawn card answers 410, an unknown or
 * never-published id 404; neither says anything about the card. Drafts never reach this page:
 * publicCardView only ever returns published revisions.
 *
 * The framing and CSP headers of /embed/* come from next.config.js; only the type and caching
 * are set here. No caching: the frame updates itself live, and a cached copy would show a card
 * after it was withdrawn.
 */
import { ZId } from "@/lib/protocol/schemas";
import { embedHtml, type EmbedView } from "@/components/embed/html";
import { publicCardView } from "@/server/domain/public-cards";
import { getServices } from "@/server/registry";

export const dynamic = "force-dynamic";

const STATUS: Record<EmbedView["state"], number> = { published: 200, withdrawn: 410, missing: 404 };

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // Ids are bounded (ZId); anything else is answered without touching the store.
  const parsed = ZId.safeParse(id);
  const found = parsed.success ? await publicCardView(getServices().store, parsed.data) : null;
  const view: EmbedView = found ?? { state: "missing", cardId: parsed.success ? parsed.data : "" };
  return new Response(embedHtml(view), {
    status: STATUS[view.state],
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
