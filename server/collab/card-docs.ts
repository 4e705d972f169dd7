/**
 * The live Yjs documents of the cards' text, one per card while anyone has it open.
 *
 * Rules that keep every acknowledged keystroke and never double one:
 * - A document is always loaded from what is stored (snapshot + update log). Only a card that
 *   has never had a document gets one built from its plain-text body, and that first snapshot
 *   is stored (once, whichever process wins) before anyone syncs with it.
 * - An update is validated, applied, relayed to the other editors of the card and appended to
 *   the log, and only then acknowledged to its sender; all
 *   writes of one document go through one queue, so the log order is the apply order. Readers
 *   (an editor opening the card) go through the same queue, so they never see a change that is
 *   not stored yet.
 * - If applying throws (Yjs may have changed the document before throwing) or the append fails,
 *   the live document holds something the store does not: it is dropped at once, never served,
 *   compacted or flushed, and its editors are told to open the card again (NOT_JOINED), which
 *   loads it from the store and resends whatever the store lacks.
 * - Only editors of the card's own story can open it; a card of another story is "not found",
 *   and nothing is loaded or written for it.
 * - The log is compacted into a snapshot every `compactEvery` updates and on unload; derived
 *   text (plain + HTML) is written shortly after changes. Failed writes stay dirty and are
 *   retried; a document is unloaded only when nobody has it open and nothing is pending.
 * - Other processes may write the same card (several servers on one Postgres database). The
 *   store is the truth: each update this process stores is announced ("stored"), updates other
 *   processes stored arrive through `applyStored` and `catchUp` (./cross-process.ts), are
 *   applied at once (they are durable already, so no queue is needed) and reported as
 *   "remoteUpdate" for this process's editors of the card. Compaction folds what the store
 *   holds, never the live document, so it cannot drop another process's updates.
 */
import { EventEmitter } from "node:events";
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { BODY_FIELD, COLLAB_LIMITS } from "../../lib/protocol/collab";
import { DomainError, notFound } from "../domain/errors";
import { loggerFor } from "../logger";
import { serialQueue } from "../store/serial";
import type { DocStore } from "../store/types";
import { isEmptyUpdate, REMOTE, reopen, type CardDocsEvents, type CardDocsOptions, type Entry, type LiveDoc } from "./live-doc";
import { fragmentFromPlainText, renderFragment } from "./render";

export { isEmptyUpdate, type CardDocsOptions, type LiveDoc } from "./live-doc";

const log = loggerFor("collab");

export class CardDocs extends EventEmitter<CardDocsEvents> {
  private readonly entries = new Map<string, Promise<Entry>>();
  /** The settled entries of `entries`, to drop exactly the one that failed. */
  private readonly loaded = new Map<string, Entry>();
  private readonly opts: Required<CardDocsOptions>;

  constructor(
    private readonly store: DocStore,
    options: CardDocsOptions = {},
  ) {
    super();
    this.opts = { compactEvery: 100, unloadAfterMs: 30_000, deriveDelayMs: 1_500, retryDelayMs: 2_000, ...options };
  }

  /**
   * Opens a card's document for one user (a socket id) of story `storyId`, loading it if
   * needed. A card of another story is NOT_FOUND, with no side effect.
   */
  async open(cardId: string, userId: string, storyId: string): Promise<LiveDoc> {
    for (let attempt = 0; ; attempt++) {
      let pending = this.entries.get(cardId);
      const mine = !pending;
      if (!pending) {
        const loading = this.load(cardId, storyId).then((entry) => {
          this.loaded.set(cardId, entry);
          return entry;
        });
        loading.catch(() => {
          if (this.entries.get(cardId) === loading) this.entries.delete(cardId);
        });
        this.entries.set(cardId, loading);
        pending = loading;
      }
      let entry: Entry;
      try {
        entry = await pending;
      } catch (err) {
        // Another user's load failed (it may have been refused for another story): try our own.
        if (mine || attempt > 0) throw err;
        continue;
      }
      if (entry.broken) {
        if (attempt > 2) throw reopen();
        continue; // dropped meanwhile; the next attempt loads it from the store
      }
      if (entry.storyId !== storyId) throw notFound("Card");
      entry.users.add(userId);
      clearTimeout(entry.unloadTimer);
      return entry;
    }
  }

  /** The document if this user has it open. */
  async opened(cardId: string, userId: string): Promise<LiveDoc | null> {
    const entry = await this.entries.get(cardId)?.catch(() => null);
    return entry && !entry.broken && entry.users.has(userId) ? entry : null;
  }

  /**
   * Reads the document in its queue, after every update already received is stored, and
   * before any later one: what `read` sees is exactly a stored state.
   */
  async read<T>(live: LiveDoc, read: (live: LiveDoc) => T): Promise<T> {
    const entry = live as Entry;
    return entry.queue(async () => {
      if (entry.broken) throw reopen();
      return read(entry);
    });
  }

