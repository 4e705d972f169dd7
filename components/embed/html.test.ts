/** The embed page's HTML: plain text escaped, nothing of a withdrawn or unknown card shown. */
import { describe, expect, it } from "vitest";
import type { PublicCard } from "@/lib/protocol/embed";
import { escapeHtml } from "@/lib/format/html";
import { embedHtml } from "./html";
import { GONE_TEXT, MISSING_TEXT } from "./parts";

const card: PublicCard = {
  id: "card-1",
  storyId: "story-1",
  title: `Oil <script>alert("t")</script> & gas`,
  summary: `Summary with <img src=x onerror=alert(1)> and "quotes" 'too'`,
  bodyHtml: "<p>Sanitised <strong>body</strong></p>",
  position: 0,
  revision: 3,
  firstPublishedAt: "2026-02-03T17:00:00.000Z",
  updatedAt: "2026-02-03T18:05:00.000Z",
  corrections: [{ at: "2026-02-03T18:05:00.000Z", note: `The minister's name </li><b>was</b> misspelt` }],
};
const story = { slug: "s", headline: "Petro <meets> Trump" };

describe("embedHtml", () => {
  const html = embedHtml({ state: "published", card, story });

  it("escapes every plain-text field and keeps the sanitised body as HTML", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<meets>");
    expect(html).not.toContain("</li><b>was");
    expect(html).toContain("Oil &#60;script&#62;alert(&#34;t&#34;)&#60;/script&#62; &#38; gas");
    expect(html).toContain("<p>Sanitised <strong>body</strong></p>");
    // The only script is the frame's own.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script src="/embed/frame.js" defer></script>');
  });

  it("shows the update time, corrections with their date and a link to the public page", () => {
    expect(html).toContain('data-card-id="card-1"');
    expect(html).toMatch(/Updated <time[^>]*datetime="2026-02-03T18:05:00.000Z"[^>]*>3 Feb 2026, 18:05 UTC<\/time>/);
    expect(html).toContain("<strong>Correction:</strong> <span>The minister&#39;s name &#60;/li&#62;&#60;b&#62;was&#60;/b&#62; misspelt</span>");
    expect(html).toContain('<a href="/cards/card-1" target="_blank" rel="noopener">via Newsdesk</a>');
    expect(html).toContain('<link rel="stylesheet" href="/embed/frame.css">');
  });

  it("writes times in the story's own time zone when it has one", () => {
    const local = embedHtml({ state: "published", card, story: { ...story, timeZones: ["America/Bogota", "America/New_York"] } });
    expect(local).toContain('data-zone="America/Bogota"');
    expect(local).toMatch(/>3 Feb 2026, 13:05 \(Bogota\)<\/time>/);
  });

  it("says a withdrawn or unknown card is not available, and nothing else about it", () => {
    const gone = embedHtml({ state: "withdrawn", cardId: "card-1" });
    expect(gone).toContain(GONE_TEXT);
    expect(gone).not.toContain("/cards/card-1");
    const missing = embedHtml({ state: "missing", cardId: `"><script>x</script>` });
    expect(missing).toContain(MISSING_TEXT);
    expect(missing).not.toContain("<script>x");
  });

  it("escapes quotes for attributes", () => {
    expect(escapeHtml(`a"b'c<d>&`)).toBe("a&#34;b&#39;c&#60;d&#62;&#38;");
  });
});
