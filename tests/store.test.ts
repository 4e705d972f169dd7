/** The Prisma store's guarantees that the domain rules rely on, on SQLite and Postgres. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedStory } from "../server/db/seed";
import type { DeskStore, StoryRecord } from "../server/store/types";
import { createTestDatabase, openSeededStore, PROVIDERS, type TestDatabase } from "./helpers/databases";

describe.each(PROVIDERS)("prisma store (%s)", (provider) => {
  let database: TestDatabase;
  let store: DeskStore;
  let story: StoryRecord;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = await openSeededStore(database);
    story = (await store.listStories())[0];
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("never lets a rolled-back transaction undo another editor's acknowledged write", async () => {
    // A move whose plan fails (its card was deleted meanwhile) rolls back; an edit arriving
    // while that transaction is open must still be stored once it has been answered.
    const cards = await store.listCards(story.id);
    for (const card of cards.slice(0, 3)) {
      let edit: Promise<unknown> = Promise.resolve();
      const move = store.reorderCards(story.id, () => {
        edit = store.updateCardIfVersion(card.id, card.version, { title: `Kept ${card.id}`, version: card.version + 1 });
        throw new Error("card vanished");
      });
      await expect(move).rejects.toThrow("card vanished");
      expect(await edit).toMatchObject({ title: `Kept ${card.id}` });
      expect((await store.findCard(card.id))?.title).toBe(`Kept ${card.id}`);
    }
  });

  it("writes with compare-and-set only at the expected version, and never to a deleted card", async () => {
    const card = (await store.createCard({ storyId: story.id, title: "CAS", summary: "", updatedBy: "Test" }))!;
    expect(await store.updateCardIfVersion(card.id, card.version + 1, { title: "Stale", version: card.version + 2 })).toBeNull();
    const written = await store.updateCardIfVersion(card.id, card.version, { title: "Fresh", version: card.version + 1 });
    expect(written).toMatchObject({ title: "Fresh", version: card.version + 1 });
    expect(await store.softDeleteCard(card.id, "Test")).toMatchObject({ id: card.id });
    expect(await store.softDeleteCard(card.id, "Test")).toBeNull();
    expect(await store.updateCardIfVersion(card.id, card.version + 1, { title: "Ghost", version: card.version + 2 })).toBeNull();
    expect(await store.findCard(card.id)).toBeNull();
  });

  it("refuses a card for an unknown story", async () => {
    expect(await store.createCard({ storyId: "no-such-story", title: "Orphan", summary: "", updatedBy: null })).toBeNull();
  });

  it("seeds once: seeding again changes nothing", async () => {
    const before = await store.listCards(story.id);
    expect(await seedStory(store)).toBe(false);
    expect(await store.listStories()).toHaveLength(1);
    expect(await store.listCards(story.id)).toEqual(before);
  });
});
