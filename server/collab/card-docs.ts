/**
 * The live Yjs documents of the cards' text, one per card while anyone has it open.
 *
 * Rules that keep every acknowledged keystroke and never double one:
 * - A document is always loaded from what is stored (snapshot + update log). Only a card that
 *   has never had a document gets one built from its plain-text body, and that first snapshot
 *   is stored (once, whichever process wins) before anyone syncs with it.
 * - An update is validated, applied and appended to the log before it is acknowledged; all
 *   writes of one document go through one queue, so the log order is the apply order.
 * - The log is compacted into a snapshot every `compactEvery` updates and on unload; derived
 *   text (plain + HTML) is written shortly after changes. Failed writes stay dirty and are
 *   retried; a document is unloaded only when nobody has it open and nothing is pending.
 */
import { EventEmitter } from "node:events";
import * as Y from "yjs";
import { Awareness } from "y-protocols/awareness";
import { BODY_FIELD, COLLAB_LIMITS } from "../../lib/protocol/collab";
import { DomainError, notFound } from "../domain/errors";
import { loggerFor } from "../logger";
import { serialQueue, type Enqueue } from "../store/serial";
import type { CardRecord, DocStore } from "../store/types";
import { fragmentFromPlainText, renderFragment } from "./render";

const log = loggerFor("collab");

export interface CardDocsOptions {
  compactEvery?: number;
  unloadAfterMs?: number;
  deriveDelayMs?: number;
  retryDelayMs?: number;
}

export interface LiveDoc {
  readonly cardId: string;
  readonly storyId: string;
  readonly doc: Y.Doc;
  /** Cursors and names of the people on the card; the server holds no state of its own. */
  readonly awareness: Awareness;
}

interface Entry extends LiveDoc {
  queue: Enqueue;
  lastId: number;
  sinceSnapshot: number;
  bytes: number;
  users: Set<string>;
  derived: string;
  deriveDirty: boolean;
  deriveTimer?: NodeJS.Timeout;
  unloadTimer?: NodeJS.Timeout;
}

/** An empty Yjs update (no structs, empty delete set): nothing to store or send. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength <= 2 && update.every((b) => b === 0);
}

/** Emits "bodyChanged" (card: CardRecord) after a card's derived text was stored. */
export class CardDocs extends EventEmitter<{ bodyChanged: [CardRecord] }> {
  private readonly entries = new Map<string, Promise<Entry>>();
  private readonly opts: Required<CardDocsOptions>;

  constructor(
    private readonly store: DocStore,
    options: CardDocsOptions = {},
  ) {
    super();
    this.opts = { compactEvery: 100, unloadAfterMs: 30_000, deriveDelayMs: 300, retryDelayMs: 2_000, ...options };
  }

  /** Opens a card's document for one user (a socket id), loading it if needed. */
  async open(cardId: string, userId: string): Promise<LiveDoc> {
    let pending = this.entries.get(cardId);
    if (!pending) {
      pending = this.load(cardId);
      this.entries.set(cardId, pending);
      pending.catch(() => this.entries.delete(cardId));
    }
    const entry = await pending;
    entry.users.add(userId);
    clearTimeout(entry.unloadTimer);
    return entry;
  }

  /** The document if this user has it open. */
  async opened(cardId: string, userId: string): Promise<LiveDoc | null> {
    const entry = await this.entries.get(cardId)?.catch(() => null);
    return entry?.users.has(userId) ? entry : null;
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
  async applyUpdate(live: LiveDoc, update: Uint8Array): Promise<void> {
    const entry = live as Entry;
    if (isEmptyUpdate(update)) return;
    await entry.queue(async () => {
      if (entry.bytes + update.byteLength > COLLAB_LIMITS.docBytesMax) {
        throw new DomainError("DOC_TOO_LARGE", `This card's text would exceed ${COLLAB_LIMITS.docBytesMax / 1024 / 1024} MB`);
      }
      try {
        Y.decodeUpdate(update); // throws on bytes that are not a Yjs update, before anything changes
        Y.applyUpdate(entry.doc, update, "client");
      } catch {
        throw new DomainError("MALFORMED_UPDATE", "The text update could not be read; it was not applied");
      }
      entry.lastId = await this.store.appendUpdate(entry.cardId, update);
      entry.sinceSnapshot += 1;
      entry.bytes += update.byteLength;
      this.scheduleDerive(entry, this.opts.deriveDelayMs);
      if (entry.sinceSnapshot >= this.opts.compactEvery) void entry.queue(() => this.compact(entry)).catch(() => undefined);
    });
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
  }

  get loadedCount(): number {
    return this.entries.size;
  }

  private async load(cardId: string, attempt = 0): Promise<Entry> {
    const stored = await this.store.loadDoc(cardId);
    if (!stored) throw notFound("Card");
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
        return this.load(cardId, attempt + 1);
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
    const lastId = stored.updates.at(-1)?.id ?? stored.throughId;
    const entry: Entry = {
      cardId,
      storyId: stored.storyId,
      doc,
      awareness,
      queue: serialQueue(),
      lastId,
      sinceSnapshot: stored.updates.length,
      bytes,
      users: new Set(),
      derived: stored.body,
      // A document just built from plain text has no HTML yet.
      deriveDirty: !stored.state,
    };
    if (entry.deriveDirty) this.scheduleDerive(entry, 0);
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
    if (!entry.deriveDirty) return;
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

  private async compact(entry: Entry): Promise<void> {
    if (entry.sinceSnapshot === 0) return;
    const state = Y.encodeStateAsUpdate(entry.doc);
    const through = entry.lastId;
    const folded = entry.sinceSnapshot;
    await this.store.compactDoc(entry.cardId, state, through);
    entry.sinceSnapshot -= folded;
    entry.bytes = state.byteLength;
    log.debug({ cardId: entry.cardId, through, bytes: state.byteLength }, "document compacted");
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
            this.entries.delete(entry.cardId);
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

  private dispose(entry: Entry): void {
    clearTimeout(entry.deriveTimer);
    clearTimeout(entry.unloadTimer);
    entry.awareness.destroy();
    entry.doc.destroy();
  }
}