  close(cardId: string, userId: string): void {
    void this.entries.get(cardId)?.then((entry) => {
      entry.users.delete(userId);
      if (entry.users.size === 0) this.scheduleUnload(entry, this.opts.unloadAfterMs);
    }, () => undefined);
  }

  /**
   * Validates, applies and stores one update; resolves once it is durable. Refuses malformed
   * updates and updates that would make the document too large, leaving everything untouched.
   */
  async applyUpdate(live: LiveDoc, update: Uint8Array, onApplied?: () => void): Promise<void> {
    const entry = live as Entry;
    if (isEmptyUpdate(update)) return;
    const malformed = () => new DomainError("MALFORMED_UPDATE", "The text update could not be read; it was not applied");
    await entry.queue(async () => {
      if (entry.broken) throw reopen();
      if (entry.bytes + update.byteLength > COLLAB_LIMITS.docBytesMax) {
        throw new DomainError("DOC_TOO_LARGE", `This card's text would exceed ${COLLAB_LIMITS.docBytesMax / 1024 / 1024} MB`);
      }
      try {
        Y.decodeUpdate(update); // throws on most bytes that are not a Yjs update, before anything changes
      } catch {
        throw malformed();
      }
      try {
        Y.applyUpdate(entry.doc, update, "client");
      } catch (err) {
        // A decodable update can still throw halfway through integrating, after changing the
        // document (e.g. a reference to an item that is not a type): drop that state.
        this.drop(entry, err);
        throw malformed();
      }
      // Relay to the other editors now, while it is stored: their latency need not include the
      // write. Nothing acknowledged can be lost by this: the sender gets its ack only once the
      // update is stored, and if the write fails every holder sends it back when it reopens.
      onApplied?.();
      let id: number;
      try {
        id = await this.store.appendUpdate(entry.cardId, update);
      } catch (err) {
        // Applied but maybe not stored: nobody may be served it, nor may a snapshot include it.
        this.drop(entry, err);
        throw err;
      }
      entry.seen.add(id);
      this.emit("stored", { cardId: entry.cardId, id, update });
      entry.sinceSnapshot += 1;
      entry.bytes += update.byteLength;
      this.scheduleDerive(entry, this.opts.deriveDelayMs);
      if (entry.sinceSnapshot >= this.opts.compactEvery) void entry.queue(() => this.compact(entry)).catch(() => undefined);
    });
  }

  /**
   * Applies an update another process stored (row `id` of the card's log). Ignored when this
   * process does not have the card loaded: a later load reads it from the store. Idempotent.
   */
  applyStored(cardId: string, id: number, update: Uint8Array): void {
    void this.entries.get(cardId)?.then(
      (entry) => this.applyRow(entry, id, update),
      () => undefined,
    );
  }

  /** The settled, healthy documents (for catching up with the store). */
  liveEntries(): LiveDoc[] {
    return [...this.loaded.values()].filter((e) => !e.broken);
  }

  /** What this document has applied: log row ids and snapshot mark. */
  appliedOf(live: LiveDoc): { seen: ReadonlySet<number>; mark: string | null } {
    const entry = live as Entry;
    return { seen: entry.seen, mark: entry.mark };
  }

  /** Applies a stored snapshot read by a catch-up (idempotent: Yjs skips what the document has). */
  applySnapshot(live: LiveDoc, state: Uint8Array, mark: string): void {
    const entry = live as Entry;
    if (entry.broken || !this.applyStoredBytes(entry, state, { snapshot: mark })) return;
    entry.mark = mark;
    // The snapshot overlaps what the document had: measure the document instead of adding.
    entry.bytes = Y.encodeStateAsUpdate(entry.doc).byteLength;
  }

  /** Applies one stored log row (see applyStored). */
  applyRow(live: LiveDoc, id: number, update: Uint8Array): void {
    const entry = live as Entry;
    if (entry.broken || entry.seen.has(id)) return;
    if (this.applyStoredBytes(entry, update, { id })) entry.seen.add(id);
  }

  /** Forgets row ids that are no longer in the log (folded into a snapshot), to bound memory. */
  pruneSeen(live: LiveDoc, inLog: number[]): void {
    const entry = live as Entry;
    const keep = new Set(inLog);
    for (const id of entry.seen) if (!keep.has(id)) entry.seen.delete(id);
  }

  private applyStoredBytes(entry: Entry, update: Uint8Array, what: object): boolean {
    try {
      Y.applyUpdate(entry.doc, update, REMOTE);
    } catch (err) {
      // Stored but unreadable here: the document may be half-changed, so reload it from the store.
      log.error({ err, cardId: entry.cardId, ...what }, "an update stored by another process could not be applied");
      this.drop(entry, err);
      return false;
    }
    entry.bytes += update.byteLength;
    return true;
  }

