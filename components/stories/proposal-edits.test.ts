import { describe, expect, it } from "vitest";
import { add, drop, mergeWithNext, move, rename, type DraftCard } from "./proposal-edits";

const cards: DraftCard[] = [
  { key: "a", title: "Venezuela", summary: "One.", paragraphs: [1, 3] },
  { key: "b", title: "ELN", summary: "Two.", paragraphs: [2, 3] },
  { key: "c", title: "DEA", summary: "", paragraphs: [5] },
];

describe("editing proposals before a story is created", () => {
  it("merges a card with the next: titles joined, summaries kept, paragraphs united once", () => {
    expect(mergeWithNext(cards, "a")).toEqual([
      { key: "a", title: "Venezuela and ELN", summary: "One. Two.", paragraphs: [1, 2, 3] },
      cards[2],
    ]);
    expect(mergeWithNext(cards, "c")).toBe(cards);
  });

  it("moves within bounds, drops, renames and adds by hand", () => {
    expect(move(cards, "c", -1).map((c) => c.key)).toEqual(["a", "c", "b"]);
    expect(move(cards, "a", -1)).toBe(cards);
    expect(drop(cards, "b").map((c) => c.key)).toEqual(["a", "c"]);
    expect(rename(cards, "c", { title: "DEA cooperation" })[2].title).toBe("DEA cooperation");
    expect(add(cards, "h1").at(-1)).toEqual({ key: "h1", title: "", summary: "", paragraphs: [] });
    expect(cards).toHaveLength(3); // never mutated
  });
});
