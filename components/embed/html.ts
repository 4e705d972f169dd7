/**
 * The embed page as one small HTML document, rendered by the route handler
 * (app/embed/cards/[id]/route.ts). Not a React page: React's runtime alone would be several times
 * the embed's JavaScript budget. The only script is /embed/frame.js (components/embed/frame.ts),
 * which fills the same `data-part` elements in place when the card changes.
 *
 * Plain-text fields are escaped here; `bodyHtml` is inserted as is because the server sanitised it
 * when the revision was published (server/domain/sanitize.ts).
 */
import { escapeHtml } from "@/lib/format/html";
import { publicCardPath, type PublicCard, type PublicCorrection } from "@/lib/protocol/embed";
import { formatWhen, GONE_TEXT, MISSING_TEXT, PART, type EmbedState } from "./parts";

/** What the route found for the requested id. */
export type EmbedView =
  | { state: "published"; card: PublicCard; story: { slug: string; headline: string; timeZones?: string[] } }
  | { state: "withdrawn"; cardId: string }
  | { state: "missing"; cardId: string };


const time = (iso: string, zone: string) => `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatWhen(iso, zone))}</time>`;

function correctionItem(c: PublicCorrection, zone: string): string {
  return `<li><p><strong>Correction:</strong> <span>${escapeHtml(c.note)}</span></p>${time(c.at, zone)}</li>`;
}

function page(opts: { title: string; cardId: string; state: EmbedState; revision?: number; canonical?: string; zone?: string; main: string }): string {
  const revision = opts.revision === undefined ? "" : ` data-revision="${opts.revision}"`;
  const zone = opts.zone ? ` data-zone="${escapeHtml(opts.zone)}"` : "";
  const canonical = opts.canonical ? `\n<link rel="canonical" href="${escapeHtml(opts.canonical)}">` : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(opts.title)}</title>${canonical}
<link rel="stylesheet" href="/embed/frame.css">
<script src="/embed/frame.js" defer></script>
</head>
<body>
<main class="nd" data-card-id="${escapeHtml(opts.cardId)}" data-state="${opts.state}"${revision}${zone}>
${opts.main}
</main>
</body>
</html>
`;
}

/** The whole embed document for a card that is published, withdrawn or unknown. */
export function embedHtml(view: EmbedView): string {
  if (view.state !== "published") {
    const text = view.state === "withdrawn" ? GONE_TEXT : MISSING_TEXT;
    // Nothing about the card: no title, no link, nothing a guessed id could reveal.
    return page({
      title: "Newsdesk",
      cardId: view.cardId,
      state: view.state,
      main: `<p class="nd-gone" data-part="${PART.gone}">${text}</p>`,
    });
  }
  const { card, story } = view;
  const link = publicCardPath(card.id);
  // Times in the story's own (first) time zone, as on its live page.
  const zone = story.timeZones?.[0] ?? "UTC";
  const corrections = card.corrections.map((c) => correctionItem(c, zone)).join("");
  return page({
    title: `${card.title} · Newsdesk`,
    cardId: card.id,
    state: "published",
    revision: card.revision,
    canonical: link,
    zone,
    main: `<article class="nd-card" data-part="${PART.card}">
<p class="nd-story" data-part="${PART.story}">${escapeHtml(story.headline)}</p>
<h1 class="nd-title" data-part="${PART.title}">${escapeHtml(card.title)}</h1>
<p class="nd-summary" data-part="${PART.summary}"${card.summary ? "" : " hidden"}>${escapeHtml(card.summary)}</p>
<div class="nd-body" data-part="${PART.body}">${card.bodyHtml}</div>
<ul class="nd-corrections" data-part="${PART.corrections}"${corrections ? "" : " hidden"}>${corrections}</ul>
</article>
<p class="nd-gone" data-part="${PART.gone}" hidden>${GONE_TEXT}</p>
<footer class="nd-foot" data-part="${PART.foot}"><span>Updated <time data-part="${PART.updated}" datetime="${escapeHtml(card.updatedAt)}">${escapeHtml(formatWhen(card.updatedAt, zone))}</time></span> <a href="${escapeHtml(link)}" target="_blank" rel="noopener">via Newsdesk</a></footer>`,
  });
}