  /** Writes everything pending for every loaded document (used on shutdown). */
  async flushAll(): Promise<void> {
    const entries = await Promise.allSettled([...this.entries.values()]);
    await Promise.all(
      entries.flatMap((r) => (r.status === "fulfilled" ? [r.value.queue(() => this.flush(r.value))] : [])),
    );
  }

  /** Stops every timer and forgets the documents (after flushAll). */
  destroy(): void {
    for (const pending of this.entries.values()) {
      void pending.then((entry) => this.dispose(entry), () => undefined);
    }
    this.entries.clear();
    this.loaded.clear();
  }

  get loadedCount(): number {
    return this.entries.size;
  }

  private async load(cardId: string, storyId: string, attempt = 0): Promise<Entry> {
    const stored = await this.store.loadDoc(cardId);
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
      if (!(await this.store.createDoc(cardId, state))) {
        doc.destroy();
        if (attempt > 2) throw new Error(`card ${cardId}: cannot create its document`);
        return this.load(cardId, storyId, attempt + 1);
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
    const entry: Entry = {
      cardId,
      storyId: stored.storyId,
      doc,
      awareness,
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
    };
    if (entry.deriveDirty) this.scheduleDerive(entry, 0);
    // Only changes that came from another process: local ones were relayed by their handler.
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) return;
      this.scheduleDerive(entry, this.opts.deriveDelayMs);
      this.emit("remoteUpdate", { cardId, update });
    });
    log.debug({ cardId, updates: stored.updates.length, bytes }, "document loaded");
    return entry;
  }

  private scheduleDerive(entry: Entry, delay: number): void {
    entry.deriveDirty = true;
    if (entry.deriveTimer) return;
    entry.deriveTimer = setTimeout(() => {
      entry.deriveTimer = undefined;
      void entry.queue(() => this.derive(entry)).catch(() => this.scheduleDerive(entry, this.opts.retryDelayMs));
    }, delay);
  }

  /** Writes the plain text and HTML of the body when they changed. */
  private async derive(entry: Entry): Promise<void> {
    if (!entry.deriveDirty || entry.broken) return;
    entry.deriveDirty = false;
    const { text, html } = renderFragment(entry.doc.getXmlFragment(BODY_FIELD));
    const key = `${text}\u0000${html}`;
    if (key === entry.derived) return;
    try {
      const card = await this.store.saveDerivedBody(entry.cardId, text, html);
      entry.derived = key;
      if (card) this.emit("bodyChanged", card);
    } catch (err) {
      entry.deriveDirty = true;
      log.warn({ err, cardId: entry.cardId }, "derived text not saved; will retry");
      throw err;
    }
  }

  /**
   * Folds the stored log into the stored snapshot. Runs in the document's queue, so none of
   * this process's updates is between applied and stored; the store folds what it holds (this
   * process's rows and other processes'), never this live document.
   */
  private async compact(entry: Entry): Promise<void> {
    if (entry.sinceSnapshot === 0 || entry.broken) return;
    const counted = entry.sinceSnapshot;
    const result = await this.store.compactDoc(entry.cardId);
    entry.sinceSnapshot -= counted;
    if (result?.bytes != null) entry.bytes = result.bytes;
    log.debug({ cardId: entry.cardId, ...result }, "document compacted");
  }

  private async flush(entry: Entry): Promise<void> {
    clearTimeout(entry.deriveTimer);
    entry.deriveTimer = undefined;
    await this.compact(entry);
    await this.derive(entry);
  }

  private scheduleUnload(entry: Entry, delay: number): void {
    clearTimeout(entry.unloadTimer);
    entry.unloadTimer = setTimeout(() => {
      void entry
        .queue(() => this.flush(entry))
        .then(
          () => {
            if (entry.users.size > 0) return; // someone came back meanwhile
            this.forget(entry);
            this.dispose(entry);
          },
          (err) => {
            log.warn({ err, cardId: entry.cardId }, "unload postponed: pending writes failed");
            this.scheduleUnload(entry, this.opts.retryDelayMs);
          },
        );
    }, delay);
    entry.unloadTimer.unref?.();
  }

  /** Removes this entry (not a newer one of the same card) from the loaded documents. */
  private forget(entry: Entry): void {
    if (this.loaded.get(entry.cardId) !== entry) return;
    this.loaded.delete(entry.cardId);
    this.entries.delete(entry.cardId);
  }

  /** After a failed apply or write: the next open loads the card from the store. */
  private drop(entry: Entry, err: unknown): void {
    log.warn({ err, cardId: entry.cardId }, "live document dropped: it may hold a change that is not stored");
    entry.broken = true;
    this.forget(entry);
    this.dispose(entry);
  }

  private dispose(entry: Entry): void {
    clearTimeout(entry.deriveTimer);
    clearTimeout(entry.unloadTimer);
    entry.awareness.destroy();
    entry.doc.destroy();
  }
}
