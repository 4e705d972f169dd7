/**
 * Loads a card's live document from the store: snapshot plus the update log, never rebuilt and
 * merged. Only a card that has never had a document gets one built from its plain-text body,
 * and that first snapshot is stored (once, whichever process wins) before anyone syncs with it.
 */
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { notFound } from "../domain/errors";
import { loggerFor } from "../logger";
import { serialQueue } from "../store/serial";
import type { DocStore } from "../store/types";
import { HeldAcks } from "./held-acks";
import type { Entry } from "./live-doc";
import { fragmentFromPlainText } from "./render";

const log = loggerFor("collab");

/** How long an ack may wait for the updates its update builds on (see ./held-acks.ts). */
export const HELD_ACK_MS = 10_000;

/** A card of `storyId` as stored, as a live entry nobody has open yet. NOT_FOUND for another story's card. */
export async function loadEntry(store: DocStore, cardId: string, storyId: string, attempt = 0): Promise<Entry> {
  const stored = await store.loadDoc(cardId);
  // Another story's card: not found, and nothing created or derived for it.
  if (!stored || stored.storyId !== storyId) throw notFound("Card");
  const doc = new Y.Doc();
  let bytes = 0;
  if (stored.state) {
    Y.applyUpdate(doc, stored.state);
    bytes += stored.state.byteLength;
  } else if (stored.updates.length === 0) {
    // First time this card is edited: turn its plain text into a document once, store it,
    // and only then let anyone sync. A process that loses the race loads the winner's.
    fragmentFromPlainText(doc, stored.body);
    const state = Y.encodeStateAsUpdate(doc);
    if (!(await store.createDoc(cardId, state))) {
      doc.destroy();
      if (attempt > 2) throw new Error(`card ${cardId}: cannot create its document`);
      return loadEntry(store, cardId, storyId, attempt + 1);
    }
    bytes += state.byteLength;
  }
  for (const { id, update } of stored.updates) {
    try {
      Y.applyUpdate(doc, update);
      bytes += update.byteLength;
    } catch (err) {
      log.error({ err, cardId, updateId: id }, "skipping an unreadable stored update");
    }
  }
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  log.debug({ cardId, updates: stored.updates.length, bytes }, "document loaded");
  return {
    cardId,
    storyId: stored.storyId,
    doc,
    awareness,
    awarenessOwners: new Map(),
    queue: serialQueue(),
    broken: false,
    seen: new Set(stored.updates.map((u) => u.id)),
    mark: stored.mark,
    sinceSnapshot: stored.updates.length,
    bytes,
    users: new Set(),
    derived: stored.body,
    // A document just built from plain text has no HTML yet.
    deriveDirty: !stored.state,
    tail: Promise.resolve(),
    compactQueued: false,
    held: new HeldAcks(doc, HELD_ACK_MS),
  };
}
