/**
 * Server-side rendering of a card's Tiptap/Yjs body, and the reverse for plain text.
 *
 * The fragment is whatever clients sent, so it is treated as hostile: output is built from an
 * allow-list of node and mark types, every string is escaped, and links keep only safe schemes.
 *
 * Representation written by @tiptap/y-tiptap (checked against 3.0.9):
 * - a node is a Y.XmlElement named after its type; its non-null attrs are element attributes
 *   holding raw JSON values (heading `level` is the number 2, not "2");
 * - each run of adjacent text nodes is ONE Y.XmlText; a hardBreak is an element between two
 *   Y.XmlTexts; an empty paragraph has no children at all;
 * - marks are delta attributes keyed by mark name whose value is the mark's attrs (`{}` for
 *   bold, the full attrs incl. nulls for link); marks that may overlap themselves are keyed
 *   `name--<8-char hash>`, so the suffix is stripped before looking the mark up.
 *
 * Depth: the walks below recurse once per level of nesting. Updates nesting deeper than
 * COLLAB_LIMITS.nestingDepthMax are refused (./depth.ts), but a document stored before that rule
 * (or one that slipped past it) must still render: below that depth a subtree is rendered as its
 * plain text, gathered by a loop, so no document can overflow the stack.
 *
 * Suggestions (lib/protocol/suggestions.ts) are rendered rejected: suggested insertions, text or
 * whole blocks, are left out and suggested deletions stay as plain text, so nothing unaccepted
 * ever reaches a revision, a preview or a reader.
 */
import * as Y from "yjs";
import { COLLAB_LIMITS } from "../../lib/protocol/collab";
import { isSuggestedInsertion } from "./suggestions";

const BODY_FIELD = "default";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Same rule as y-tiptap's yattr2markname. */
const markName = (key: string): string => /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;

/** Innermost last; the link is handled separately so adjacent runs can share one <a>. */
const MARK_TAGS: [string, string][] = [
  ["bold", "strong"],
  ["italic", "em"],
  ["underline", "u"],
  ["strike", "s"],
  ["code", "code"],
];

const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** Parses like a browser would (so "java\tscript:" is caught) and returns the normalised URL. */
function safeHref(value: unknown): string | null {
  const href = value && typeof value === "object" ? (value as { href?: unknown }).href : undefined;
  if (typeof href !== "string") return null;
  try {
    const url = new URL(href);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null; // relative or malformed: there is no base URL that would make it meaningful
  }
}

interface Run {
  text: string;
  marks: Set<string>;
  href: string | null;
}

function runsOf(text: Y.XmlText): Run[] {
  const runs: Run[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== "string" || op.insert === "") continue; // embeds are not in the schema
    if (isSuggestedInsertion(op.attributes)) continue; // not accepted: not in the text
    const marks = new Set<string>();
    let href: string | null = null;
    for (const [key, value] of Object.entries(op.attributes ?? {})) {
      // Tiptap stores `{}`; other writers use `true`. Null/false mean "not formatted".
      if (value === null || value === false || value === undefined) continue;
      const name = markName(key);
      if (name === "link") href = safeHref(value);
      else marks.add(name);
    }
    runs.push({ text: op.insert, marks, href });
  }
  return runs;
}

function inlineHtml(text: Y.XmlText): string {
  let out = "";
  let openHref: string | null = null;
  for (const run of runsOf(text)) {
    if (run.href !== openHref) {
      if (openHref !== null) out += "</a>";
      if (run.href !== null) out += `<a href="${esc(run.href)}" rel="noopener noreferrer nofollow">`;
      openHref = run.href;
    }
    let html = esc(run.text);
    for (let i = MARK_TAGS.length - 1; i >= 0; i--) {
      const [mark, tag] = MARK_TAGS[i];
      if (run.marks.has(mark)) html = `<${tag}>${html}</${tag}>`;
    }
    out += html;
  }
  return openHref !== null ? `${out}</a>` : out;
}

const plainOf = (text: Y.XmlText): string => runsOf(text).map((r) => r.text).join("");

/** Attribute values are raw JSON in y-tiptap, but be lenient about strings from other writers. */
function intAttr(el: Y.XmlElement, name: string): number | null {
  const n = Number(el.getAttribute(name) as unknown);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}

function headingLevel(el: Y.XmlElement): number {
  return Math.min(6, Math.max(1, intAttr(el, "level") ?? 1));
}

const MAX_DEPTH = COLLAB_LIMITS.nestingDepthMax;

/** Every text under `node`, in order, by an explicit stack (no recursion); hard breaks as newlines. */
function flatText(node: Y.XmlElement | Y.XmlText): string {
  const parts: string[] = [];
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next instanceof Y.XmlText) parts.push(plainOf(next));
    else if (next instanceof Y.XmlElement && !suggestedBlock(next)) {
      if (next.nodeName === "hardBreak") parts.push("\n");
      else {
        const children = next.toArray();
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
      }
    }
  }
  return parts.join("");
}

/** A block a suggestion inserted (the library marks the element itself). */
const suggestedBlock = (el: Y.XmlElement): boolean => isSuggestedInsertion(el.getAttributes() as Record<string, unknown>);

