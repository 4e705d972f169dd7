/**
 * The live Yjs documents of the cards' text, one per card while anyone has it open.
 *
 * Rules that keep every acknowledged keystroke and never double one:
 * - A document is always loaded from what is stored (snapshot + update log). Only a card that
 *   has never had a document gets one built from its plain-text body, and that first snapshot
 *   is stored (once, whichever process wins) before anyone syncs with it.
 * - An update is validated, applied and relayed to the other editors of the card at once, then
 *   written by the process's group commit (./group-commit.ts: the updates that arrive while a
 *   write is in flight go together in the next transaction, across cards, in arrival order), and
 *   only then acknowledged to its sender. Neither the relay, nor the card's next update, nor the
 *   socket's next event waits for the disk. Readers (an editor opening the card, publishing,
 *   derived text) read the document and then wait until what they read is stored, so they never
 *   act on a change that is not.
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
import { notFound } from "../domain/errors";
import { loggerFor } from "../logger";
import type { DocStore } from "../store/types";
import { integrateClientUpdate, isEmptyUpdate, REMOTE, reopen, type CardDocsEvents, type CardDocsOptions, type Entry, type LiveDoc } from "./live-doc";
import { GroupCommit } from "./group-commit";
import { loadEntry } from "./load-doc";
import { compactLog, writeDerivedText } from "./write-back";

export { isEmptyUpdate, type CardDocsOptions, type LiveDoc } from "./live-doc";

const log = loggerFor("collab");

export class CardDocs extends EventEmitter<CardDocsEvents> {
  private readonly entries = new Map<string, Promise<Entry>>();
  /** The settled entries of `entries`, to drop exactly the one that failed. */
  private readonly loaded = new Map<string, Entry>();
  private readonly opts: Required<CardDocsOptions>;
  /** Every update of every card goes to the store through this one group commit. */
  private readonly writer: GroupCommit;

  constructor(
    private readonly store: DocStore,
    options: CardDocsOptions = {},
  ) {
    super();
    // Compaction folds the card's whole document, so its cost grows with the card while each
    // update it saves a load stays tiny: every 500 updates, as y-indexeddb trims its log. Every
    // 100 took 17 % of the writer thread at 50 editors (bench/RESULTS.md, session 9).
    this.opts = { compactEvery: 500, unloadAfterMs: 30_000, deriveDelayMs: 1_500, retryDelayMs: 2_000, maxBatchRows: 500, heldAckMs: 10_000, ...options };
    this.writer = new GroupCommit((rows) => this.store.appendUpdates(rows), {
      maxRows: this.opts.maxBatchRows,
      maxInFlight: store.maxWritesInFlight,
    });
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
   * Reads the document now and resolves once everything it saw is stored (updates applied
   * here are written in order): what `read` returns is exactly a stored state. If a write
   * fails meanwhile the document is dropped and the read answers "open it again".
   */
  async read<T>(live: LiveDoc, read: (live: LiveDoc) => T): Promise<T> {
    const entry = live as Entry;
    if (entry.broken) throw reopen();
    const result = read(entry);
    await entry.tail;
    if (entry.broken) throw reopen();
    return result;
  }

  /** `opened` without waiting, for a loaded document; null otherwise (then ask `opened`). */
  openedNow(cardId: string, userId: string): LiveDoc | null {
    const entry = this.loaded.get(cardId);
    return entry && !entry.broken && entry.users.has(userId) ? entry : null;
  }

  /** At once for a loaded document (so `openedNow` never answers for a closed card), else once loaded. */
  close(cardId: string, userId: string): void {
    const leave = (entry: Entry) => {
      entry.users.delete(userId);
      if (entry.users.size === 0) this.scheduleUnload(entry, this.opts.unloadAfterMs);
    };
    const loaded = this.loaded.get(cardId);
    if (loaded) leave(loaded);
    else void this.entries.get(cardId)?.then(leave, () => undefined);
  }

  /**
   * Validates and applies one update, calls `relay` (to the card's other editors), and queues it
   * for the next group commit. Applying and queueing happen before this returns, synchronously:
   * a socket's updates are applied in the order it sent them, and neither the card's next update
   * nor the socket's next event waits for the disk. The promise settles once the update is
   * durable (the sender's ack), or rejects when it was refused (nothing changed) or not stored
   * (the document is dropped, see the head of this file).
   *
   * The relay goes out at once where the store orders every later read after the writes handed
   * to it (SQLite: one queue), so nobody can see a relayed update that a read of the store then
   * lacks. Where it does not (Postgres: other connections, other processes), it goes out as soon
   * as the update's batch is committed — one group commit, not the update's own write.
   */
  applyUpdate(live: LiveDoc, update: Uint8Array, relay?: () => void): Promise<void> {
    const entry = live as Entry;
    if (isEmptyUpdate(update)) return Promise.resolve();
    try {
      integrateClientUpdate(entry, update, (err) => this.drop(entry, err));
    } catch (err) {
      return Promise.reject(err);
    }
    const early = this.store.readsFollowWrites;
    if (early) relay?.();
    return this.persist(entry, update, early ? undefined : relay);
  }

  /**
   * Queues an applied update for the next group commit. Batches are written in order, so once
   * this update is durable every earlier one of the card is too; a failed batch drops the
   * document before the next batch is taken, and the card's later updates are never written.
   */
  private persist(entry: Entry, update: Uint8Array, relayWhenStored?: () => void): Promise<void> {
    const durable = new Promise<void>((resolve, reject) => {
      this.writer.add({
        cardId: entry.cardId,
        update,
        valid: () => !entry.broken,
        stored: (id) => {
          relayWhenStored?.();
          entry.seen.add(id);
          entry.sinceSnapshot += 1;
          this.emit("stored", { cardId: entry.cardId, id, update });
          this.scheduleDerive(entry, this.opts.deriveDelayMs);
          if (entry.sinceSnapshot >= this.opts.compactEvery) this.scheduleCompact(entry);
          // Durable; acknowledged once the document also has every update it builds on.
          entry.held.whenIntegrated(update, resolve, reject);
        },
        failed: (err) => {
          // Applied but not stored: nobody may be served it, nor may a snapshot include it.
          if (err !== null) this.drop(entry, err);
          reject(err ?? reopen());
        },
      });
    });
    entry.tail = durable.catch(() => undefined);
    return durable;
  }

  private scheduleCompact(entry: Entry): void {
    if (entry.compactQueued) return;
    entry.compactQueued = true;
    void entry
      .queue(() => {
        entry.compactQueued = false;
        return compactLog(this.store, entry);
      })
      .catch(() => undefined);
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
    entry.held.check();
    return true;
  }

  /** Writes everything pending for every loaded document (used on shutdown). */
  async flushAll(): Promise<void> {
    await this.writer.drain();
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

  private async load(cardId: string, storyId: string): Promise<Entry> {
    const entry = await loadEntry(this.store, cardId, storyId, this.opts.heldAckMs);
    if (entry.deriveDirty) this.scheduleDerive(entry, 0);
    // Only changes that came from another process: local ones were relayed by their handler.
    entry.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) return;
      this.scheduleDerive(entry, this.opts.deriveDelayMs);
      this.emit("remoteUpdate", { cardId, update });
    });
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

  private async derive(entry: Entry): Promise<void> {
    const card = await writeDerivedText(this.store, entry);
    if (card) this.emit("bodyChanged", card);
  }

  private async flush(entry: Entry): Promise<void> {
    await entry.tail; // never unload (or stop) with a write pending
    clearTimeout(entry.deriveTimer);
    entry.deriveTimer = undefined;
    await compactLog(this.store, entry);
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
    entry.held.failAll(reopen());
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
