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
