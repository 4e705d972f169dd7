/**
 * The desk's view of its readers right now: how many are on the live page, on each embedded card,
 * and on which partner sites (the embedding page's origin), across every server process. Counts
 * only: no reader is identified, nothing is stored. Imports nothing, so the embed frame and the
 * live page may import the constants. See docs/protocol.md ("Audience").
 */

/** What `story:audience` carries to the story's desk every few seconds (when it changed). */
export interface AudienceReport {
  storyId: string;
  /** Readers of the live page (/live/:slug). */
  live: number;
  /** Embed frames of the story's cards, in all. */
  embeds: number;
  /** Embeds per card, most read first. */
  cards: { cardId: string; readers: number }[];
  /** Embeds per partner site (origin), most read first; at most AUDIENCE_SITES_MAX. */
  sites: { origin: string; readers: number }[];
}

export const AUDIENCE_SITES_MAX = 20;

/**
 * A partner site as an embed frame reports it: its page's origin ("https://news.example"), nothing
 * more (no path, no query: they could identify a reader). Anything else is not counted by site.
 */
export function siteOrigin(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 200) return null;
  const match = /^(https?):\/\/([a-z0-9.-]+)(:\d{1,5})?$/i.exec(value);
  return match ? `${match[1].toLowerCase()}://${match[2].toLowerCase()}${match[3] ?? ""}` : null;
}
