import { describe, expect, it } from "vitest";
import type { Card, LiveUpdate, StoryWithCards } from "@/lib/protocol";
import { ackActions } from "./ack-effects";
import { deskReducer, type DeskState } from "./desk-state";

function makeCard(id: string, position: number, over: Partial<Card> = {}): Card {
  return {
    id,
    storyId: "s1",
    title: `Card ${id}`,
    summary: "",
    body: "",
    bodyHtml: "",
    status: "draft",
    position,
    version: 1,
    updatedBy: null,
    updatedAt: "2026-02-03T17:00:00.000Z",
    publishedRevision: null,
    changedSincePublish: false,
    preview: { text: "", paragraphs: 0 },
    ...over,
  };
}

function makeState(cards: Card[]): DeskState {
  const story: StoryWithCards = {
    id: "s1",
    slug: "s",
    headline: "H",
    summary: "",
    coverageStart: null,
    coverageEnd: null,
    updatedAt: "2026-02-03T17:00:00.000Z",
    timeZones: [],
    archivedAt: null,
    restricted: false,
    version: 1,
    slugLocked: false,
    cards,
  };
  return { me: { id: "u1", email: "ana@example.test", name: "Ana", role: "editor" }, story, members: [], feed: { updates: [], pinnedUpdateId: null, hasMore: false }, connection: "connected", fatal: null };
}

const titles = (s: DeskState) => s.story.cards.map((c) => c.title);

