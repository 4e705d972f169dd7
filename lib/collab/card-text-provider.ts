/**
 * Keeps one card's Yjs document in sync with the server over the desk's card-text channel
 * (./collab-channel.ts), using y-protocols messages. Works in browsers and in Node (tests, benchmarks): it knows
 * nothing of the DOM; local persistence (IndexedDB) is plugged in by the caller.
 *
 * Its status is honest: "saved" only when the server has acknowledged (stored) every local
 * change; "offline" while disconnected; "out-of-sync" when the server refused a change or its
 * state is missing something we have, in which case the provider syncs again (the state-vector
 * exchange resends whatever the server lacks, and Yjs never applies the same change twice).
 * After a refusal nothing more is sent as single updates (they would depend on the refused one)
 * until that exchange. A change too large to store is not retried on a timer, only after the
 * editor changes the text again (e.g. removes the paste).
 *
 * Read-only (`readOnly: true`, for those who may not edit the card): it opens the document and
 * receives every change, but never sends a change nor a cursor; "saved" then
 * means up to date with the server.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import * as sync from "y-protocols/sync";
import type * as Y from "yjs";
import { COLLAB_LIMITS } from "../protocol/collab";
import type { CollabChannel } from "./collab-channel";

export type SyncStatus = "connecting" | "saving" | "saved" | "offline" | "out-of-sync";

export interface ProviderOptions {
  /** Receive only: never send changes or cursors (the server would refuse them anyway). */
  readOnly?: boolean;
  /** Delay before syncing again after a failure. */
  retryDelayMs?: number;
}

/** Quiet time after which the latest cursor position is sent again (see sendAwareness). */
const AWARENESS_SETTLE_MS = 400;

/** When to sync again after a failure: after the retry delay, after the next local change, or not at all. */
type Retry = "later" | "on-edit" | "never";

const TOO_LARGE = `This change is too large to save at once (over ${COLLAB_LIMITS.messageBytesMax / 1024} KB). Remove some of the pasted text.`;

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A sync step 2 whose update is empty (no structs, empty delete set): nothing to send. */
function carriesNothing(step2: Uint8Array): boolean {
  const decoder = decoding.createDecoder(step2);
  decoding.readVarUint(decoder);
  const update = decoding.readVarUint8Array(decoder);
  return update.byteLength <= 2 && update.every((b) => b === 0);
}

export class CardTextProvider {
  readonly awareness: Awareness;
  status: SyncStatus = "connecting";
  /** Why the text is out of sync, in words for the editor. */
  error: string | null = null;
  /** Acknowledged local updates since creation (for tests and benchmarks). */
  acked = 0;

