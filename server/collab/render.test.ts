import { getSchema } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { fragmentFromPlainText, renderFragment } from "./render";

type Child = Y.XmlElement | Y.XmlText;

/** Builds an element attached to nothing yet; insert it into a doc's fragment to use it. */
function el(name: string, attrs: Record<string, unknown>, ...children: Child[]): Y.XmlElement {
  const e = new Y.XmlElement(name);
  // y-tiptap stores raw JSON values (numbers, objects) as attributes; the typings say string.
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
  if (children.length) e.insert(0, children);
  return e;
}

/** Formatted text, the way a caller would write it: insert(index, text, attrs) per run. */
function text(...runs: [string, Record<string, unknown>?][]): Y.XmlText {
  const t = new Y.XmlText();
  let i = 0;
  for (const [s, attrs] of runs) {
    t.insert(i, s, attrs ?? {});
    i += s.length;
  }
  return t;
}

function render(...blocks: Y.XmlElement[]) {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("default");
  fragment.insert(0, blocks);
  return renderFragment(fragment);
}

/** nodeName/attributes/delta tree, for comparing with what y-tiptap writes. */
function dump(parent: Y.XmlFragment | Y.XmlElement): unknown[] {
  return parent.toArray().map((c) =>
    c instanceof Y.XmlText
      ? { delta: c.toDelta() }
      : { name: (c as Y.XmlElement).nodeName, attrs: (c as Y.XmlElement).getAttributes(), children: dump(c as Y.XmlElement) },
  );
}

const schema = getSchema([StarterKit]);

describe("fragmentFromPlainText → renderFragment", () => {
  it("round-trips paragraphs and line breaks", () => {
    const doc = new Y.Doc();
    fragmentFromPlainText(doc, "First line\nsecond line\n\nSecond paragraph & <more>");
    const { html, text } = renderFragment(doc.getXmlFragment("default"));
    expect(text).toBe("First line\nsecond line\n\nSecond paragraph & <more>");
    expect(html).toBe("<p>First line<br>second line</p><p>Second paragraph &amp; &lt;more&gt;</p>");
  });

  it("normalises CRLF, runs of blank lines and surrounding whitespace", () => {
    const doc = new Y.Doc();
    fragmentFromPlainText(doc, "\r\n  \r\na\r\nb\r\n\r\n \r\n\r\nc\n\n");
    expect(renderFragment(doc.getXmlFragment("default")).text).toBe("a\nb\n\nc");
    expect(doc.getXmlFragment("default").length).toBe(2);
  });

  it("leaves the fragment empty for empty or whitespace text", () => {
    for (const t of ["", "   ", "\n\n \t\n"]) {
      const doc = new Y.Doc();
      fragmentFromPlainText(doc, t);
      expect(doc.getXmlFragment("default").length).toBe(0);
      expect(renderFragment(doc.getXmlFragment("default"))).toEqual({ html: "", text: "" });
    }
  });

  it("writes everything in one transaction and refuses a non-empty fragment", () => {
    const doc = new Y.Doc();
    // Counting updates, not transactions: merely creating the root type runs an empty one.
    let updates = 0;
    doc.on("update", () => updates++);
    fragmentFromPlainText(doc, "a\n\nb\nc");
    expect(updates).toBe(1);
    expect(() => fragmentFromPlainText(doc, "more")).toThrow(/not empty/);
  });

  it("builds exactly what y-tiptap builds, and Tiptap reads it back as paragraphs", () => {
    const doc = new Y.Doc();
    fragmentFromPlainText(doc, "Hello world\nline two\n\nSecond");
    const fragment = doc.getXmlFragment("default");

    const json = yXmlFragmentToProseMirrorRootNode(fragment, schema).toJSON();
    expect(json).toEqual({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Hello world" },
            { type: "hardBreak" },
            { type: "text", text: "line two" },
          ],
        },
        { type: "paragraph", content: [{ type: "text", text: "Second" }] },
      ],
    });
    // The conversion deletes nodes it cannot read, so check nothing was dropped.
    expect(fragment.length).toBe(2);

    // And the Yjs structure is identical to y-tiptap's own for the same document.
    const reference = new Y.Doc().getXmlFragment("default");
    prosemirrorJSONToYXmlFragment(schema, json, reference);
    expect(dump(fragment)).toEqual(dump(reference));
  });
});

