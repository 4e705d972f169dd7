/**
 * A published card's public page (/cards/:id) as one HTML document: its latest published
 * revision, with corrections, in the same light shell as the live page. It needs no script at all:
 * the page is a snapshot a CDN may hold for a few seconds; the live page and the embeds are what
 * update live.
 */
import { formatDateTime } from "@/lib/format/time";
import type { PublicCard } from "@/lib/protocol/embed";
import { esc } from "./parts";
import { pageShell } from "./shell";

export interface CardPageView {
  card: PublicCard;
  story: { slug: string; headline: string; timeZones?: string[] };
}

/** `oembed` is the absolute oEmbed URL for discovery (lib/protocol/embed.ts oembedUrl). */
export function cardPageHtml({ card, story }: CardPageView, oembed: string): string {
  // Times in the story's own (first) zone, as on its live page and in its embeds.
  const zone = story.timeZones?.[0] ?? "UTC";
  const when = (iso: string) => `<time datetime="${esc(iso)}">${esc(formatDateTime(iso, zone))}</time>`;
  const updated = card.updatedAt !== card.firstPublishedAt ? ` · updated ${when(card.updatedAt)}` : "";
  const corrections = card.corrections.length
    ? `<aside class="cd-corrections" aria-label="Corrections">${card.corrections
        .map((c) => `<p><strong>Correction</strong> (${when(c.at)}): ${esc(c.note)}</p>`)
        .join("")}</aside>`
    : "";
  const head = `<meta name="description" content="${esc(card.summary)}">
<link rel="alternate" type="application/json+oembed" href="${esc(oembed)}" title="${esc(card.title)}">`;
  const main = `<article class="cd" data-testid="public-card">
<p class="cd-story"><a href="/live/${esc(encodeURIComponent(story.slug))}">${esc(story.headline)}</a></p>
<h1>${esc(card.title)}</h1>
${card.summary ? `<p class="cd-summary">${esc(card.summary)}</p>` : ""}
<p class="cd-meta">Published ${when(card.firstPublishedAt)}${updated}</p>
<div class="cd-body">${card.bodyHtml}</div>
${corrections}
</article>`;
  return pageShell({ title: `${card.title} · Newsdesk`, head, main });
}
