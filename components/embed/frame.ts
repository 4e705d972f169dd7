/**
 * The script inside a card's embed frame (/embed/cards/:id), bundled by scripts/build-embed.mjs
 * into public/embed/frame.js. It keeps the server-rendered card live and tells the host page how
 * tall it is. Budget: EMBED_JS_BUDGET_BYTES gzipped together with the loader, so it imports only
 * constants and types from lib/protocol, and socket.io-client.
 *
 * - Watches the card on the read-only /live namespace, again after every reconnect (the ack
 *   carries the card as it is now, so nothing missed while offline stays missed).
 * - `live:card` re-renders in place; `live:cardWithdrawn` or a NOT_FOUND ack replaces the card
 *   with "no longer available" and removes its text from the page.
 * - Posts `{type: EMBED_SIZE_MESSAGE, cardId, height}` to the parent whenever the height changes.
 */
import { io, type Socket } from "socket.io-client";
import { EMBED_SIZE_MESSAGE, LIVE_NAMESPACE, type EmbedSizeMessage, type PublicCard, type PublicCorrection } from "@/lib/protocol/embed";
import { PROTOCOL_VERSION } from "@/lib/protocol/version";
import type { LiveClientEvents, LiveServerEvents } from "@/lib/protocol/feed";
import { formatWhen, PART } from "./parts";

function hostOrigin(): string | null {
  if (window.parent === window) return null;
  const ancestors = (location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0];
  try {
    return document.referrer ? new URL(document.referrer).origin : null;
  } catch {
    return null;
  }
}

const root = document.querySelector<HTMLElement>("main[data-card-id]");
if (root) start(root);

function start(root: HTMLElement): void {
  const cardId = root.dataset.cardId ?? "";
  const zone = root.dataset.zone ?? "UTC";
  const part = (name: string) => root.querySelector<HTMLElement>(`[data-part="${name}"]`);
  let revision = Number(root.dataset.revision ?? 0);
  let postedHeight = -1;

  /** Tells the host page (public/embed.js) the content height, once per change. */
  function postSize(): void {
    if (window.parent === window) return;
    // The root has no margins and the body none either (frame.css): its box is the content.
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === postedHeight) return;
    postedHeight = height;
    const message: EmbedSizeMessage = { type: EMBED_SIZE_MESSAGE, cardId, height };
    // Target "*": any site may embed this frame, and the frame cannot reliably learn which one
    // (the referrer can be stripped by the host's Referrer-Policy; ancestorOrigins is not in every
    // browser). The message holds only the public card id and a height, nothing to hide. The
    // receiving side is the one that must check, and does: origin and source (public/embed.js).
    window.parent.postMessage(message, "*");
  }

  /** Links in the body open outside the frame; a click must not navigate the embed itself. */
  function linksOut(container: HTMLElement): void {
    for (const a of Array.from(container.querySelectorAll("a[href]"))) {
      a.setAttribute("target", "_blank");
      a.setAttribute("rel", "noopener noreferrer nofollow");
    }
  }

  function setText(name: string, text: string, hideEmpty = false): void {
    const el = part(name);
    if (!el) return;
    el.textContent = text;
    if (hideEmpty) el.hidden = text === "";
  }

  function correction(c: PublicCorrection): HTMLLIElement {
    const li = document.createElement("li");
    const p = li.appendChild(document.createElement("p"));
    p.appendChild(document.createElement("strong")).textContent = "Correction:";
    p.append(" ");
    p.appendChild(document.createElement("span")).textContent = c.note;
    const when = li.appendChild(document.createElement("time"));
    when.dateTime = c.at;
    when.textContent = formatWhen(c.at, zone);
    return li;
  }

  function render(card: PublicCard): void {
    if (card.id !== cardId || card.revision < revision) return;
    // A frame first served as withdrawn (410) has no card elements: it stays as it is.
    const article = part(PART.card);
    if (!article) return;
    revision = card.revision;
    root.dataset.state = "published";
    root.dataset.revision = String(card.revision);
    document.title = `${card.title} · Newsdesk`;
    setText(PART.title, card.title);
    setText(PART.summary, card.summary, true);
    const body = part(PART.body);
    if (body) {
      // Sanitised by the server when the revision was published (server/domain/sanitize.ts).
      body.innerHTML = card.bodyHtml;
      linksOut(body);
    }
    const list = part(PART.corrections);
    if (list) {
      list.replaceChildren(...card.corrections.map(correction));
      list.hidden = card.corrections.length === 0;
    }
    const updated = part(PART.updated);
    if (updated instanceof HTMLTimeElement) {
      updated.dateTime = card.updatedAt;
      updated.textContent = formatWhen(card.updatedAt, zone);
    }
    article.hidden = false;
    const foot = part(PART.foot);
    if (foot) foot.hidden = false;
    const gone = part(PART.gone);
    if (gone) gone.hidden = true;
    postSize();
  }

  /** The card is no longer published: its text leaves the page, not just the screen. */
  function withdraw(): void {
    root.dataset.state = "withdrawn";
    document.title = "Newsdesk";
    const article = part(PART.card);
    if (article) {
      for (const name of [PART.title, PART.summary, PART.body, PART.corrections]) setText(name, "");
      article.hidden = true;
    }
    const foot = part(PART.foot);
    if (foot) foot.hidden = true;
    const gone = part(PART.gone);
    if (gone) gone.hidden = false;
    postSize();
  }

  linksOut(root);
  if (typeof ResizeObserver === "function") new ResizeObserver(postSize).observe(root);
  else window.addEventListener("resize", postSize);
  postSize();

  // Only a published card is worth a connection: a 404 or 410 frame stays as served.
  if (root.dataset.state !== "published") return;

  // Transports: WebSocket first, because this runs in a third-party iframe where the host page's
  // browser may block the cookies long-polling needs for sticky sessions behind a load balancer
  // (several Node processes behind Redis), and one upgrade round-trip less is faster for readers.
  // Polling stays as the fallback (`tryAllTransports`) for readers whose network blocks WebSocket:
  // a partner's readers sit behind every kind of proxy, and an embed that silently never updates
  // there would be worse than an extra request.
  const socket: Socket<LiveServerEvents, LiveClientEvents> = io(LIVE_NAMESPACE, {
    auth: { protocol: PROTOCOL_VERSION },
    transports: ["websocket", "polling"],
    tryAllTransports: true,
  });
  // The page that embeds us, by origin only, for the desk's count by partner site: counted, never
  // stored (lib/protocol/audience.ts). Unknown when the host's Referrer-Policy strips it.
  const site = hostOrigin();
  socket.on("connect", () => {
    socket.emit("live:watchCard", site ? { cardId, site } : { cardId }, (ack) => {
      if (ack.ok) render(ack.data);
      else if (ack.error.code === "NOT_FOUND") {
        // Not published any more, and the server did not subscribe us: nothing will follow.
        withdraw();
        socket.disconnect();
      }
      // Any other refusal (an older server, a hiccup): keep showing the card as served.
    });
  });
  socket.on("live:card", render);
  socket.on("live:cardWithdrawn", ({ id }) => {
    if (id === cardId) withdraw();
  });
}
