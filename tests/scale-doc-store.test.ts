/**
 * Two processes' card documents over one database (here: two CardDocs in one test process,
 * each with its own store connection, no Redis): updates one of them stores are never lost by
 * the other's compaction, and catching up from the store brings each live document everything
 * the other stored. On SQLite and Postgres (the store code is the same); the case of a row
 * committed late with a smaller id is Postgres's own.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CardDocs } from "../server/collab/card-docs";
import { catchUp } from "../server/collab/cross-process";
import type { DeskStore } from "../server/store/types";
import { bodyXml, createCard, firstText, loadStored, tokensIn } from "./helpers/collab";
import { createTestDatabase, openSeededStore, PROVIDERS, type TestDatabase } from "./helpers/databases";
import { SEED_SLUG } from "./helpers/server";

/** An update that inserts `token` at the end of the first paragraph of `doc` (a copy of the live one). */
function typing(live: Y.Doc, token: string): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(live));
  const before = Y.encodeStateVector(copy);
  const text = firstText(copy)!;
  text.insert(text.length, token);
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  return update;
}

describe.each(PROVIDERS)("card documents of two processes on one database (%s)", (provider) => {
  let database: TestDatabase;
  let storeA: DeskStore;
  let storeB: DeskStore;
  let storyId: string;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    storeA = await openSeededStore(database);
    // SQLite: one connection per process would be two writers on one file, which is not
    // supported; the same store then stands for both processes' connections.
    storeB = provider === "postgres" ? await openSeededStore(database) : storeA;
    storyId = (await storeA.findStoryBySlug(SEED_SLUG))!.id;
  });
  afterAll(async () => {
    await storeA?.close();
    if (storeB !== storeA) await storeB?.close();
    await database?.drop();
  });

  it("a compaction by one process keeps the other's updates, and catching up brings each side the other's text", async () => {
    const card = await createCard(storeA, storyId, "[base]");
    const A = new CardDocs(storeA.docs, { compactEvery: 3 });
    const B = new CardDocs(storeB.docs, { compactEvery: 1000 });
    const [a, b] = [await A.open(card.id, "sa", storyId), await B.open(card.id, "sb", storyId)];
    const typed = ["[base]"];
    for (let n = 0; n < 6; n++) {
      // B stores one of its own, then A stores three and compacts: A's live document has not
      // heard of B's update (no announcement here), yet the snapshot A writes must keep it.
      await B.applyUpdate(b, typing(b.doc, `[b${n}]`));
      typed.push(`[b${n}]`);
      for (let k = 0; k < 3; k++) {
        await A.applyUpdate(a, typing(a.doc, `[a${n}.${k}]`));
        typed.push(`[a${n}.${k}]`);
      }
    }
    await A.flushAll();
    const stored = await loadStored(storeA.docs, card.id);
    expect(tokensIn(firstText(stored)!.toString()).sort()).toEqual([...typed].sort());

    // Each live document lacks the other's text until it catches up from the store.
    expect(tokensIn(firstText(a.doc)!.toString())).not.toContain("[b0]");
    await catchUp(A, storeA.docs);
    await catchUp(B, storeB.docs);
    expect(bodyXml(a.doc)).toBe(bodyXml(stored));
    expect(bodyXml(b.doc)).toBe(bodyXml(stored));
    await B.flushAll();
    expect(bodyXml(await loadStored(storeB.docs, card.id))).toBe(bodyXml(stored));
    A.destroy();
    B.destroy();
  });

  it("a card open through a long session remembers only the rows still in the log, not every keystroke", async () => {
    const card = await createCard(storeA, storyId, "[base]");
    const docs = new CardDocs(storeA.docs, { compactEvery: 10 });
    const live = await docs.open(card.id, "s", storyId);
    for (let n = 0; n < 120; n++) await docs.applyUpdate(live, typing(live.doc, `[k${n}]`));
    await docs.flushAll(); // the last compaction folds everything
    const { seen } = docs.appliedOf(live);
    expect(seen.size).toBeLessThan(10);
    // Nothing is lost by forgetting: the store and a catch-up agree with the live document.
    await catchUp(docs, storeA.docs);
    expect(bodyXml(await loadStored(storeA.docs, card.id))).toBe(bodyXml(live.doc));
    expect(tokensIn(firstText(live.doc)!.toString())).toHaveLength(121);
    docs.destroy();
  });
});

// Postgres hands out ids when rows are inserted, not when they commit.
describe("a late commit on Postgres", () => {
  let database: TestDatabase;
  let store: DeskStore;
  let storyId: string;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    store = await openSeededStore(database);
    storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("a row committed late with a smaller id is neither deleted nor skipped by a compaction", async () => {
    const card = await createCard(store, storyId, "[base]");
    const docs = new CardDocs(store.docs, { compactEvery: 1000 });
    const live = await docs.open(card.id, "s", storyId);
    // Another process's insert takes its id now and commits only after a compaction ran.
    const slow = new pg.Client({ connectionString: database.url });
    await slow.connect();
    try {
      await slow.query("BEGIN");
      const late = typing(live.doc, "[late]");
      await slow.query(`INSERT INTO "CardDocUpdate" ("cardId", "update") VALUES ($1, $2)`, [card.id, Buffer.from(late)]);
      await docs.applyUpdate(live, typing(live.doc, "[x]"));
      await docs.flushAll(); // folds [x] (a larger id) and moves the snapshot past the late row's id
      await slow.query("COMMIT");
    } finally {
      await slow.end();
    }
    const stored = await loadStored(store.docs, card.id);
    expect(tokensIn(firstText(stored)!.toString()).sort()).toEqual(["[base]", "[late]", "[x]"]);
    docs.destroy();
  });
});
