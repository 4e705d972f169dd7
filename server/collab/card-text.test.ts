import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { BODY_FIELD } from "../../lib/protocol/collab";
import { replacementUpdate } from "./card-text";
import { fragmentFromPlainText, renderFragment } from "./render";

/** A document whose body is a heading and a paragraph with a bold word, as the editor writes it. */
function formattedDoc(): Y.Doc {
  const doc = new Y.Doc();
  const heading = new Y.XmlElement("heading");
  heading.setAttribute("level", 2 as unknown as string);
  heading.insert(0, [new Y.XmlText("Oil")]);
  const text = new Y.XmlText();
  text.insert(0, "Exports ");
  text.insert(8, "fell", { bold: {} });
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [text]);
  doc.getXmlFragment(BODY_FIELD).insert(0, [heading, paragraph]);
  return doc;
}

const htmlOf = (doc: Y.Doc) => renderFragment(doc.getXmlFragment(BODY_FIELD)).html;

describe("replacementUpdate (revert)", () => {
  it("turns the live text into the revision's, formatting included, as one update any holder can apply", () => {
    const revision = formattedDoc();
    const live = new Y.Doc();
    fragmentFromPlainText(live, "Newer text that replaced it.\n\nA second paragraph.");
    const elsewhere = new Y.Doc(); // another editor holding the same live text
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(live));

    const update = replacementUpdate(live, { docState: Y.encodeStateAsUpdate(revision), bodyText: "ignored" });
    expect(htmlOf(live)).toBe("<p>Newer text that replaced it.</p><p>A second paragraph.</p>"); // `live` untouched
    Y.applyUpdate(live, update);
    Y.applyUpdate(elsewhere, update);
    expect(htmlOf(live)).toBe("<h2>Oil</h2><p>Exports <strong>fell</strong></p>");
    expect(htmlOf(elsewhere)).toBe(htmlOf(live));
  });

  it("uses the revision's plain text when it has no stored document (revisions from before documents)", () => {
    const live = formattedDoc();
    Y.applyUpdate(live, replacementUpdate(live, { docState: null, bodyText: "Line one\nline two\n\nNext paragraph" }));
    expect(htmlOf(live)).toBe("<p>Line one<br>line two</p><p>Next paragraph</p>");
  });

  it("merges with an edit made concurrently by someone who had not seen the revert", () => {
    const live = new Y.Doc();
    fragmentFromPlainText(live, "Current text");
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(live));
    const added = new Y.XmlElement("paragraph");
    added.insert(0, [new Y.XmlText("Typed meanwhile")]);
    other.getXmlFragment(BODY_FIELD).push([added]);

    const revert = replacementUpdate(live, { docState: null, bodyText: "Restored text" });
    Y.applyUpdate(live, revert);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, revert);
    // Both converge: the restored text, and the paragraph typed concurrently is kept, not lost.
    expect(htmlOf(live)).toBe(htmlOf(other));
    expect(htmlOf(live)).toContain("Restored text");
    expect(htmlOf(live)).toContain("Typed meanwhile");
    expect(htmlOf(live)).not.toContain("Current text");
  });
});
