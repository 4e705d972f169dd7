/**
 * SQLite's half of the group commit of card text (the other half is server/collab/group-commit.ts,
 * which hands each event-loop turn's updates to the store at once). On SQLite every store call
 * waits its turn in one queue (./serial.ts), and each append is a transaction whose commit syncs
 * the disk. Here:
 *
 * - An append joins the append queued last while that one has not started writing and nothing
 *   else was queued after it: one transaction, one sync, for everything that arrived meanwhile.
 * - A commit starts no sooner than `minIntervalMs` after the previous one (like Postgres's
 *   commit_delay). After a quiet spell an append is written at once; under load the queued
 *   append keeps gathering for at most that long (less if another operation is queued behind
 *   it: then nothing more can join), so the disk sees a few larger commits instead of one per
 *   keystroke. Only acknowledgements wait for it: the relay to other editors never
 *   does (server/collab/card-docs.ts).
 *
 * What the queue promises is kept: an append is queued before anything queued after it was
 * handed over (it joins only the last entry of the queue), so a read issued after an update was
 * relayed still sees that update; and appends are written in the order they were handed over.
 */
import { performance } from "node:perf_hooks";
import type { CountingQueue } from "./serial";

type Row = { cardId: string; update: Uint8Array };
type Append = (rows: Row[]) => Promise<number[]>;

interface Part {
  from: number;
  count: number;
  resolve(ids: number[]): void;
  reject(err: unknown): void;
}

interface Gathering {
  rows: Row[];
  parts: Part[];
  /** The queue's count of entries right after this one was queued. */
  position: number;
}

/** Largest transaction, in rows (Prisma's path binds two parameters per row; SQLite allows 32,766). */
const MAX_ROWS = 2_000;

/** Resolves after `ms`, or sooner when `early` does. */
function sleepUnless(ms: number, early: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), early]).finally(() => clearTimeout(timer));
}

/** `append` (one transaction per call), run through `queue`, gathered and paced as above. */
export function pacedAppends(queue: CountingQueue, append: Append, minIntervalMs: number): Append {
  /** The append queued last, still taking rows; null once it starts writing. */
  let gathering: Gathering | null = null;
  let lastCommit = Number.NEGATIVE_INFINITY;

  const write = async (batch: Gathering): Promise<void> => {
    const wait = lastCommit + minIntervalMs - performance.now();
    // Still taking rows meanwhile; once something else is queued behind, nothing more can join:
    // waiting longer would only delay the acks and whatever is behind.
    if (wait > 0 && queue.queued === batch.position) await sleepUnless(wait, queue.nextQueued());
    if (gathering === batch) gathering = null;
    lastCommit = performance.now();
    let ids: number[];
    try {
      ids = await append(batch.rows);
      if (ids.length !== batch.rows.length) throw new Error(`an append of ${batch.rows.length} updates stored ${ids.length} rows`);
    } catch (err) {
      for (const part of batch.parts) part.reject(err);
      return;
    }
    for (const part of batch.parts) part.resolve(ids.slice(part.from, part.from + part.count));
  };

  return (rows) =>
    new Promise<number[]>((resolve, reject) => {
      const open = gathering;
      if (open && open.position === queue.queued && open.rows.length + rows.length <= MAX_ROWS) {
        open.parts.push({ from: open.rows.length, count: rows.length, resolve, reject });
        open.rows.push(...rows);
        return;
      }
      const batch: Gathering = { rows: [...rows], parts: [{ from: 0, count: rows.length, resolve, reject }], position: 0 };
      gathering = batch;
      void queue(() => write(batch));
      batch.position = queue.queued;
    });
}
