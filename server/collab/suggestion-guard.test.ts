import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { BODY_FIELD } from "../../lib/protocol/collab";
import { newSuggestionId } from "../../lib/protocol/suggestions";
import { DomainError } from "../domain/errors";
import { renderFragment } from "./render";
import { assertUpdateAllowed } from "./suggestion-guard";
import { listSuggestions, resolveSuggestions, stateWithSuggestionsRejected } from "./suggestions";

const CARLA = "user-carla";
const suggestOnly = { mode: "suggest" as const, userId: CARLA };

/** A card's document with one paragraph "Petro met Trump." as the editor writes it. */
function publishedDoc(): Y.Doc {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText("Petro met Trump.")]);
  doc.getXmlFragment(BODY_FIELD).insert(0, [paragraph]);
  return doc;
}

const textOf = (doc: Y.Doc) => (doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
const htmlOf = (doc: Y.Doc) => renderFragment(doc.getXmlFragment(BODY_FIELD)).html;

/** The update a client holding `doc` sends after `change`. */
function updateFrom(doc: Y.Doc, change: (text: Y.XmlText) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(client);
  change(textOf(client));
  return Y.encodeStateAsUpdate(client, before);
}

function refusal(run: () => void): DomainError {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("assertUpdateAllowed (contributors on cards past draft)", () => {
  it("lets a contributor suggest an insertion and a deletion in their own name", () => {
    const doc = publishedDoc();
    const insert = updateFrom(doc, (t) => t.insert(9, " President", { insertion: { id: newSuggestionId(CARLA) } }));
    const remove = updateFrom(doc, (t) => t.format(0, 6, { deletion: { id: newSuggestionId(CARLA) } }));
    expect(() => assertUpdateAllowed(doc, insert, suggestOnly)).not.toThrow();
    expect(() => assertUpdateAllowed(doc, remove, suggestOnly)).not.toThrow();
    expect(htmlOf(doc)).toBe("<p>Petro met Trump.</p>"); // the guard never changes the document
  });

  it("refuses a forged plain insertion or deletion with FORBIDDEN", () => {
    const doc = publishedDoc();
    for (const forged of [updateFrom(doc, (t) => t.insert(0, "Breaking: ")), updateFrom(doc, (t) => t.delete(0, 6))]) {
      const err = refusal(() => assertUpdateAllowed(doc, forged, suggestOnly));
      expect(err.code).toBe("FORBIDDEN");
      expect(err.message).toMatch(/only suggest/);
    }
  });

  it("refuses a suggestion in someone else's name, and accepting someone else's suggestion", () => {
    const doc = publishedDoc();
    const forgedName = updateFrom(doc, (t) => t.insert(0, "Not mine ", { insertion: { id: newSuggestionId("user-ana") } }));
    expect(refusal(() => assertUpdateAllowed(doc, forgedName, suggestOnly)).message).toMatch(/own name/);

    const anas = newSuggestionId("user-ana");
    Y.applyUpdate(doc, updateFrom(doc, (t) => t.format(0, 6, { deletion: { id: anas } })));
    const rejectAnas = updateFrom(doc, (t) => t.format(0, 6, { deletion: null }));
    expect(refusal(() => assertUpdateAllowed(doc, rejectAnas, suggestOnly)).message).toMatch(/other people's/);
  });

  it("lets a contributor withdraw their own suggestion", () => {
    const doc = publishedDoc();
    Y.applyUpdate(doc, updateFrom(doc, (t) => t.insert(0, "Today ", { insertion: { id: newSuggestionId(CARLA) } })));
    expect(() => assertUpdateAllowed(doc, updateFrom(doc, (t) => t.delete(0, 6)), suggestOnly)).not.toThrow();
  });

  it("allows anything in edit mode", () => {
    const doc = publishedDoc();
    expect(() => assertUpdateAllowed(doc, updateFrom(doc, (t) => t.delete(0, 6)), { mode: "edit" })).not.toThrow();
  });
});

describe("suggestions in the published text", () => {
  function reviewedDoc() {
    const doc = publishedDoc();
    const add = newSuggestionId(CARLA);
    const cut = newSuggestionId(CARLA);
    Y.applyUpdate(doc, updateFrom(doc, (t) => t.insert(9, " President", { insertion: { id: add } })));
    Y.applyUpdate(doc, updateFrom(doc, (t) => t.format(0, 6, { deletion: { id: cut } })));
    return { doc, add, cut };
  }

  it("renders with every unaccepted suggestion rejected", () => {
    const { doc } = reviewedDoc();
    expect(htmlOf(doc)).toBe("<p>Petro met Trump.</p>");
    const kept = new Y.Doc();
    Y.applyUpdate(kept, stateWithSuggestionsRejected(doc));
    expect(listSuggestions(kept)).toEqual([]);
    expect(htmlOf(kept)).toBe("<p>Petro met Trump.</p>");
  });

  it("accepts one and rejects another; a decided suggestion cannot be decided again", () => {
    const { doc, add, cut } = reviewedDoc();
    expect(listSuggestions(doc).map((s) => s.text).sort()).toEqual([" President", "Petro "]);
    resolveSuggestions(doc, [add], "accept");
    resolveSuggestions(doc, [cut], "reject");
    expect(htmlOf(doc)).toBe("<p>Petro met President Trump.</p>");
    expect(listSuggestions(doc)).toEqual([]);
    expect(refusal(() => resolveSuggestions(doc, [add], "reject")).code).toBe("NOT_FOUND");
  });

  it("accepting all applies insertions and deletions", () => {
    const { doc } = reviewedDoc();
    resolveSuggestions(doc, "all", "accept");
    expect(htmlOf(doc)).toBe("<p>met President Trump.</p>");
  });
});
