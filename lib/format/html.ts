/**
 * The one HTML escaper for text written into markup by hand (the live page and its script, the
 * embed page, the Atom feed, oEmbed snippets, links appended to posts). Browser-safe and
 * dependency-free, so the readers' scripts can carry it too.
 *
 * Card text rendered from Yjs (server/collab/render.ts) keeps its own named-entity escaping: its
 * output is stored and compared byte for byte with what the sanitiser writes.
 */

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
