/**
 * How tall the embed frame (components/embed/html.ts styled by public/embed/frame.css) will be
 * at a given width, for consumers that size the iframe before it loads (oEmbed `height`, the
 * fixed iframe snippet). It lays out what the frame renders — story line, title, summary, each
 * body block, every correction box, the footer, and the frame's padding and border — with the
 * same font sizes, line heights and margins as frame.css, and wide glyphs, so it errs towards a
 * little spare room rather than cutting the footer off. Keep the numbers in step with frame.css
 * (e2e/embed-height.spec.ts measures the real frame against this).
 */

/** Average advance of a glyph as a share of the font size; generous (DejaVu Sans-like fonts). */
const GLYPH = 0.58;
const BOLD_GLYPH = 0.64;

interface Text {
  text: string;
  fontPx: number;
  lineHeightPx: number;
  bold?: boolean;
}

/** Lines of `text` wrapped word by word (as the browser does) into `widthPx`. */
function lines({ text, fontPx, bold }: Text, widthPx: number): number {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const perLine = Math.max(8, Math.floor(widthPx / (fontPx * (bold ? BOLD_GLYPH : GLYPH))));
  let count = 1;
  let used = 0;
  for (const word of words) {
    // A word longer than a line breaks anywhere (overflow-wrap: anywhere).
    const length = word.length;
    const needed = used === 0 ? length : used + 1 + length;
    if (needed <= perLine) used = needed;
    else {
      count += used === 0 ? 0 : 1;
      count += Math.floor((length - 1) / perLine);
      used = length % perLine || perLine;
    }
  }
  return count;
}
const blockHeight = (t: Text, widthPx: number) => lines(t, widthPx) * t.lineHeightPx;

const decode = (s: string) =>
  s
    .replace(/<[^>]*>/g, "")
    .replace(/&[a-z]+;|&#\d+;/gi, "x")
    .replace(/\s+/g, " ")
    .trim();

/** The body's blocks (paragraphs, headings, list items, quotes, code) as text, in order. */
function bodyBlocks(bodyHtml: string): { heading: boolean; text: string }[] {
  const marked = bodyHtml.replace(/<\/(p|h[1-6]|li|pre|blockquote|div)>|<br\s*\/?>|<hr[^>]*>/gi, (m) => `${m}\u0000`);
  return marked
    .split("\u0000")
    .map((chunk) => ({ heading: /<h[1-6][\s>]/i.test(chunk), text: decode(chunk) }))
    .filter((b) => b.text.length > 0);
}

export interface EstimateInput {
  storyHeadline: string;
  title: string;
  summary: string;
  bodyHtml: string;
  /** Correction notes as published. */
  corrections: readonly { note: string }[];
}

/** The frame's height in CSS pixels at `width` (the iframe's width). */
export function estimateEmbedHeight(card: EstimateInput, width: number): number {
  const narrow = width <= 420; // frame.css @media (max-width: 420px)
  const padX = narrow ? 12 : 18;
  const padY = narrow ? 12 + 10 : 16 + 12;
  const inner = Math.max(80, width - 2 * padX - 2); // 1px border each side
  let h = padY + 2;
  // .nd-story: 12px uppercase with letter-spacing, line 18, margin-bottom 4.
  h += blockHeight({ text: card.storyHeadline, fontPx: 13, lineHeightPx: 18, bold: true }, inner) + 4;
  // .nd-title: 1.3rem, line-height 1.25.
  h += blockHeight({ text: card.title, fontPx: 20.8, lineHeightPx: 26, bold: true }, inner);
  // .nd-summary: margin-top 8, 1.05rem at 1.5.
  if (card.summary) h += 8 + blockHeight({ text: card.summary, fontPx: 16.8, lineHeightPx: 25.2 }, inner);
  // .nd-body: margin-top 12; blocks 16px/1.5 with 0.75em between, headings 1.05rem with 1em above.
  const blocks = bodyBlocks(card.bodyHtml);
  if (blocks.length > 0) {
    h += 12;
    blocks.forEach((b, i) => {
      const text = b.heading ? { text: b.text, fontPx: 16.8, lineHeightPx: 25.2, bold: true } : { text: b.text, fontPx: 16, lineHeightPx: 24 };
      h += blockHeight(text, inner) + (i === blocks.length - 1 ? 0 : b.heading ? 17 : 12);
    });
  }
  // .nd-corrections: margin-top 14; each box margin-top 6, padding 8+8, the note at 0.9rem/1.5
  // after "Correction: ", then its time (0.8rem/1.5).
  if (card.corrections.length > 0) {
    h += 14;
    for (const c of card.corrections) {
      h += 6 + 16 + blockHeight({ text: `Correction: ${c.note}`, fontPx: 14.4, lineHeightPx: 21.6 }, inner - 23) + 19.2;
    }
  }
  // .nd-foot: margin-top 14, padding-top 8, 1px border; "Updated <date>" and "via Newsdesk" on
  // one line of 0.8rem/1.5, or two (4px gap) when they do not fit side by side.
  const footLine = 19.2;
  const footFits = inner >= 420;
  h += 14 + 8 + 1 + (footFits ? footLine : 2 * footLine + 4);
  return Math.ceil(h + 8); // rounding of every line box, and a little room to spare
}
