/**
 * Acks held until the live document has everything they build on. An editor may receive another
 * editor's update before it is stored (the relay never waits for the disk, on any process) and
 * type on top of it. This process's document only takes in other processes' updates once they
 * are stored, so such an update stays pending in Yjs (`pendingStructs` / `pendingDs`) until the
 * one it builds on is announced as stored. Acknowledging it before then would say "saved" for
 * text that no fresh reader could see if the other process died before writing its part.
 *
 * So an ack waits until the update's own insertions are integrated in the document (its
 * clocks are within the document's state vector). If that does not happen in time (the update
 * it builds on was never stored), the sender is told to open the card again: its sync step 2
 * then carries what the store lacks (it has the missing update: it was relayed to it).
 * Deletions of items the document does not have yet are not waited for: a stored deletion of
 * something never stored hides nothing.
 */
import * as Y from "yjs";
import { DomainError } from "../domain/errors";

interface Waiter {
  /** The clock each client of the update reaches (its insertions end there). */
  needs: Map<number, number>;
  resolve(): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout;
}

export class HeldAcks {
  private waiters: Waiter[] = [];

  constructor(
    private readonly doc: Y.Doc,
    private readonly timeoutMs: number,
  ) {}

  get count(): number {
    return this.waiters.length;
  }

  /** Calls `resolve` at once when `update` is integrated, else once it is (or `reject` on time-out). */
  whenIntegrated(update: Uint8Array, resolve: () => void, reject: (err: unknown) => void): void {
    // Nothing pending at all (the usual case): every applied update is integrated.
    if (this.doc.store.pendingStructs === null) return resolve();
    const needs = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update));
    if (this.integrated(needs)) return resolve();
    const waiter: Waiter = {
      needs,
      resolve,
      reject,
      timer: setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new DomainError("NOT_JOINED", "This change builds on one that is not stored yet; the card's text is opened again to resend it"),
        );
      }, this.timeoutMs),
    };
    waiter.timer.unref?.();
    this.waiters.push(waiter);
  }

  /** After anything was applied to the document: releases the acks whose updates are now integrated. */
  check(): void {
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (!this.integrated(w.needs)) {
        still.push(w);
        continue;
      }
      clearTimeout(w.timer);
      w.resolve();
    }
    this.waiters = still;
  }

  private integrated(needs: Map<number, number>): boolean {
    for (const [client, clock] of needs) if (Y.getState(this.doc.store, client) < clock) return false;
    return true;
  }

  /** The document was dropped: every held ack fails with `err`. */
  failAll(err: unknown): void {
    const done = this.waiters;
    this.waiters = [];
    for (const w of done) {
      clearTimeout(w.timer);
      w.reject(err);
    }
  }
}
