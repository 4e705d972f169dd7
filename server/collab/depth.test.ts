import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { BODY_FIELD, COLLAB_LIMITS } from "../../lib/protocol/collab";
import { assertNestingWithinLimit, nestingDepth } from "./depth";

/** Adds `levels` nested blockquotes and a paragraph inside `parent`; answers the update and the paragraph. */
function deepen(doc: Y.Doc, parent: Y.XmlFragment | Y.XmlElement, levels: number): { update: Uint8Array; innermost: Y.XmlElement } {
  let update: Uint8Array = new Uint8Array();
  const record = (u: Uint8Array) => (update = u);
  doc.once("update", record);
  let innermost!: Y.XmlElement;
  doc.transact(() => {
    let at = parent;
    for (let i = 0; i <= levels; i++) {
      const el = new Y.XmlElement(i === levels ? "paragraph" : "blockquote");
      at.insert(at.length, [el]);
      at = el;
    }
    innermost = at as Y.XmlElement;
  });
  return { update, innermost };
}

describe("nestingDepth", () => {
  it("counts nested types from the body's root", () => {
    const source = new Y.Doc();
    const { update } = deepen(source, source.getXmlFragment(BODY_FIELD), 3);
    expect(nestingDepth(new Y.Doc(), update)).toBe(4);
  });

  it("adds the depth of the container already in the document", () => {
    const source = new Y.Doc();
    const server = new Y.Doc();
    const first = deepen(source, source.getXmlFragment(BODY_FIELD), 40);
    Y.applyUpdate(server, first.update);
    const more = deepen(source, first.innermost, 10);
    expect(nestingDepth(server, more.update)).toBeGreaterThan(COLLAB_LIMITS.nestingDepthMax);
    expect(() => assertNestingWithinLimit(server, more.update)).toThrow(/nested too deeply/);
    // The same ten levels at the top are fine.
    const shallow = deepen(source, source.getXmlFragment(BODY_FIELD), 10);
    expect(nestingDepth(server, shallow.update)).toBe(11);
  });

  it("follows items that name a sibling instead of their parent, in the update and in the document", () => {
    const source = new Y.Doc();
    const server = new Y.Doc();
    const first = deepen(source, source.getXmlFragment(BODY_FIELD), 5);
    Y.applyUpdate(server, first.update);
    // Typed after an existing paragraph: Yjs writes its origin (the sibling), not its parent.
    const quote = first.innermost.parent as Y.XmlElement;
    let update: Uint8Array = new Uint8Array();
    source.once("update", (u: Uint8Array) => (update = u));
    source.transact(() => {
      for (let i = 0; i < 3; i++) quote.insert(quote.length, [new Y.XmlElement("paragraph")]);
    });
    expect(nestingDepth(server, update)).toBe(6);
  });

  it("answers quickly for a long run of siblings and for an absurd depth, without recursing through them", () => {
    const source = new Y.Doc();
    const fragment = source.getXmlFragment(BODY_FIELD);
    // One insert of many (their parent named once, each after its sibling), then one at a time.
    fragment.insert(0, Array.from({ length: 10_000 }, () => new Y.XmlElement("paragraph")));
    source.transact(() => {
      for (let i = 0; i < 500; i++) fragment.insert(fragment.length, [new Y.XmlElement("paragraph")]);
    });
    expect(nestingDepth(new Y.Doc(), Y.encodeStateAsUpdate(source))).toBe(1);
    const deep = new Y.Doc();
    deepen(deep, deep.getXmlFragment(BODY_FIELD), 20_000);
    expect(nestingDepth(new Y.Doc(), Y.encodeStateAsUpdate(deep))).toBe(COLLAB_LIMITS.nestingDepthMax + 1);
  });

  it("is 0 for text only and for bytes that are no update", () => {
    const source = new Y.Doc();
    source.getText("t").insert(0, "plain");
    expect(nestingDepth(new Y.Doc(), Y.encodeStateAsUpdate(source))).toBe(0);
    expect(nestingDepth(new Y.Doc(), new Uint8Array([9, 9, 9]))).toBe(0);
  });
});
