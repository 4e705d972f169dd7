/**
 * The pieces of the public live page as HTML strings, written once for both sides: the server
 * renders the whole page with them (components/live/html.ts) and the reader's script
 * (components/live/page.ts) re-renders the same pieces when the desk pushes a change, so a first
 * paint and a live update can never look different. Browser-safe and dependency-free (the page's
 * script budget has no room for React or zod): only lib/format/time and lib/protocol/embed.
 *
 * Plain-text fields are escaped here; `bodyHtml` is inserted as is because the server sanitised
 * it when the update was posted (server/domain/sanitize.ts).
 */
import { formatClock, formatDateTime, formatRelative } from "@/lib/format/time";
import { publicCardPath, type PublicCard } from "@/lib/protocol/embed";
import type { LiveSnapshot, LiveUpdate } from "@/lib/protocol/feed";
import { escapeHtml as esc } from "@/lib/format/html";
import { embedHtml, photoHtml } from "./media-html";

/** Ids of the live page's elements the script fills in. */
export const LIVE_IDS = {
  headline: "live-headline",
  summary: "live-summary",
  coverage: "live-coverage",
  state: "live-state",
  newUpdates: "live-new",
  pinned: "live-pinned",
  keyEvents: "live-key-events",
  feed: "live-feed",
  cards: "live-cards",
  announcer: "live-announcer",
} as const;

export { esc };

/**
 * When an update was posted: "14:05 UTC", followed by "3 min ago" — written as of the render, so
 * the first paint has it and nothing moves when the reader's script keeps it current (a cached
 * page cannot; an empty span filled by the script shifted the byline: Lighthouse's CLS); the
 * exact time in each of the story's zones on hover and on keyboard focus (the page's CSS shows
 * `data-zones` on focus).
 */
function clock(iso: string, zones: readonly string[]): string {
  const exact = (zones.length ? zones : ["UTC"]).map((z) => `${formatDateTime(iso, z)} (${z.split("/").pop()!.replace(/_/g, " ")})`).join(" · ");
  return `<time datetime="${esc(iso)}" title="${esc(exact)}" data-zones="${esc(exact)}" tabindex="0">${esc(formatClock(iso, "UTC", { seconds: false }))}</time><span class="lv-ago" data-ago="${esc(iso)}">${esc(` · ${formatRelative(iso)}`)}</span>`;
}

/** The first line of an update, for key events, Atom titles and structured data. */
export const headlineOf = (u: Pick<LiveUpdate, "bodyText" | "headline">, max = 120) => u.headline || u.bodyText.split("\n")[0].slice(0, max);

/** "Ana Ruiz and Luis Gómez", "A, B and C". */
function byline(u: Pick<LiveUpdate, "authorName" | "coAuthors">): string {
  const names = [u.authorName, ...u.coAuthors];
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The card a post is about, linked to its public page (published cards only: others are never named). */
function aboutHtml(cardId: string | null, cards: readonly PublicCard[]): string {
  const card = cardId ? cards.find((c) => c.id === cardId) : undefined;
  return card ? `<p class="lv-about" data-testid="update-card">About: <a href="${esc(publicCardPath(card.id))}">${esc(card.title)}</a></p>` : "";
}

/** One update as readers see it. `fresh` plays the slide-in once; `cards` names the card it is about. */
export function updateHtml(
  u: LiveUpdate,
  { pinned = false, fresh = false, cards = [] as readonly PublicCard[], zones = [] as readonly string[] } = {},
): string {
  const classes = ["lv-update", pinned ? "lv-pinned" : "", fresh ? "lv-fresh" : ""].filter(Boolean).join(" ");
  const correction = u.correctedAt
    ? `<p class="lv-correction" data-testid="correction">Corrected at ${esc(formatClock(u.correctedAt, "UTC", { seconds: false }))}${u.correctionNote ? `: ${esc(u.correctionNote)}` : ""}</p>`
    : "";
  return `<article${pinned ? "" : ` id="update-${u.id}"`} class="${classes}" data-testid="${pinned ? "pinned-update" : "live-update"}" data-update-id="${u.id}" data-version="${u.version}">
<header class="lv-meta">${pinned ? '<span class="lv-pin">Pinned</span>' : ""}${u.keyEvent ? '<span class="lv-key">Key point</span>' : ""}${clock(u.publishedAt, zones)}<span class="lv-byline" data-testid="byline">${esc(byline(u))}</span></header>
${u.headline ? `<h2 class="lv-update-title">${esc(u.headline)}</h2>` : ""}${aboutHtml(u.cardId, cards)}<div class="lv-body">${u.bodyHtml}</div>${u.photo ? photoHtml(u.photo) : ""}${u.embedUrl ? embedHtml(u.embedUrl) : ""}${correction}
</article>`;
}

export function keyEventsHtml(keyEvents: readonly LiveUpdate[]): string {
  if (keyEvents.length === 0) return "";
  const items = keyEvents.map((k) => `<li><a href="#update-${k.id}">${esc(headlineOf(k))}</a></li>`).join("");
  return `<h2 id="key-events-title" class="lv-h2">Key points</h2><ol data-testid="key-events">${items}</ol>`;
}

export function cardsHtml(cards: readonly PublicCard[]): string {
  if (cards.length === 0) return "";
  const items = cards
    .map((c) => {
      const corrected = c.corrections.at(-1);
      return `<li><h3><a href="${esc(publicCardPath(c.id))}">${esc(c.title)}</a></h3><p>${esc(c.summary)}</p>${
        corrected ? `<p class="lv-corrected">Corrected: ${esc(corrected.note)}</p>` : ""
      }</li>`;
    })
    .join("");
  return `<h2 id="topics-title" class="lv-h2 lv-topics">The story so far</h2><ul data-testid="public-cards">${items}</ul>`;
}

/** A moment in each of the story's zones ("4 Dec 2026, 20:50 (Bogota) · 5 Dec 2026, 01:50 UTC"). */
function inZones(iso: string, zones: readonly string[]): string {
  const list = zones.length ? zones : ["UTC"];
  return `<span data-testid="local-times">${list.map((z) => `<time datetime="${esc(iso)}">${esc(formatDateTime(iso, z))}</time>`).join(" · ")}</span>`;
}

export function coverageHtml(story: LiveSnapshot["story"]): string {
  if (!story.coverageStart) return "";
  const end = story.coverageEnd ? ` to ${inZones(story.coverageEnd, story.timeZones)}` : "";
  return `Coverage from ${inZones(story.coverageStart, story.timeZones)}${end}`;
}

/** Ended when its end is past; a few minutes of slack for a reader's clock that runs behind the server's. */
const CLOCK_SLACK_MS = 5 * 60_000;
export const hasEnded = (end: string | null, now = Date.now()) => end !== null && Date.parse(end) <= now + CLOCK_SLACK_MS;

/** The line under the header: live, reconnecting, following by polling, or ended. */
export function stateHtml(mode: "live" | "connecting" | "polling", ended: boolean): string {
  if (ended) return '<span class="lv-ended" data-testid="coverage-ended">Live coverage has ended.</span>';
  // Polling is still live for the reader: new posts keep coming, a few seconds later.
  const dot = mode === "connecting" ? "lv-dot" : "lv-dot lv-on";
  return `<span class="${dot}" aria-hidden="true"></span><span class="lv-label">${mode === "connecting" ? "Connecting…" : "Live"}</span>`;
}

export const newUpdatesText = (n: number) => (n === 1 ? "1 new update ↑" : `${n} new updates ↑`);
