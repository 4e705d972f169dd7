import { describe, expect, it } from "vitest";
import type { Revision } from "@/lib/protocol";
import { defaultComparison, diffSides, diffText, revisionSide, workingCopySide, type DiffPart } from "./revision-diff";

const added = (parts: DiffPart[]) => parts.filter((p) => p.kind === "added").map((p) => p.text.trim());
const removed = (parts: DiffPart[]) => parts.filter((p) => p.kind === "removed").map((p) => p.text.trim());
/** What the reader of each side would see, rebuilt from the parts. */
const before = (parts: DiffPart[]) => parts.filter((p) => p.kind !== "added").map((p) => p.text).join("");
const after = (parts: DiffPart[]) => parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("");

function revision(number: number, over: Partial<Revision> = {}): Revision {
  return {
    cardId: "c1",
    number,
    kind: number === 1 ? "publication" : "update",
    title: "Oil talks",
    summary: "What was said about crude",
    bodyHtml: "",
    bodyText: "",
    note: null,
    publishedBy: "Ana",
    publishedAt: "2026-02-03T17:00:00.000Z",
    ...over,
  };
}

describe("diffText", () => {
  it("marks only the words that changed, and keeps both versions readable", () => {
    const parts = diffText("Petro met Trump on Tuesday at noon.", "Petro met Trump on Wednesday at noon.");
    expect(removed(parts)).toEqual(["Tuesday"]);
    expect(added(parts)).toEqual(["Wednesday"]);
    expect(before(parts)).toBe("Petro met Trump on Tuesday at noon.");
    expect(after(parts)).toBe("Petro met Trump on Wednesday at noon.");
  });

  it("reports added and removed sentences across paragraphs", () => {
    const parts = diffText("First paragraph.\n\nSecond paragraph.", "First paragraph.\n\nA new one.\n\nSecond paragraph.");
    expect(added(parts).join(" ")).toContain("A new one.");
    expect(removed(parts)).toEqual([]);
    expect(after(parts)).toBe("First paragraph.\n\nA new one.\n\nSecond paragraph.");
  });

  it("shows identical text as unchanged", () => {
    expect(diffText("Same words here.", "Same words here.")).toEqual([{ kind: "same", text: "Same words here." }]);
  });
});

describe("diffSides", () => {
  it("compares title, summary and text separately and counts words", () => {
    const from = revisionSide(revision(1, { bodyText: "Exports rose by ten percent." }));
    const to = workingCopySide({ title: "Oil talks resume", summary: "What was said about crude", text: "Exports fell by ten percent." });
    const [title, summary, text] = diffSides(from, to);
    expect(title).toMatchObject({ field: "title", changed: true, added: 1, removed: 0 });
    expect(added(title.parts)).toEqual(["resume"]);
    expect(summary).toMatchObject({ field: "summary", changed: false, added: 0, removed: 0 });
    expect(text).toMatchObject({ field: "text", changed: true, added: 1, removed: 1 });
    expect(removed(text.parts)).toEqual(["rose"]);
    expect(added(text.parts)).toEqual(["fell"]);
  });

  it("labels the sides as the desk shows them", () => {
    expect(revisionSide(revision(2, { kind: "correction" })).label).toBe("Revision 2 (Correction)");
    expect(workingCopySide({ title: "", summary: "", text: "" }).label).toBe("Working copy");
  });
});

describe("defaultComparison", () => {
  it("starts with the unpublished changes when there are some", () => {
    expect(defaultComparison([{ number: 2 }, { number: 1 }], true)).toEqual({ from: 2, to: null });
  });
  it("otherwise starts with the latest republication", () => {
    expect(defaultComparison([{ number: 2 }, { number: 1 }], false)).toEqual({ from: 1, to: 2 });
    expect(defaultComparison([{ number: 1 }], false)).toEqual({ from: 1, to: null });
  });
  it("has nothing to compare without revisions", () => {
    expect(defaultComparison([], true)).toBeNull();
  });
});
