/**
 * Suggestion mode through the real server (the card-text channel; the checks themselves are
 * transport-free, server/collab/suggestion-guard.ts), on SQLite and Postgres: a contributor on a
 * published card may send suggestions and nothing else, and publishing never includes an
 * unaccepted suggestion.
 */
import * as Y from "yjs";
import { beforeAll, describe, expect, it } from "vitest";
import { newSuggestionId } from "../lib/protocol/suggestions";
import type { Card } from "../lib/protocol/schemas";
import { channelFor, firstText, loadStored, openCard, openText, storedRows, syncCard, syncStep1, typeBody, updateMessage, updateOf } from "./helpers/collab";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { PROVIDERS } from "./helpers/databases";
import { ackError, emitAck, joinStory, okData, type DeskClient, type Person } from "./helpers/server";
import { waitFor } from "./helpers/wait";

const CARLA: Person = { name: "Carla", clientId: "client-carla-001", role: "contributor" };

/** Opens the card's text on a raw socket and returns the document as the server sent it. */
async function openRaw(socket: DeskClient, cardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const opened = okData(await openCard(socket, cardId, syncStep1(doc)));
  Y.applyUpdate(doc, updateOf(new Uint8Array(opened.syncStep2)));
  return doc;
}

/** Sends what `change` does to a copy of `doc` as one update on the card-text channel. */
function sendChange(socket: DeskClient, cardId: string, doc: Y.Doc, change: (text: Y.XmlText) => void) {
  const before = Y.encodeStateVector(doc);
  change(firstText(doc)!);
  return syncCard(socket, cardId, updateMessage(Y.encodeStateAsUpdate(doc, before)));
}

describe.each(PROVIDERS)("suggestion mode (%s)", (provider) => {
  const ctx = useDesk(provider);
  let carla: DeskClient;
  let carlaId: string;
  let card: Card;
  /** Waits until the derived body in the store (what publishing compares) is `text` (beforeAll has no expect.poll). */
  async function storedBody(cardId: string, text: string) {
    const stored = async () => (await ctx.store.findCard(cardId))?.body;
    // On time-out, the assertion below says what the body is instead.
    await waitFor(async () => (await stored()) === text, { timeoutMs: 10_000, intervalMs: 50, what: "stored body" }).catch(() => {});
    expect(await stored()).toBe(text);
  }

  beforeAll(async () => {
    carla = await ctx.desk.connect({ as: CARLA });
    const joined = await joinStory(carla, CARLA);
    carlaId = joined.me.id;
    card = await createCardAs(ctx.alice, ctx.storyId, "The meeting");
    await typeBody(ctx.alice, card.id, "Petro met Trump.");
    await storedBody(card.id, "Petro met Trump.");
    card = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }));
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
  });

  it("refuses a contributor's forged plain edit on a published card, and stores nothing", async () => {
    const doc = await openRaw(carla, card.id);
    const rows = await storedRows(ctx.store.docs, card.id);
    const refused = ackError(await sendChange(carla, card.id, doc, (t) => t.insert(0, "Breaking: ")), "FORBIDDEN");
    expect(refused.message).toMatch(/only suggest/);
    expect(await storedRows(ctx.store.docs, card.id)).toEqual(rows);
    channelFor(carla).close(card.id);
  });

  it("accepts a contributor's suggestions, and publishing leaves out the unaccepted ones", async () => {
    const doc = await openRaw(carla, card.id);
    okData(await sendChange(carla, card.id, doc, (t) => t.insert(9, " President", { insertion: { id: newSuggestionId(carlaId) } })));
    okData(await sendChange(carla, card.id, doc, (t) => t.format(0, 6, { deletion: { id: newSuggestionId(carlaId) } })));
    const stored = await loadStored(ctx.store.docs, card.id);
    expect(firstText(stored)!.toString()).toContain("President");

    // An editor changes the text directly too, so there is something to republish.
    await typeBodyAppend(ctx.alice, card.id, " They spoke for two hours.");
    await storedBody(card.id, "Petro met Trump. They spoke for two hours.");
    const fresh = (await ctx.store.findCard(card.id))!;
    const republished = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: fresh.version }));
    const revision = await ctx.db.cardRevision.findFirst({ where: { cardId: card.id, number: republished.publishedRevision! } });
    expect(revision?.bodyHtml).toBe("<p>Petro met Trump. They spoke for two hours.</p>");
    expect(revision?.bodyHtml).not.toContain("President");
    channelFor(carla).close(card.id);
  });
});

/** Appends `text` to the first paragraph as an editor (a plain edit). */
async function typeBodyAppend(socket: DeskClient, cardId: string, text: string): Promise<void> {
  const { doc, provider } = openText({ socket }, cardId);
  await provider.whenSaved();
  const t = firstText(doc)!;
  t.insert(t.length, text);
  await provider.whenSaved();
  provider.destroy();
  doc.destroy();
}
