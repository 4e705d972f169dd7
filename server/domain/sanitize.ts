/**
 * Sanitising of rich text that editors send as HTML (live updates), with sanitize-html and a
 * small allowlist: what the feed composer can produce, nothing else. Links keep only
 * http/https/mailto and get rel attributes; everything else is dropped, text kept.
 */
import sanitizeHtml from "sanitize-html";

const RICH: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "b", "em", "i", "s", "u", "a", "ul", "ol", "li", "blockquote", "h3"],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer nofollow" } }),
  },
};
// transformTags adds rel after filtering; let it through.
RICH.allowedAttributes = { a: ["href", "rel"] };

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " " };

/**
 * A card body as published: what the server's renderer (server/collab/render.ts) produces, and
 * nothing else. The renderer is already safe by construction; this second, independent pass
 * with a well-kept sanitiser is what stands between a renderer bug and every reader.
 */
const CARD: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "u", "s", "code", "pre", "a", "ul", "ol", "li", "blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6"],
  allowedAttributes: { a: ["href", "rel"], ol: ["start"], code: ["class"] },
  allowedClasses: { code: [/^language-[\w+#.-]{1,40}$/] },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer nofollow" } }),
  },
};

/**
 * Empty paragraphs at the end: the editor keeps one after a final quote or list so the cursor
 * can leave it, but readers would see it as a gap (and an oEmbed height would count it).
 */
const TRAILING_EMPTY = /(?:\s*<p>(?:\s|&nbsp;|<br\s*\/?>)*<\/p>)+\s*$/;

export function sanitizeCardHtml(html: string): string {
  return sanitizeHtml(html, CARD).replace(TRAILING_EMPTY, "").trim();
}

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, RICH).trim();
}

/** Plain text of sanitised HTML: blocks on their own lines, entities decoded. */
export function plainText(html: string): string {
  const spaced = html.replace(/<br\s*\/?>/gi, "\n").replace(/<\/(p|li|h3|blockquote)>/gi, "\n");
  const text = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (e) => ENTITIES[e])
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
