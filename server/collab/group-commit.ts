/**
 * Group commit of card-text updates, across all cards of the process. The updates that arrive
 * in one turn of the event loop, or while the writes in flight fill the allowance, go together
 * in one transaction (one multi-row insert: one round trip, one commit, one fsync). Under
 * pressure batches grow, so throughput rises instead of latency.
 *
 * - A batch is handed to the store at the end of the event-loop turn its first update arrived
 *   in (setImmediate), unless `maxInFlight` writes are already running; then it waits for one
 *   of them and takes everything that arrived meanwhile. On SQLite every store call runs in one
 *   queue, so handing a batch over early also means that anything read from the store after
 *   the update was relayed (a later turn) sees it: the allowance there is unbounded, and the
 *   store's queue gathers the batches waiting in it into one paced commit
 *   (server/store/paced-commits.ts).
 * - Outcomes are delivered in batch order, whatever order the writes finish in: an update is
 *   acknowledged only after every earlier update is stored.
 * - Callbacks are synchronous on purpose: when a batch fails, its cards' live documents are
 *   dropped before any later outcome is delivered, and a later update of such a card (which may
 *   build on one that was not stored) is never acknowledged, even if its own row was written.
 */
import { loggerFor } from "../logger";

const log = loggerFor("collab");

export interface PendingUpdate {
  cardId: string;
  update: Uint8Array;
  /** False once the update's document was dropped: it is then neither written nor acknowledged. */
  valid(): boolean;
  /** The update is durable as log row `id`. */
  stored(id: number): void;
  /** Not stored (or its document was dropped): `err` is the write's error, or null. */
  failed(err: unknown): void;
}

export interface GroupCommitOptions {
  /** Largest batch, in rows (bounded by the databases' bind-parameter limits too). */
  maxRows?: number;
  /** Largest batch, in update bytes. */
  maxBytes?: number;
  /** Writes running at once (Infinity on SQLite, whose store queues them itself). */
  maxInFlight?: number;
}

/** Writes rows in one transaction; resolves with their ids in the same order. */
export type WriteBatch = (rows: { cardId: string; update: Uint8Array }[]) => Promise<number[]>;

interface Batch {
  items: PendingUpdate[];
  outcome?: { ids: number[] } | { err: unknown };
}

export class GroupCommit {
  private open: PendingUpdate[] = [];
  private scheduled = false;
  /** Batches handed to the store, oldest first, until their outcome is delivered. */
  private readonly inFlight: Batch[] = [];
  private running = 0;
  private idle: (() => void)[] = [];
  private readonly opts: Required<GroupCommitOptions>;
  /** Batches written since creation (for tests and metrics). */
  batches = 0;

  constructor(
    private readonly write: WriteBatch,
    options: GroupCommitOptions = {},
  ) {
    this.opts = { maxRows: 500, maxBytes: 8 * 1024 * 1024, maxInFlight: 4, ...options };
  }

  /** Queues an update; it is written with the next batch. */
  add(item: PendingUpdate): void {
    this.open.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Resolves once everything queued so far has been written (or failed). */
  drain(): Promise<void> {
    if (this.open.length === 0 && this.inFlight.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private flush(): void {
    while (this.open.length > 0 && this.running < this.opts.maxInFlight) {
      const items = this.take();
      if (items.length === 0) continue;
      const batch: Batch = { items };
      this.inFlight.push(batch);
      this.running += 1;
      this.write(items.map(({ cardId, update }) => ({ cardId, update }))).then(
        (ids) => {
          batch.outcome = ids.length === items.length ? { ids } : { err: new Error(`batch of ${items.length} updates stored ${ids.length} rows`) };
          this.settled();
        },
        (err: unknown) => {
          batch.outcome = { err };
          this.settled();
        },
      );
    }
    this.notifyIdle();
  }

  private settled(): void {
    this.running -= 1;
    // Deliver in batch order: a batch that finished early waits for the ones before it.
    while (this.inFlight[0]?.outcome) this.deliver(this.inFlight.shift()!);
    this.flush();
  }

  private deliver({ items, outcome }: Batch): void {
    if (outcome && "err" in outcome) {
      log.warn({ err: outcome.err, updates: items.length }, "a batch of text updates was not stored");
      for (const item of items) safely(() => item.failed(outcome.err));
      return;
    }
    this.batches += 1;
    items.forEach((item, i) => {
      // Dropped meanwhile (an earlier batch failed): stored, but never acknowledged.
      safely(() => (item.valid() ? item.stored((outcome as { ids: number[] }).ids[i]) : item.failed(null)));
    });
  }

  /** The next batch: valid updates, in arrival order, within the row and byte limits. */
  private take(): PendingUpdate[] {
    const batch: PendingUpdate[] = [];
    let bytes = 0;
    let used = 0;
    for (; used < this.open.length && batch.length < this.opts.maxRows; used++) {
      const next = this.open[used];
      if (batch.length > 0 && bytes + next.update.byteLength > this.opts.maxBytes) break;
      if (!next.valid()) {
        safely(() => next.failed(null));
        continue;
      }
      batch.push(next);
      bytes += next.update.byteLength;
    }
    this.open = this.open.slice(used);
    return batch;
  }

  private notifyIdle(): void {
    if (this.open.length > 0 || this.inFlight.length > 0 || this.scheduled) return;
    const waiting = this.idle;
    this.idle = [];
    for (const resolve of waiting) resolve();
  }
}

/** A callback that throws must not stop the delivery of the others' outcomes. */
function safely(callback: () => void): void {
  try {
    callback();
  } catch (err) {
    log.error({ err }, "a text update's outcome callback failed");
  }
}
