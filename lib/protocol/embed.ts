/**
 * The embed part of the contract, for the tiny script that runs inside embed frames and the
 * loader on partner pages. It imports nothing but the dependency-free HTML escaper (type imports
 * excepted), so the frame's bundle stays within its size budget: no zod, no React.
 */
import { escapeHtml } from "../format/html";

/** Public read-only namespace of live pages and embeds. */
export const LIVE_NAMESPACE = "/live";

/** Paths of a card's public page and of its embed frame. */
export const publicCardPath = (cardId: string) => `/cards/${encodeURIComponent(cardId)}`;
export const embedCardPath = (cardId: string) => `/embed/cards/${encodeURIComponent(cardId)}`;

/** The attribute the script embed looks for: `<div data-newsdesk-card="ID"></div>`. */
export const EMBED_ATTRIBUTE = "data-newsdesk-card";

/** The one message an embed frame posts to its parent: its content height in CSS pixels. */
export const EMBED_SIZE_MESSAGE = "newsdesk:embed-size";
export interface EmbedSizeMessage {
  type: typeof EMBED_SIZE_MESSAGE;
  cardId: string;
  height: number;
}

/** Budget of JavaScript an embed page may load, gzipped (measured by a test). */
export const EMBED_JS_BUDGET_BYTES = 20 * 1024;

/** A published correction, shown to readers with its note. */
export interface PublicCorrection {
  at: string;
  note: string;
}

/** A card as readers see it: its latest published revision, never the working copy or a draft. */
export interface PublicCard {
  id: string;
  storyId: string;
  title: string;
  summary: string;
  bodyHtml: string;
  position: number;
  /** Number of the published revision shown. */
  revision: number;
  /** When the card was first published, and when the revision shown was. */
  firstPublishedAt: string;
  updatedAt: string;
  /** Corrections published so far, oldest first. */
  corrections: PublicCorrection[];
}

/** Default height of an iframe before it reports its own (and of the oEmbed answer's estimate). */
export const EMBED_DEFAULT_HEIGHT = 400;

/** Attribute values of the snippets partners paste. */
const attr = escapeHtml;

/** The iframe snippet: works anywhere, even where scripts are stripped; fixed height. */
export function iframeSnippet(
  origin: string,
  cardId: string,
  title: string,
  height = EMBED_DEFAULT_HEIGHT,
  /** A fixed width in pixels (oEmbed answers must fit `maxwidth`); fluid when omitted. */
  width?: number,
): string {
  const size = width === undefined ? `width="100%"` : `width="${width}"`;
  const style = width === undefined ? "border:0;width:100%;max-width:100%" : "border:0;max-width:100%";
  return (
    `<iframe src="${attr(origin + embedCardPath(cardId))}" title="${attr(title)}" ${size} height="${height}" ` +
    `style="${style}" loading="lazy"></iframe>`
  );
}

/**
 * Marks an iframe that embed.js (when the page lets it run) adopts: it then follows the frame's
 * size messages like the iframes it makes itself.
 */
export const EMBED_FRAME_ATTRIBUTE = "data-newsdesk-frame";

/**
 * oEmbed's html: the iframe at the estimated height, plus the loader, so consumers that keep
 * scripts get a frame that resizes itself as the card changes; those that strip them keep the
 * iframe at a height that fits the card as published.
 */
export function oembedHtml(origin: string, cardId: string, title: string, height: number, width: number): string {
  return (
    iframeSnippet(origin, cardId, title, height, width).replace("<iframe ", `<iframe ${EMBED_FRAME_ATTRIBUTE}="${attr(cardId)}" `) +
    `<script async src="${attr(origin)}/embed.js"></script>`
  );
}

/** The script snippet: the loader turns the div into an iframe that sizes itself to its content. */
export function scriptSnippet(origin: string, cardId: string): string {
  return `<div ${EMBED_ATTRIBUTE}="${attr(cardId)}"></div>\n<script async src="${attr(origin)}/embed.js"></script>`;
}

/** The oEmbed request for a card's public page. */
export function oembedUrl(origin: string, cardId: string): string {
  return `${origin}/api/oembed?url=${encodeURIComponent(origin + publicCardPath(cardId))}&format=json`;
}