describe("deskReducer", () => {
  it("keeps the member list from joins and leaves (one change at a time), ignoring other stories", () => {
    const ben = { clientId: "client-ben", name: "Ben", userId: "u2", editingCardId: null };
    let state = deskReducer(makeState([]), { type: "memberJoined", storyId: "s1", member: ben });
    state = deskReducer(state, { type: "memberJoined", storyId: "s1", member: { ...ben, editingCardId: "a" } });
    state = deskReducer(state, { type: "memberJoined", storyId: "other", member: { ...ben, clientId: "client-x" } });
    expect(state.members).toEqual([{ ...ben, editingCardId: "a" }]);
    state = deskReducer(state, { type: "memberLeft", storyId: "s1", clientId: "client-ben" });
    expect(state.members).toEqual([]);
  });

  it("takes a typed card's preview, but never an older one", () => {
    const state = makeState([makeCard("a", 0, { updatedAt: "2026-02-03T17:00:05.000Z" })]);
    const change = (text: string, updatedAt: string) =>
      deskReducer(state, { type: "cardText", change: { storyId: "s1", cardId: "a", preview: { text, paragraphs: 2 }, changedSincePublish: false, updatedAt } });
    expect(change("newer", "2026-02-03T17:00:06.000Z").story.cards[0].preview).toEqual({ text: "newer", paragraphs: 2 });
    expect(change("older", "2026-02-03T17:00:04.000Z").story.cards[0].preview).toEqual({ text: "", paragraphs: 0 });
  });

  it("never lets an older version of a card replace a newer one", () => {
    const state = makeState([makeCard("a", 0, { title: "new", version: 3 })]);
    const next = deskReducer(state, { type: "cardUpserted", card: makeCard("a", 0, { title: "old", version: 2 }) });
    expect(titles(next)).toEqual(["new"]);
  });

  it("applies a newer version and keeps the card where it is", () => {
    const state = makeState([makeCard("a", 0), makeCard("b", 1)]);
    const next = deskReducer(state, { type: "cardUpserted", card: makeCard("a", 7, { title: "renamed", version: 2 }) });
    expect(titles(next)).toEqual(["renamed", "Card b"]);
  });

  it("adds created cards in position order and ignores other stories", () => {
    let state = makeState([makeCard("a", 0), makeCard("c", 2)]);
    state = deskReducer(state, { type: "cardUpserted", card: makeCard("b", 1) });
    state = deskReducer(state, { type: "cardUpserted", card: makeCard("x", 0, { storyId: "other" }) });
    expect(titles(state)).toEqual(["Card a", "Card b", "Card c"]);
  });

  it("reorders by the server's order and drops deleted cards", () => {
    let state = makeState([makeCard("a", 0), makeCard("b", 1), makeCard("c", 2)]);
    state = deskReducer(state, { type: "cardsMoved", order: { storyId: "s1", order: ["c", "a", "b"] } });
    expect(titles(state)).toEqual(["Card c", "Card a", "Card b"]);
    state = deskReducer(state, { type: "cardDeleted", cardId: "a" });
    expect(titles(state)).toEqual(["Card c", "Card b"]);
  });

  it("a rejoin replaces everything with the server's story, and who we are (a role may have changed)", () => {
    const state = makeState([makeCard("a", 0)]);
    const fresh = makeState([makeCard("z", 0)]).story;
    const me = { ...state.me, role: "viewer" as const };
    const next = deskReducer(
      { ...state, connection: "reconnecting" },
      { type: "joined", me, story: fresh, members: [], feed: { updates: [], pinnedUpdateId: null, hasMore: false } },
    );
    expect(titles(next)).toEqual(["Card z"]);
    expect(next.connection).toBe("connected");
    expect(next.me.role).toBe("viewer");
  });

  it("a publish result clears the unpublished-changes marker and sets the new revision", () => {
    const state = makeState([makeCard("a", 0, { status: "published", version: 4, publishedRevision: 1, changedSincePublish: true })]);
    const next = deskReducer(state, {
      type: "cardUpserted",
      card: makeCard("a", 0, { status: "published", version: 5, publishedRevision: 2, changedSincePublish: false }),
    });
    expect(next.story.cards[0]).toMatchObject({ publishedRevision: 2, changedSincePublish: false, version: 5 });
    // The late broadcast of the previous version does not bring the marker back.
    const late = deskReducer(next, { type: "cardUpserted", card: makeCard("a", 0, { status: "published", version: 4, publishedRevision: 1, changedSincePublish: true }) });
    expect(late.story.cards[0]).toMatchObject({ publishedRevision: 2, changedSincePublish: false });
  });

  it("applies the acks of publish and revert to the card, like an update", () => {
    const card = makeCard("a", 0);
    const base = { cardId: "a", baseVersion: 1 };
    expect(ackActions("card:create", card, { storyId: "s", title: "A" })).toEqual([{ type: "cardUpserted", card }]);
    expect(ackActions("card:update", card, { ...base, changes: { title: "A" } })).toEqual([{ type: "cardUpserted", card }]);
    expect(ackActions("card:setStatus", card, { ...base, status: "draft" })).toEqual([{ type: "cardUpserted", card }]);
    expect(ackActions("card:publish", card, base)).toEqual([{ type: "cardUpserted", card }]);
    expect(ackActions("card:revert", card, { ...base, revision: 1 })).toEqual([{ type: "cardUpserted", card }]);
    expect(ackActions("card:history", { revisions: [], working: { title: "", summary: "", text: "" } }, { cardId: "a" })).toEqual([]);
  });

  it("maps feed acks to feed actions: an approval replaces the waiting post, a pin takes the id sent", () => {
    const update = { id: 9, storyId: "s1" } as LiveUpdate;
    expect(ackActions("feed:approve", update, { updateId: 4 })).toEqual([
      { type: "feedDeleted", updateId: 4 },
      { type: "feedUpserted", update },
    ]);
    expect(ackActions("feed:pin", { pinnedUpdateId: 7 }, { updateId: 7 })).toEqual([{ type: "feedPinned", pinnedUpdateId: 7 }]);
    expect(ackActions("feed:delete", { updateId: 3 }, { updateId: 3 })).toEqual([{ type: "feedDeleted", updateId: 3 }]);
    expect(ackActions("card:delete", { cardId: "a" }, { cardId: "a" })).toEqual([{ type: "cardDeleted", cardId: "a" }]);
  });
});

describe("story settings on the desk", () => {
  it("applies a newer story version and ignores an older one, keeping the cards", () => {
    const state = makeState([]);
    const newer = { ...state.story, version: 3, headline: "Ended", coverageEnd: "2026-02-03T18:00:00.000Z" };
    const after = deskReducer(state, { type: "storyUpdated", story: newer });
    expect(after.story).toMatchObject({ headline: "Ended", coverageEnd: "2026-02-03T18:00:00.000Z", version: 3, cards: [] });
    expect(deskReducer(after, { type: "storyUpdated", story: { ...newer, version: 2, headline: "Old" } }).story.headline).toBe("Ended");
  });
});
