/**
 * The desks' card previews while people type: gathered per story, and sent only when what the
 * card list shows changed (or, unchanged, now and then to heal what another process sent).
 */
import { describe, expect, it } from "vitest";
import type { CardTextChange } from "../../lib/protocol/schemas";
import { sleep } from "../../tests/helpers/wait";
import { previewFanout } from "./preview-fanout";


function change(cardId: string, text: string, at: number, paragraphs = 1): CardTextChange {
  return { storyId: "story-1", cardId, preview: { text, paragraphs }, changedSincePublish: true, updatedAt: new Date(at).toISOString() };
}

describe("card previews to the desks", () => {
  it("gathers a story's changes into one event, and sends a card again only when its preview changed", async () => {
    const sent: CardTextChange[][] = [];
    const fanout = previewFanout((_, changes) => sent.push(changes), { intervalMs: 20, refreshMs: 10_000 });
    fanout.add(change("a", "Petro meets Trump", 1));
    fanout.add(change("b", "Oil", 2));
    fanout.add(change("a", "Petro meets Trump at noon", 3));
    await sleep(150);
    expect(sent).toHaveLength(1);
    expect(sent[0].map((c) => [c.cardId, c.preview.text])).toEqual([
      ["a", "Petro meets Trump at noon"],
      ["b", "Oil"],
    ]);

    // Typing further down: the preview (first paragraph's start, paragraph count) is the same.
    fanout.add(change("a", "Petro meets Trump at noon", 4));
    fanout.add(change("b", "Oil", 5));
    await sleep(150);
    expect(sent).toHaveLength(1);

    // A new paragraph, or a changed start, is news for the card list.
    fanout.add(change("b", "Oil", 6, 2));
    await sleep(150);
    expect(sent).toHaveLength(2);
    expect(sent[1].map((c) => [c.cardId, c.preview.paragraphs])).toEqual([["b", 2]]);
    fanout.stop();
  });

  it("spaces the events of a story with many typed cards out, so each desk gets a bounded number of previews a second", async () => {
    const sent: { at: number; cards: number }[] = [];
    const fanout = previewFanout((_, changes) => sent.push({ at: performance.now(), cards: changes.length }), { intervalMs: 10, perSecond: 100 });
    // Twenty cards typed at once: the event after them waits 20 / 100 s = 200 ms, not 10.
    for (let i = 0; i < 20; i++) fanout.add(change(`card-${i}`, "Strikes on alleged drug boats", 1));
    await expect.poll(() => sent.length).toBe(1);
    for (let i = 0; i < 20; i++) fanout.add(change(`card-${i}`, `Strikes on alleged drug boats (${i})`, 2));
    await sleep(60);
    expect(sent.map((e) => e.cards)).toEqual([20]);
    await expect.poll(() => sent.length).toBe(2);
    expect(sent.map((e) => e.cards)).toEqual([20, 20]);
    expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(190);
    fanout.stop();
  });

  it("sends an unchanged preview again once the refresh time has passed", async () => {
    const sent: CardTextChange[][] = [];
    const fanout = previewFanout((_, changes) => sent.push(changes), { intervalMs: 10, refreshMs: 100 });
    fanout.add(change("a", "DEA cooperation", 1));
    await sleep(40);
    fanout.add(change("a", "DEA cooperation", 2));
    await sleep(40);
    expect(sent).toHaveLength(1);
    await sleep(200);
    fanout.add(change("a", "DEA cooperation", 3));
    await sleep(150);
    expect(sent).toHaveLength(2);
    fanout.stop();
  });
});
