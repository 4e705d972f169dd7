import { describe, expect, it } from "vitest";
import type { LiveSnapshot, LiveUpdate } from "@/lib/protocol";
import { liveReducer, type LiveAction, type LiveState } from "./live-state";

function makeUpdate(id: number, over: Partial<LiveUpdate> = {}): LiveUpdate {
  return {
    id,
    storyId: "s1",
    authorName: "Ana",
    bodyHtml: `<p>Update ${id}</p>`,
    bodyText: `Update ${id}`,
    cardId: null,
    keyEvent: false,
    version: 1,
    publishedAt: "2026-02-03T17:00:00.000Z",
    editedAt: null,
    correctedAt: null,
    correctionNote: null,
    approved: true,
    headline: null,
    coAuthors: [],
    embedUrl: null,
    photo: null,
    scheduledFor: null,
    ...over,
  };
}

function makeSnapshot(ids: number[], over: Partial<LiveSnapshot> = {}): LiveSnapshot {
  return {
    story: { id: "s1", slug: "s", headline: "H", summary: "", coverageStart: null, coverageEnd: null, timeZones: [] },
    updates: ids.map((id) => makeUpdate(id)),
    pinnedUpdateId: null,
    hasMore: false,
    pinned: null,
    keyEvents: [],
    cards: [],
    ...over,
  };
}

const start = (ids: number[]): LiveState => ({ snapshot: makeSnapshot(ids), pending: [], fresh: [] });
const run = (state: LiveState, ...actions: LiveAction[]) => actions.reduce(liveReducer, state);
const shown = (s: LiveState) => s.snapshot.updates.map((u) => u.id);

describe("liveReducer", () => {
  it("at the top, a new post comes in first; scrolled down, it waits and the page does not change", () => {
    const top = run(start([2, 1]), { type: "update", update: makeUpdate(3), atTop: true });
    expect(shown(top)).toEqual([3, 2, 1]);
    expect(top.fresh).toEqual([3]);

    const down = run(start([2, 1]), { type: "update", update: makeUpdate(3), atTop: false }, { type: "update", update: makeUpdate(4), atTop: false });
    expect(shown(down)).toEqual([2, 1]);
    expect(down.pending.map((u) => u.id)).toEqual([4, 3]);
    const shownAll = run(down, { type: "showPending" });
    expect(shown(shownAll)).toEqual([4, 3, 2, 1]);
    expect(shownAll.pending).toEqual([]);
  });

  it("edits apply in place, to shown and waiting updates alike, and never go back to an older version", () => {
    let s = run(start([2, 1]), { type: "update", update: makeUpdate(3), atTop: false });
    s = run(
      s,
      { type: "update", update: makeUpdate(1, { bodyText: "fixed", version: 2 }), atTop: false },
      { type: "update", update: makeUpdate(3, { bodyText: "fixed too", version: 2 }), atTop: false },
      { type: "update", update: makeUpdate(1, { bodyText: "stale", version: 1 }), atTop: false },
    );
    expect(s.snapshot.updates.find((u) => u.id === 1)?.bodyText).toBe("fixed");
    expect(s.pending.map((u) => [u.id, u.bodyText])).toEqual([[3, "fixed too"]]);
  });

  it("a correction or key-event mark of an update older than the page is not announced as new", () => {
    const s = run(
      start([12, 11, 10]),
      { type: "update", update: makeUpdate(4, { version: 2, correctedAt: "2026-02-03T18:00:00.000Z" }), atTop: false },
      { type: "update", update: makeUpdate(5, { version: 2, keyEvent: true }), atTop: true },
    );
    expect(s.pending).toEqual([]);
    expect(shown(s)).toEqual([12, 11, 10]);
    expect(s.snapshot.keyEvents.map((k) => k.id)).toEqual([5]);
  });

  it("a contributor's post approved late is news: shown at the top, or waiting when scrolled down", () => {
    // Posted (id 11) while awaiting approval, then 12 was posted by an editor; 11 is approved now.
    const approved = makeUpdate(11, { version: 2 });
    const top = run(start([12, 10]), { type: "update", update: approved, atTop: true });
    expect(shown(top)).toEqual([12, 11, 10]);
    expect(top.fresh).toEqual([11]);
    const down = run(start([12, 10]), { type: "update", update: approved, atTop: false });
    expect(shown(down)).toEqual([12, 10]);
    expect(down.pending.map((u) => u.id)).toEqual([11]);
    // On an empty page, too.
    expect(shown(run(start([]), { type: "update", update: approved, atTop: true }))).toEqual([11]);
  });

  it("changes pushed while joining are applied after the snapshot, not lost under it", () => {
    // The page shows 1..2; it reconnects; the server joins it to the room, then reads the
    // snapshot (with 3); 4 is posted after the read and 2 deleted, both before the ack arrives.
    const s = run(
      start([2, 1]),
      { type: "joining" },
      { type: "update", update: makeUpdate(3), atTop: true },
      { type: "update", update: makeUpdate(4), atTop: true },
      { type: "removed", id: 2 },
      { type: "snapshot", snapshot: makeSnapshot([3, 2, 1]), atTop: true },
    );
    expect(shown(s)).toEqual([4, 3, 1]);
    expect(s.held).toBeNull();

    // Scrolled down, the same arrivals wait behind the button.
    const down = run(
      start([2, 1]),
      { type: "joining" },
      { type: "update", update: makeUpdate(4), atTop: false },
      { type: "snapshot", snapshot: makeSnapshot([3, 2, 1]), atTop: false },
    );
    expect(shown(down)).toEqual([2, 1]);
    expect(down.pending.map((u) => u.id)).toEqual([4, 3]);
  });

  it("after the snapshot, pushed changes apply at once again", () => {
    const s = run(start([1]), { type: "joining" }, { type: "snapshot", snapshot: makeSnapshot([1]), atTop: true }, { type: "removed", id: 1 });
    expect(shown(s)).toEqual([]);
  });

  it("back after a blip: the missed posts arrive once and in order, deleted ones leave, edited ones are replaced", () => {
    const { story, pinned, pinnedUpdateId, keyEvents, cards } = makeSnapshot([]);
    const resume = {
      story,
      pinned,
      pinnedUpdateId,
      keyEvents,
      cards,
      resume: true as const,
      missed: [makeUpdate(4), makeUpdate(5), makeUpdate(6)],
      window: [6, 5, 4, 3, 1].map((id) => [id, id === 1 ? 2 : 1] as [number, number]),
      edited: [makeUpdate(1, { bodyText: "fixed while away", version: 2 })],
    };
    // Scrolled down: the three wait behind the button, newest first, and the page does not move.
    const down = run(start([3, 2, 1]), { type: "joining" }, { type: "resume", resume, atTop: false });
    expect(shown(down)).toEqual([3, 1]);
    expect(down.pending.map((u) => u.id)).toEqual([6, 5, 4]);
    expect(down.snapshot.updates.find((u) => u.id === 1)?.bodyText).toBe("fixed while away");
    // At the top: they come in, and an event pushed during the join is not applied twice.
    const top = run(
      start([3, 2, 1]),
      { type: "joining" },
      { type: "update", update: makeUpdate(6), atTop: true },
      { type: "resume", resume, atTop: true },
    );
    expect(shown(top)).toEqual([6, 5, 4, 3, 1]);
  });
});
