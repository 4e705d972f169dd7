/**
 * The public live page (/live/:slug) as one HTML document, rendered by its route handler from the
 * story's public snapshot. Not a React page: a reader on a phone gets the posts as HTML, one
 * stylesheet and one small deferred script (/live/page.js, components/live/page.ts) that keeps
 * them live — the same build as the embed frame. The script takes over from the first `live:join`
 * answer; until then the page is complete as served (and stays so without JavaScript).
 */
import type { LiveSnapshot } from "@/lib/protocol/feed";
import { cardsHtml, coverageHtml, esc, hasEnded, keyEventsHtml, LIVE_IDS, stateHtml, updateHtml } from "./parts";
import { pageShell } from "./shell";

/** Serialises JSON for a script element: "<" escaped so no text can close it. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** The whole live page. `jsonLd` is the LiveBlogPosting (app/live/[slug]/structured-data.ts). */
export function livePageHtml(snapshot: LiveSnapshot, jsonLd: unknown): string {
  const { story } = snapshot;
  const ended = hasEnded(story.coverageEnd);
  const coverage = coverageHtml(story);
  const head = `<meta name="description" content="${esc(story.summary)}">
<link rel="alternate" type="application/atom+xml" href="/live/${esc(story.slug)}/atom.xml" title="${esc(story.headline)}">
<script type="application/ld+json">${scriptJson(jsonLd)}</script>`;
  const main = `<article class="lv" data-slug="${esc(story.slug)}"${story.coverageEnd ? ` data-end="${esc(story.coverageEnd)}"` : ""}>
<header class="lv-head">
<h1 id="${LIVE_IDS.headline}">${esc(story.headline)}</h1>
<p id="${LIVE_IDS.summary}" class="lv-summary">${esc(story.summary)}</p>
<p id="${LIVE_IDS.coverage}" class="lv-coverage" data-testid="coverage-window"${coverage ? "" : " hidden"}>${coverage}</p>
</header>
<p id="${LIVE_IDS.state}" class="lv-state" data-testid="live-state">${stateHtml("connecting", ended)}</p>
<p id="${LIVE_IDS.announcer}" class="sr-only" role="status" aria-live="polite" aria-atomic="true"></p>
<div id="${LIVE_IDS.newUpdates}"></div>
<div id="${LIVE_IDS.pinned}">${snapshot.pinned ? updateHtml(snapshot.pinned, { pinned: true, cards: snapshot.cards, zones: story.timeZones }) : ""}</div>
<section id="${LIVE_IDS.keyEvents}" class="lv-keys" aria-labelledby="key-events-title"${snapshot.keyEvents.length ? "" : " hidden"}>${keyEventsHtml(snapshot.keyEvents)}</section>
<section id="${LIVE_IDS.feed}" class="lv-feed" aria-label="Live updates" data-testid="live-feed">
${snapshot.updates.length ? snapshot.updates.map((u) => updateHtml(u, { cards: snapshot.cards, zones: story.timeZones })).join("\n") : '<p class="lv-empty">No updates yet.</p>'}
</section>
<section id="${LIVE_IDS.cards}" class="lv-cards" aria-labelledby="topics-title"${snapshot.cards.length ? "" : " hidden"}>${cardsHtml(snapshot.cards)}</section>
</article>`;
  return pageShell({ title: `Live: ${story.headline} · Newsdesk`, head, script: "/live/page.js", main });
}