  private pending = 0;
  private dirty = false;
  private opened = false;
  private destroyed = false;
  /** Bumped on every disconnect: answers to requests sent on an earlier connection are ignored. */
  private connection = 0;
  /** A size refusal: sync again after the next local change rather than on a timer. */
  private retryOnEdit = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private settling = false;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private readonly opts: Required<ProviderOptions>;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly channel: CollabChannel,
    readonly cardId: string,
    readonly doc: Y.Doc,
    options: ProviderOptions = {},
  ) {
    this.opts = { readOnly: false, retryDelayMs: 1_000, ...options };
    this.awareness = new Awareness(doc);
    doc.on("update", this.onDocUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
    this.unsubscribe = [
      channel.onConnect(this.open),
      channel.onDisconnect(this.onDisconnect),
      channel.listen(cardId, { sync: this.onRemoteSync, awareness: this.onRemoteAwareness }),
    ];
    if (channel.connected) void this.open();
    else this.setStatus("offline");
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every local change so far is stored on the server. */
  whenSaved(timeoutMs = 10_000): Promise<void> {
    if (this.status === "saved") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`card ${this.cardId}: not saved after ${timeoutMs} ms (${this.status})`));
      }, timeoutMs);
      const off = this.onStatus((s) => {
        if (s !== "saved") return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.settleTimer);
    removeAwarenessStates(this.awareness, [this.doc.clientID], "local");
    this.doc.off("update", this.onDocUpdate);
    for (const off of this.unsubscribe) off();
    this.channel.close(this.cardId);
    this.awareness.destroy();
    this.listeners.clear();
  }

  /** Sync step 1 → the server's step 2 (what we lack) and step 1 (we answer with what it lacks). */
  private open = async (): Promise<void> => {
    if (this.destroyed || !this.channel.connected) return;
    clearTimeout(this.retryTimer);
    this.retryOnEdit = false;
    this.opened = false;
    this.setStatus("connecting");
    const connection = this.connection;
    const ack = await this.channel.open(this.cardId, message((e) => sync.writeSyncStep1(e, this.doc)));
    // Disconnected meanwhile: the next connect opens again.
    if (this.destroyed || connection !== this.connection) return;
    if (!ack.ok) return this.fail(ack.error.message, ack.error.code === "NOT_FOUND" ? "never" : "later");
    const { syncStep2, syncStep1, awareness } = ack.data;
    sync.readSyncMessage(decoding.createDecoder(syncStep2), encoding.createEncoder(), this.doc, this);
    if (awareness) applyAwarenessUpdate(this.awareness, awareness, this);
    const reply = encoding.createEncoder();
    sync.readSyncMessage(decoding.createDecoder(syncStep1), reply, this.doc, this);
    this.opened = true;
    this.dirty = false;
    if (this.opts.readOnly) return this.refreshStatus();
    this.sendAwareness([this.doc.clientID]);
    // What the server lacks: offline edits, or changes whose ack never came (usually nothing).
    const lacking = encoding.toUint8Array(reply);
    if (carriesNothing(lacking)) return this.refreshStatus();
    await this.send(lacking);
  };

  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.destroyed) return; // applied from the server
    if (this.opts.readOnly) return; // never sent; the editor is not editable anyway
    if (!this.opened || !this.channel.connected) {
      this.dirty = true; // sent by the next sync's state-vector exchange
      if (this.retryOnEdit && this.channel.connected) {
        this.retryOnEdit = false;
        this.scheduleOpen();
      }
      this.refreshStatus();
      return;
    }
    void this.send(message((e) => sync.writeUpdate(e, update)));
  };

  private async send(syncMessage: Uint8Array): Promise<void> {
    // The server would refuse it (and above 1 MB drop the whole channel): do not send.
    if (syncMessage.byteLength > COLLAB_LIMITS.messageBytesMax) return this.fail(TOO_LARGE, "on-edit");
    const connection = this.connection;
    this.pending += 1;
    this.refreshStatus();
    const ack = await this.channel.sync(this.cardId, syncMessage);
    // Disconnected meanwhile: pending was reset, and the next sync resends what is missing.
    if (this.destroyed || connection !== this.connection) return;
    this.pending -= 1;
    if (!ack.ok) {
      const tooLarge = ack.error.code === "DOC_TOO_LARGE" || ack.error.code === "DOC_TOO_DEEP" || ack.error.code === "PAYLOAD_TOO_LARGE";
      // Refused for who we are (role, session): resending cannot help; the desk reopens the text
      // read-only or sends the user to sign in.
      const refused = ack.error.code === "FORBIDDEN" || ack.error.code === "UNAUTHORIZED";
      return this.fail(ack.error.message, refused ? "never" : tooLarge ? "on-edit" : "later");
    }
    if (ack.data.stored) this.acked += 1;
    this.refreshStatus();
  }

  private onRemoteSync = (msg: Uint8Array): void => {
    if (this.destroyed) return;
    try {
      sync.readSyncMessage(decoding.createDecoder(msg), encoding.createEncoder(), this.doc, this);
    } catch {
      this.fail("A change from the server could not be read", "later");
    }
  };

  private onRemoteAwareness = (msg: Uint8Array): void => {
    if (this.destroyed) return;
    try {
      applyAwarenessUpdate(this.awareness, msg, this);
    } catch {
      // Cursors are lossy by design; a bad one is dropped.
    }
  };

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin !== "local") return;
    this.sendAwareness([...added, ...updated, ...removed]);
  };

  private sendAwareness(clients: number[]): void {
    if (this.opts.readOnly || !this.opened || !this.channel.connected || this.destroyed) return;
    if (!clients.includes(this.doc.clientID)) return;
    this.channel.awareness(this.cardId, encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
    // Cursors are lossy (the server drops them for a backed-up connection, as it is during a
    // burst of typing), so the last position is sent once more when the editor goes quiet.
    clearTimeout(this.settleTimer);
    if (!this.settling) {
      this.settleTimer = setTimeout(() => {
        this.settling = true;
        this.sendAwareness([this.doc.clientID]);
        this.settling = false;
      }, AWARENESS_SETTLE_MS);
    }
  }

  private onDisconnect = (): void => {
    this.connection += 1;
    this.opened = false;
    this.pending = 0; // unanswered changes are resent by the next sync
    this.dirty = !this.opts.readOnly;
    this.setStatus("offline");
  };

  /**
   * Refused or lost: say so, and sync again as `retry` says. Until then local changes wait for
   * that exchange: sent alone, they could depend on the refused change, and the server would
   * store them without being able to show them.
   */
  private fail(reason: string, retry: Retry): void {
    this.error = reason;
    this.dirty = true;
    this.opened = false;
    this.setStatus("out-of-sync");
    this.retryOnEdit = retry === "on-edit";
    if (retry === "later" && this.channel.connected) this.scheduleOpen();
  }

  private scheduleOpen(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.open(), this.opts.retryDelayMs);
  }

  private refreshStatus(): void {
    if (this.status === "out-of-sync" && !this.opened) return;
    if (!this.channel.connected) return this.setStatus("offline");
    if (!this.opened) return this.setStatus("connecting");
    this.setStatus(this.pending > 0 || this.dirty ? "saving" : "saved");
  }

  private setStatus(status: SyncStatus): void {
    if (status !== "out-of-sync") this.error = status === "saved" ? null : this.error;
    if (status === this.status) return;
    this.status = status;
    for (const listener of this.listeners) listener(status);
  }
}

