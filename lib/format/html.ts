/**
 * The one HTML escaper for text written into markup by hand (the live page and its script, the
 * embed page, the Atom feed, oEmbed snippets, links appended to posts). Browser-safe and
 * dependency-free, so the readers' scripts can carry it too.
 *
 * Card text rendered from Yjs (server/collab/render.ts) keeps its own named-entity escaping: its
 * output is stored as the cards' HTML and hashed to tell whether a published card has unpublished
 * changes (server/domain/dto.ts, publishedKeyOf), so other bytes for the same text could mark
 * published cards as changed after an upgrade.
 */

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
