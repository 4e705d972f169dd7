/**
 * An acknowledgement means the update is readable from storage alone. An editor may type on top
 * of an update it was relayed before that update was stored (possibly by another process, which
 * may die before storing it): such an update is stored, but acknowledged only once the update it
 * builds on is stored too — or the sender is told to open the card again, which resends it.
 * CardDocs over a real store, on SQLite and Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { BODY_FIELD } from "../lib/protocol/collab";
import { CardDocs } from "../server/collab/card-docs";
import type { DeskStore } from "../server/store/types";
import { createCard, firstText, holds, loadStored } from "./helpers/collab";
import { createTestDatabase, openSeededStore, PROVIDERS, type TestDatabase } from "./helpers/databases";
import { SEED_SLUG } from "./helpers/server";

/** Two updates from another editor's document: U, and T typed on top of U. */
function dependentPair(base: Uint8Array): { u: Uint8Array; t: Uint8Array } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const text = (doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const before = Y.encodeStateVector(doc);
  text.insert(0, "[u]");
  const u = Y.encodeStateAsUpdate(doc, before);
  const middle = Y.encodeStateVector(doc);
  text.insert(3, "[t]"); // right after [u]: its position refers to U's characters
  const t = Y.encodeStateAsUpdate(doc, middle);
  doc.destroy();
  return { u, t };
}

describe.each(PROVIDERS)("acks wait for what their update builds on (%s)", (provider) => {
  let database: TestDatabase;
  let store: DeskStore;
  let storyId: string;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = await openSeededStore(database);
    storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("T, stored before the U it builds on, is acknowledged only once U is stored (announced by another process)", async () => {
    const docs = new CardDocs(store.docs, { heldAckMs: 10_000 });
    const card = await createCard(store, storyId, "[base]");
    const live = await docs.open(card.id, "socket-b", storyId);
    const { u, t } = dependentPair(Y.encodeStateAsUpdate(live.doc));

    let acked = false;
    const ack = docs.applyUpdate(live, t).then(() => (acked = true));
    // T's row is written, but T alone is not readable from the store: no ack yet.
    await expect.poll(async () => (await store.docs.loadDoc(card.id))!.updates.length).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(acked).toBe(false);
    expect(firstText(await loadStored(store.docs, card.id))!.toString()).toBe("[base]");

    // Another process stores U and announces it: T is integrated, its ack goes out.
    const [id] = await store.docs.appendUpdates([{ cardId: card.id, update: u }]);
    docs.applyStored(card.id, id, u);
    await ack;
    const stored = await loadStored(store.docs, card.id);
    expect(holds(stored, t)).toBe(true);
    expect(firstText(stored)!.toString()).toBe("[u][t][base]");
    docs.close(card.id, "socket-b");
    await docs.flushAll();
    docs.destroy();
  });

  it("if U never arrives, T's sender is told to open the card again (never a false ack)", async () => {
    const docs = new CardDocs(store.docs, { heldAckMs: 300 });
    const card = await createCard(store, storyId, "[base]");
    const live = await docs.open(card.id, "socket-b", storyId);
    const { t } = dependentPair(Y.encodeStateAsUpdate(live.doc));
    await expect(docs.applyUpdate(live, t)).rejects.toMatchObject({ code: "NOT_JOINED" });
    docs.close(card.id, "socket-b");
    await docs.flushAll();
    docs.destroy();
  });

  it("an update that builds only on what the document has is acknowledged at once", async () => {
    const docs = new CardDocs(store.docs, { heldAckMs: 10_000 });
    const card = await createCard(store, storyId, "[base]");
    const live = await docs.open(card.id, "socket-a", storyId);
    const { u } = dependentPair(Y.encodeStateAsUpdate(live.doc));
    const started = performance.now();
    await docs.applyUpdate(live, u);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(firstText(await loadStored(store.docs, card.id))!.toString()).toBe("[u][base]");
    docs.close(card.id, "socket-a");
    await docs.flushAll();
    docs.destroy();
  });
});
