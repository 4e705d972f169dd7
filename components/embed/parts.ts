/**
 * What the embed page (rendered by the server, components/embed/html.ts) and the frame script
 * (components/embed/frame.ts) agree on: the names of the parts the script fills in, the wording
 * of the "gone" state and how times are written. Browser-safe and dependency-free, so the frame
 * bundle stays small.
 */
import { formatDateTime } from "@/lib/format/time";

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

/**
 * "3 Feb 2026, 17:05 UTC" or "3 Feb 2026, 12:05 (Bogota)", in the story's own zone (its first
 * time zone) or UTC, named: the one time style of lib/format/time.ts, so the server's first paint,
 * the script's re-render, the desk and the live page all write a moment the same way.
 * Unparseable input gives "".
 */
export const formatWhen = (iso: string, zone = "UTC"): string => formatDateTime(iso, zone);
