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

// One formatter per zone, built once. The story's own zone (e.g. America/Bogota, its first time
// zone) or UTC, named, so the server's first paint and the script's re-render write the same text
// whatever the reader's zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "3 Feb 2026, 17:05 UTC" or "3 Feb 2026, 12:05 GMT-5 (Bogota)". Unparseable input gives "". */
export function formatWhen(iso: string, zone = "UTC"): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  let formatter = formatters.get(zone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: zone });
    } catch {
      return formatWhen(iso);
    }
    formatters.set(zone, formatter);
  }
  const city = zone.split("/").at(-1)!.replace(/_/g, " ");
  return `${formatter.format(date)} ${zone === "UTC" ? "UTC" : `(${city})`}`;
}
