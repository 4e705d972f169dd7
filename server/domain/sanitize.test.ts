import { describe, expect, it } from "vitest";
import { sanitizeCardHtml } from "./sanitize";

describe("card HTML as published", () => {
  it("drops the empty paragraphs the editor keeps after a final quote or list", () => {
    expect(sanitizeCardHtml("<blockquote><p>Quoted.</p></blockquote><p></p>")).toBe("<blockquote><p>Quoted.</p></blockquote>");
    expect(sanitizeCardHtml("<ul><li><p>One</p></li></ul><p><br /></p><p> </p>")).toBe("<ul><li><p>One</p></li></ul>");
  });
  it("keeps empty paragraphs between blocks, and text anywhere", () => {
    expect(sanitizeCardHtml("<p>A</p><p></p><p>B</p>")).toBe("<p>A</p><p></p><p>B</p>");
    expect(sanitizeCardHtml("<p>Last words</p>")).toBe("<p>Last words</p>");
  });
});