describe("renderFragment", () => {
  it("renders headings (level clamped), lists, blockquote, code and rules", () => {
    const { html, text: plain } = render(
      el("heading", { level: 2 }, text(["Title"])),
      el("heading", { level: 9 }, text(["Too deep"])),
      el("heading", { level: "0" }, text(["Too shallow"])),
      el(
        "bulletList",
        {},
        el("listItem", {}, el("paragraph", {}, text(["one"]))),
        el(
          "listItem",
          {},
          el("paragraph", {}, text(["two"])),
          el("orderedList", {}, el("listItem", {}, el("paragraph", {}, text(["nested"])))),
        ),
      ),
      el(
        "orderedList",
        { start: 3 },
        el("listItem", {}, el("paragraph", {}, text(["three"]))),
        el("listItem", {}, el("paragraph", {}, text(["four"]))),
      ),
      el("blockquote", {}, el("paragraph", {}, text(["quoted"]))),
      el("codeBlock", { language: "ts" }, text(["if (a < b) {}"])),
      el("horizontalRule", {}),
      el("paragraph", {}),
    );
    expect(html).toBe(
      "<h2>Title</h2><h6>Too deep</h6><h1>Too shallow</h1>" +
        "<ul><li><p>one</p></li><li><p>two</p><ol><li><p>nested</p></li></ol></li></ul>" +
        '<ol start="3"><li><p>three</p></li><li><p>four</p></li></ol>' +
        "<blockquote><p>quoted</p></blockquote>" +
        '<pre><code class="language-ts">if (a &lt; b) {}</code></pre><hr><p></p>',
    );
    expect(plain).toBe(
      "Title\n\nToo deep\n\nToo shallow\n\n- one\n- two\n  1. nested\n\n3. three\n4. four\n\nquoted\n\nif (a < b) {}",
    );
  });

  it("renders marks as Tiptap stores them ({}), as true, and with hashed overlapping keys", () => {
    const { html, text: plain } = render(
      el(
        "paragraph",
        {},
        text(
          ["b", { bold: {} }],
          ["i", { italic: true }],
          ["u", { underline: {} }],
          ["s", { "strike--AbCd12+/": {} }],
          ["c", { code: {} }],
          ["all", { bold: {}, italic: {}, code: {} }],
          [" plain"],
        ),
        el("hardBreak", {}),
        text(["after break", { unknownMark: {} }]),
      ),
    );
    expect(html).toBe(
      "<p><strong>b</strong><em>i</em><u>u</u><s>s</s><code>c</code>" +
        "<strong><em><code>all</code></em></strong> plain<br>after break</p>",
    );
    expect(plain).toBe("biuscall plain\nafter break");
  });

  it("renders safe links with rel, sharing one <a> across adjacent runs", () => {
    const link = { href: "https://example.com/a?x=1&y=2", target: "_blank", rel: null, class: null, title: null };
    const { html } = render(
      el(
        "paragraph",
        {},
        text(["see ", {}], ["this ", { link }], ["page", { link, bold: {} }], [" or "], ["mail", { link: { href: "mailto:a@b.c" } }]),
      ),
    );
    expect(html).toBe(
      '<p>see <a href="https://example.com/a?x=1&amp;y=2" rel="noopener noreferrer nofollow">this <strong>page</strong></a>' +
        ' or <a href="mailto:a@b.c" rel="noopener noreferrer nofollow">mail</a></p>',
    );
  });

  it("renders children of unknown elements without the element", () => {
    const { html, text: plain } = render(
      el("table", { onclick: "x" }, el("paragraph", {}, text(["inside"]))),
      el("paragraph", {}, el("mention", { id: "1" }, text(["@bob"]))),
    );
    expect(html).toBe("<p>inside</p><p>@bob</p>");
    expect(plain).toBe("inside\n\n@bob");
  });
});

describe("renderFragment is inert for hostile content", () => {
  it("escapes markup in text", () => {
    const { html, text: plain } = render(
      el("paragraph", {}, text(["<script>alert(1)</script>"])),
      el("paragraph", {}, text(['<img src=x onerror="alert(1)">', { bold: {} }])),
      el("codeBlock", { language: '"><script>' }, text(["</code><script>alert(2)</script>"])),
    );
    expect(html).toBe(
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" +
        "<p><strong>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</strong></p>" +
        "<pre><code>&lt;/code&gt;&lt;script&gt;alert(2)&lt;/script&gt;</code></pre>",
    );
    expect(html).not.toMatch(/<script|<img/i);
    // Plain text stays literal: it is not HTML.
    expect(plain).toContain("<script>alert(1)</script>");
  });

  it("escapes quotes that try to break out of href", () => {
    const { html } = render(
      el("paragraph", {}, text(["x", { link: { href: 'https://e.com/"onmouseover="alert(1)\'' } }])),
    );
    expect(html).not.toMatch(/"onmouseover|'/);
    expect(html).toMatch(/^<p><a href="https:\/\/e\.com\/[^"<>]*" rel="noopener noreferrer nofollow">x<\/a><\/p>$/);
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "//evil.example/",
    "/relative",
    "",
  ])("drops the link for %j but keeps the text", (href) => {
    const { html } = render(el("paragraph", {}, text(["click", { link: { href } }])));
    expect(html).toBe("<p>click</p>");
  });

  it("ignores links whose attrs are not an object with a string href", () => {
    for (const link of [true, "https://e.com", { href: 5 }, {}]) {
      expect(render(el("paragraph", {}, text(["t", { link }]))).html).toBe("<p>t</p>");
    }
  });

  it("drops attributes of known elements other than the allowed ones", () => {
    const { html } = render(
      el("paragraph", { onclick: "alert(1)", style: "x" }, text(["p"])),
      el("heading", { level: '1" onclick="alert(1)' }, text(["h"])),
      el("orderedList", { start: '2"><script>' }, el("listItem", {}, el("paragraph", {}, text(["li"])))),
    );
    expect(html).toBe("<p>p</p><h1>h</h1><ol><li><p>li</p></li></ol>");
  });
});

describe("renderFragment on documents nested beyond the editor's depth", () => {
  it("keeps the words of a subtree nested 20,000 deep and never overflows the stack", () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment("default");
    doc.transact(() => {
      let parent: Y.XmlFragment | Y.XmlElement = fragment;
      for (let i = 0; i < 20_000; i++) {
        const quote = new Y.XmlElement(i % 2 ? "bulletList" : "blockquote");
        parent.insert(0, [quote]);
        parent = quote;
      }
      const p = new Y.XmlElement("paragraph");
      parent.insert(0, [p]);
      p.insert(0, [text(["<b>deep</b> words"])]);
    });
    const { html, text: plain } = renderFragment(fragment);
    expect(html).toContain("&lt;b&gt;deep&lt;/b&gt; words");
    expect(html.startsWith("<blockquote>")).toBe(true);
    expect(plain).toMatch(/<b>deep<\/b> words$/);
  });
});
