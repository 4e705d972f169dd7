/**
 * Everything an editor was told is saved survives a server restart on the same database, and
 * the start-up seed neither duplicates the story nor brings back what editors changed or
 * deleted — on SQLite and Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JoinedStory } from "../lib/protocol/events";
import type { Card } from "../lib/protocol/schemas";
import { petroTrumpStory } from "../server/db/seed-data";
import type { DeskStore } from "../server/store/types";
import { createTestDatabase, openInspector, openSeededStore, PROVIDERS, type TestDatabase } from "./helpers/databases";
import { ALICE, BEA, emitAck, joinStory, okData, startDesk, type RunningDesk } from "./helpers/server";

describe.each(PROVIDERS)("restart persistence (%s)", (provider) => {
  let database: TestDatabase;
  let store: DeskStore;
  let desk: RunningDesk;
  /** The story as the editors left it before the restart. */
  let before: JoinedStory["story"];
  let created: Card;
  let deletedId: string;
  let renamedSeedId: string;
  let reviewedSeedId: string;

  async function start() {
    store = await openSeededStore(database);
    desk = await startDesk(store);
  }
  async function stop() {
    await desk.stop();
    await store.close();
  }

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    await start();
    const alice = await desk.connect();
    const bea = await desk.connect({ as: BEA });
    const { story } = await joinStory(alice, ALICE);
    await joinStory(bea, BEA);

    created = okData(await emitAck(alice, "card:create", { storyId: story.id, title: "Written before the restart" }));
    created = okData(
      await emitAck(bea, "card:update", {
        cardId: created.id,
        baseVersion: created.version,
        changes: { title: "Renamed before the restart", summary: "Bea's summary" },
      }),
    );
    created = okData(await emitAck(alice, "card:setStatus", { cardId: created.id, baseVersion: created.version, status: "in_review" }));
    okData(await emitAck(bea, "card:move", { cardId: created.id, toIndex: 0 }));

    deletedId = story.cards[2].id;
    okData(await emitAck(alice, "card:delete", { cardId: deletedId }));

    const seeded = story.cards[0];
    renamedSeedId = seeded.id;
    okData(await emitAck(bea, "card:update", { cardId: seeded.id, baseVersion: seeded.version, changes: { title: "Edited seed card" } }));
    const draft = story.cards.find((c, i) => i > 2 && c.status === "draft")!;
    reviewedSeedId = draft.id;
    okData(await emitAck(alice, "card:setStatus", { cardId: draft.id, baseVersion: 1, status: "in_review" }));

    before = (await joinStory(alice, ALICE)).story;
    await stop();
    await start();
  });

  afterAll(async () => {
    await desk?.stop();
    await store?.close();
    await database?.drop();
  });

  it("shows a reconnecting editor the story exactly as it was left", async () => {
    const client = await desk.connect();
    const { story } = await joinStory(client, ALICE);
    expect(story.id).toBe(before.id);
    expect(story.cards).toEqual(before.cards);
    expect(story.cards[0]).toMatchObject({
      id: created.id,
      title: "Renamed before the restart",
      summary: "Bea's summary",
      status: "in_review",
      version: 3,
    });
    expect(story.cards.find((c) => c.id === renamedSeedId)?.title).toBe("Edited seed card");
    expect(story.cards.find((c) => c.id === reviewedSeedId)?.status).toBe("in_review");
  });

  it("does not seed the story again or resurrect the deleted card", async () => {
    const db = openInspector(database);
    try {
      expect(await db.story.count()).toBe(1);
      expect(await db.story.count({ where: { slug: petroTrumpStory.slug } })).toBe(1);
      // 10 seeded + 1 created, the deleted one still on record but marked deleted.
      expect(await db.card.count()).toBe(petroTrumpStory.cards.length + 1);
      expect((await db.card.findUniqueOrThrow({ where: { id: deletedId } })).deletedAt).toBeInstanceOf(Date);
    } finally {
      await db.$disconnect();
    }
    const client = await desk.connect();
    const { story } = await joinStory(client, BEA);
    expect(story.cards).toHaveLength(petroTrumpStory.cards.length);
    expect(story.cards.map((c) => c.id)).not.toContain(deletedId);
    const positions = story.cards.map((c) => c.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(positions).size).toBe(positions.length);
  });

  it("keeps versions across the restart: a stale edit still conflicts, a current one is accepted", async () => {
    const client = await desk.connect();
    await joinStory(client, BEA);
    const stale = await emitAck(client, "card:update", { cardId: created.id, baseVersion: 1, changes: { title: "From an old tab" } });
    expect(stale.ok ? null : stale.error).toMatchObject({ code: "CONFLICT", current: { title: "Renamed before the restart" } });
    const fresh = okData(
      await emitAck(client, "card:update", { cardId: created.id, baseVersion: created.version, changes: { title: "After the restart" } }),
    );
    expect(fresh.version).toBe(created.version + 1);
    const next = await emitAck(client, "card:create", { storyId: before.id, title: "New after restart" });
    expect(okData(next).position).toBeGreaterThan(Math.max(...before.cards.map((c) => c.position)));
  });
});