function childrenHtml(parent: Y.XmlFragment | Y.XmlElement, inCode = false, depth = 0): string {
  return parent.toArray().map((c) => nodeHtml(c, inCode, depth + 1)).join("");
}

function nodeHtml(node: unknown, inCode: boolean, depth: number): string {
  if (node instanceof Y.XmlText) return inCode ? esc(plainOf(node)) : inlineHtml(node);
  if (!(node instanceof Y.XmlElement)) return ""; // Y.XmlHook and anything else: not content
  if (suggestedBlock(node)) return "";
  // Too deep to be the editor's: keep the words, drop the structure.
  if (depth > MAX_DEPTH) return inCode ? esc(flatText(node)) : `<p>${esc(flatText(node))}</p>`;
  const inner = () => childrenHtml(node, inCode, depth);
  switch (node.nodeName) {
    case "paragraph":
      return `<p>${inner()}</p>`;
    case "heading": {
      const level = headingLevel(node);
      return `<h${level}>${inner()}</h${level}>`;
    }
    case "bulletList":
      return `<ul>${inner()}</ul>`;
    case "orderedList": {
      const start = intAttr(node, "start") ?? 1;
      return start === 1 ? `<ol>${inner()}</ol>` : `<ol start="${start}">${inner()}</ol>`;
    }
    case "listItem":
      return `<li>${inner()}</li>`;
    case "blockquote":
      return `<blockquote>${inner()}</blockquote>`;
    case "codeBlock": {
      // Same class Tiptap renders; restricted so it stays a plain token.
      const lang = node.getAttribute("language") as unknown;
      const cls = typeof lang === "string" && /^[\w+#.-]{1,40}$/.test(lang) ? ` class="language-${lang}"` : "";
      return `<pre><code${cls}>${childrenHtml(node, true, depth)}</code></pre>`;
    }
    case "horizontalRule":
      return "<hr>";
    case "hardBreak":
      return inCode ? "\n" : "<br>";
    default:
      return inner(); // unknown node: keep its content, drop the wrapper
  }
}

/** Inline text of a textblock; unknown inline wrappers are transparent (no recursion: flatText). */
const inlineText = (parent: Y.XmlElement): string => flatText(parent);

/** Plain-text blocks of a container, empty ones dropped; unknown wrappers are transparent. */
function blockTexts(parent: Y.XmlFragment | Y.XmlElement, depth = 0): string[] {
  const out: string[] = [];
  for (const c of parent.toArray()) {
    if (c instanceof Y.XmlText) out.push(plainOf(c));
    else if (!(c instanceof Y.XmlElement) || suggestedBlock(c)) continue;
    else if (depth >= MAX_DEPTH) out.push(flatText(c)); // too deep: its words as one block
    else if (c.nodeName === "bulletList" || c.nodeName === "orderedList") out.push(listText(c, depth + 1));
    else if (["paragraph", "heading", "codeBlock"].includes(c.nodeName)) out.push(inlineText(c));
    else if (c.nodeName === "horizontalRule") continue;
    else out.push(...blockTexts(c, depth + 1)); // blockquote, listItem outside a list, unknown
  }
  return out.filter((t) => t.trim() !== "");
}

function listText(list: Y.XmlElement, depth: number): string {
  let n = list.nodeName === "orderedList" ? (intAttr(list, "start") ?? 1) : 0;
  const lines: string[] = [];
  for (const item of list.toArray()) {
    if (!(item instanceof Y.XmlElement) || suggestedBlock(item)) continue;
    const marker = list.nodeName === "orderedList" ? `${n++}. ` : "- ";
    // Inside an item, blocks are lines; continuation lines are indented under the marker.
    const body = blockTexts(item, depth + 1).join("\n").split("\n");
    lines.push(marker + body[0], ...body.slice(1).map((l) => " ".repeat(marker.length) + l));
  }
  return lines.join("\n");
}

export function renderFragment(fragment: Y.XmlFragment): { html: string; text: string } {
  return { html: childrenHtml(fragment), text: blockTexts(fragment).join("\n\n").trim() };
}

/**
 * Builds exactly what y-tiptap writes for paragraphs typed in the editor: one element per
 * paragraph, one Y.XmlText per line, a hardBreak element between lines, no attributes.
 */
export function fragmentFromPlainText(doc: Y.Doc, text: string): void {
  const fragment = doc.getXmlFragment(BODY_FIELD);
  if (fragment.length > 0) throw new Error("fragmentFromPlainText: the fragment is not empty");
  const blocks = text
    .replace(/\r\n?/g, "\n")
    .split(/\n(?:[ \t]*\n)+/) // blank (or whitespace-only) lines end a paragraph
    .map((b) => b.replace(/^(?:[ \t]*\n)+|(?:\n[ \t]*)+$/g, ""))
    .filter((b) => b.trim() !== "");
  if (blocks.length === 0) return;
  const paragraphs = blocks.map((block) => {
    const p = new Y.XmlElement("paragraph");
    const children: (Y.XmlText | Y.XmlElement)[] = [];
    block.split("\n").forEach((line, i) => {
      if (i > 0) children.push(new Y.XmlElement("hardBreak"));
      if (line !== "") children.push(new Y.XmlText(line)); // y-tiptap never writes empty texts
    });
    p.insert(0, children);
    return p;
  });
  doc.transact(() => fragment.insert(0, paragraphs));
}
