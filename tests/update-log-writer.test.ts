/**
 * The update-log writer on both databases (SQLite: in a worker thread; Postgres: one
 * connection): a batch comes back with one id per row, increasing in row order, its bytes read
 * back exactly through the store; batches handed over together keep their order; a batch the
 * database refuses (a card that does not exist) fails as a whole, stores nothing, and the next
 * batch is written as usual. Compaction folds the log into the snapshot, nothing is lost, and the
 * snapshot mark changes (on SQLite in the writer's thread, off the main thread).
 */
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUpdateLogWriter, type UpdateLogWriter } from "../server/store/update-log-writer";
import type { DeskStore } from "../server/store/types";
import { createCard } from "./helpers/collab";
import { createTestDatabase, openSeededStore, PROVIDERS, type TestDatabase } from "./helpers/databases";
import { SEED_SLUG } from "./helpers/server";

const logOf = async (store: DeskStore, cardId: string) => (await store.docs.loadDoc(cardId))!.updates;

const updateWith = (text: string) => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
};

describe.each(PROVIDERS)("update-log writer on %s", (provider) => {
  let database: TestDatabase;
  let store: DeskStore;
  let writer: UpdateLogWriter;
  let cardIds: string[];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = await openSeededStore(database);
    writer = createUpdateLogWriter(database.url);
    const storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
    cardIds = [(await createCard(store, storyId, "[a]")).id, (await createCard(store, storyId, "[b]")).id];
  });
  afterAll(async () => {
    await writer?.close();
    await store?.close();
    await database?.drop();
  });

  it("stores a batch across cards with increasing ids, and the bytes read back exactly", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ cardId: cardIds[i % 2], update: updateWith(`row ${i}`) }));
    const ids = await writer.append(rows);
    expect(ids).toHaveLength(50);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const stored = new Map((await Promise.all(cardIds.map((id) => logOf(store, id)))).flat().map((r) => [r.id, r.update]));
    ids.forEach((id, i) => expect(Buffer.from(stored.get(id)!)).toEqual(Buffer.from(rows[i].update)));
  });

  it("keeps the order of batches handed over together", async () => {
    const batches = await Promise.all([0, 1, 2, 3].map((b) => writer.append([{ cardId: cardIds[0], update: updateWith(`batch ${b}`) }])));
    const firsts = batches.map((ids) => ids[0]);
    expect([...firsts].sort((a, b) => a - b)).toEqual(firsts);
  });

  it("fails a refused batch as a whole, storing none of it, and goes on with the next", async () => {
    const before = (await logOf(store, cardIds[1])).length;
    await expect(writer.append([{ cardId: cardIds[1], update: updateWith("kept?") }, { cardId: "no-such-card", update: updateWith("x") }])).rejects.toThrow();
    expect((await logOf(store, cardIds[1])).length).toBe(before);
    const [id] = await writer.append([{ cardId: cardIds[1], update: updateWith("after") }]);
    expect((await logOf(store, cardIds[1])).map((r) => r.id)).toContain(id);
  });

  it("writes a card's derived text only when it changed, with its time, and never to a deleted card", async () => {
    const before = (await store.findCard(cardIds[0]))!;
    const written = await writer.saveDerived(cardIds[0], "Derived text", "<p>Derived text</p>");
    const after = (await store.findCard(cardIds[0]))!;
    // What the desks' previews need comes back with the write, as the store would read it.
    expect(written).toEqual({
      id: after.id,
      storyId: after.storyId,
      title: after.title,
      summary: after.summary,
      body: after.body,
      bodyHtml: after.bodyHtml,
      publishedKey: after.publishedKey,
      updatedAt: after.updatedAt,
    });
    expect([after.body, after.bodyHtml]).toEqual(["Derived text", "<p>Derived text</p>"]);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(Math.abs(after.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await writer.saveDerived(cardIds[0], "Derived text", "<p>Derived text</p>")).toBeNull();
    expect(await writer.saveDerived("no-such-card", "x", "<p>x</p>")).toBeNull();
  });

  it("compacts a card (on SQLite in the writer's thread): the log folds into the snapshot, the text stays whole, the mark changes", async () => {
    const cardId = cardIds[1];
    await store.docs.createDoc(cardId, updateWith("snapshot "));
    await writer.append([{ cardId, update: updateWith("one") }]);
    await writer.append([{ cardId, update: updateWith("two") }]);
    const before = (await store.docs.loadDoc(cardId))!;
    expect(before.updates.length).toBeGreaterThanOrEqual(2);
    const text = (stored: NonNullable<Awaited<ReturnType<DeskStore["docs"]["loadDoc"]>>>) => {
      const doc = new Y.Doc();
      if (stored.state) Y.applyUpdate(doc, stored.state);
      for (const { update } of stored.updates) Y.applyUpdate(doc, update);
      return doc.getText("t").toString();
    };
    const mark = (await store.docs.readSnapshot(cardId))?.mark;
    const result = await store.docs.compactDoc(cardId);
    expect(result).toEqual({ folded: before.updates.length, bytes: expect.any(Number), throughId: before.updates.at(-1)!.id });
    const after = (await store.docs.loadDoc(cardId))!;
    expect(after.updates).toEqual([]);
    expect(text(after)).toBe(text(before));
    expect((await store.docs.readSnapshot(cardId))?.mark).not.toBe(mark);
    expect(await store.docs.compactDoc(cardId)).toEqual({ folded: 0, bytes: null, throughId: null });
    expect(await store.docs.compactDoc("no-such-card")).toBeNull();
    // Where it ran: SQLite's store hands it to its writer thread; Postgres's does it through Prisma.
    expect(typeof writer.compact).toBe(provider === "sqlite" ? "function" : "undefined");
  });
});
