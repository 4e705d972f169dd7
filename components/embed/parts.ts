/**
 * What the embed page (rendered by the server, components/embed/html.ts) and the frame script
 * (components/embed/frame.ts) agree on: the names of the parts the script fills in, the wording
 * of the "gone" state and how times are written. Browser-safe and dependency-free, so the frame
 * bundle stays small.
 */

/** `data-part` names of the embed page's elements. */
export const PART = {
  card: "card",
  story: "story",
  title: "title",
  summary: "summary",
  body: "body",
  corrections: "corrections",
  updated: "updated",
  foot: "foot",
  gone: "gone",
} as const;

/** The root's `data-state`: what the frame shows. */
export type EmbedState = "published" | "withdrawn" | "missing";

/** Shown instead of the card once it is unpublished or deleted (and for a withdrawn card's URL). */
export const GONE_TEXT = "This card is no longer available.";
/** Shown for an id that never was a published card: says nothing more, not even whether it exists. */
export const MISSING_TEXT = "This card is not available.";

// One formatter, built once. UTC with a label, as on the live page (components/live): the same
// text on the server's first paint and after the script's re-render, whatever the reader's zone.
let formatter: Intl.DateTimeFormat | undefined;

/** "3 Feb 2026, 17:05 UTC". Unparseable input gives "" rather than "Invalid Date". */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  formatter ??= new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  return `${formatter.format(date)} UTC`;
}
