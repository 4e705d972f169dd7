/**
 * SQLite's half of the group commit of card text (the other half is server/collab/group-commit.ts,
 * which hands each event-loop turn's updates to the store at once). On SQLite every store call
 * waits its turn in one queue (./serial.ts), and each transaction's commit syncs the disk. Here:
 *
 * - An append joins the commit queued last while that one has not started writing and nothing
 *   else was queued after it: one transaction, one sync, for everything that arrived meanwhile.
 *   A card's derived text (plain text and HTML, written ~1.5 s after typing) joins it the same
 *   way: it used to be a commit of its own, and it ended the gathering of the appends early.
 * - A commit starts no sooner than `minIntervalMs` after the previous one (like Postgres's
 *   commit_delay). After a quiet spell a commit is written at once; under load the queued commit
 *   keeps gathering for at most that long (less if another operation is queued behind it: then
 *   nothing more can join), so the disk sees a few larger commits instead of one per keystroke.
 *   Only acknowledgements wait for it: the relay to other editors never does
 *   (server/collab/card-docs.ts).
 *
 * What the queue promises is kept: a write is queued before anything queued after it was handed
 * over (it joins only the last entry of the queue), so a read issued after an update was relayed
 * still sees that update; and writes are committed in the order they were handed over.
 */
import { performance } from "node:perf_hooks";
import type { DerivedBodyRecord } from "./types";
import type { CountingQueue } from "./serial";

type Row = { cardId: string; update: Uint8Array };
export interface DerivedWrite {
  cardId: string;
  body: string;
  bodyHtml: string;
}

/** What one transaction writes: update rows, then derived texts. */
export interface CommitBatch {
  rows: Row[];
  derived: DerivedWrite[];
}

/**
 * What it stored: the rows' ids in order, and per derived text the card's preview fields when it
 * changed, null when nothing changed, or the error that refused that one text (the rest of the
 * transaction still commits: a derived text is rewritten later, an update must not wait for it).
 */
export interface Committed {
  ids: number[];
  derived: (DerivedBodyRecord | null | Error)[];
}

export type WriteCommit = (batch: CommitBatch) => Promise<Committed>;

export interface PacedCommits {
  append(rows: Row[]): Promise<number[]>;
  saveDerived(cardId: string, body: string, bodyHtml: string): Promise<DerivedBodyRecord | null>;
}

interface Part {
  /** Rows [from, from + count) of the batch, or derived text `derivedAt`. */
  from: number;
  count: number;
  derivedAt: number | null;
  resolve(value: never): void;
  reject(err: unknown): void;
}

interface Gathering extends CommitBatch {
  parts: Part[];
  /** The queue's count of entries right after this one was queued. */
  position: number;
}

/** Largest transaction, in rows (Prisma's path binds two parameters per row; SQLite allows 32,766). */
const MAX_ROWS = 2_000;
/** Largest transaction, in derived texts (each can be a whole card's HTML). */
const MAX_DERIVED = 50;

/** Resolves after `ms`, or sooner when `early` does. */
function sleepUnless(ms: number, early: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), early]).finally(() => clearTimeout(timer));
}

/** Commits through `write` (one transaction per call), run through `queue`, gathered and paced as above. */
export function pacedCommits(queue: CountingQueue, write: WriteCommit, minIntervalMs: number): PacedCommits {
  /** The commit queued last, still taking writes; null once it starts writing. */
  let gathering: Gathering | null = null;
  let lastCommit = Number.NEGATIVE_INFINITY;

  const commit = async (batch: Gathering): Promise<void> => {
    const wait = lastCommit + minIntervalMs - performance.now();
    // Still taking writes meanwhile; once something else is queued behind, nothing more can
    // join: waiting longer would only delay the acks and whatever is behind.
    if (wait > 0 && queue.queued === batch.position) await sleepUnless(wait, queue.nextQueued());
    if (gathering === batch) gathering = null;
    lastCommit = performance.now();
    let done: Committed;
    try {
      done = await write({ rows: batch.rows, derived: batch.derived });
      if (done.ids.length !== batch.rows.length) throw new Error(`a commit of ${batch.rows.length} updates stored ${done.ids.length} rows`);
    } catch (err) {
      for (const part of batch.parts) part.reject(err);
      return;
    }
    for (const part of batch.parts) {
      if (part.derivedAt === null) part.resolve(done.ids.slice(part.from, part.from + part.count) as never);
      else {
        const saved = done.derived[part.derivedAt];
        if (saved instanceof Error) part.reject(saved);
        else part.resolve((saved ?? null) as never);
      }
    }
  };

  /** The commit to join (queued last, not started, room left), or a new one queued now. */
  const target = (rows: number, derived: number): Gathering => {
    const open = gathering;
    if (open && open.position === queue.queued && open.rows.length + rows <= MAX_ROWS && open.derived.length + derived <= MAX_DERIVED) return open;
    const batch: Gathering = { rows: [], derived: [], parts: [], position: 0 };
    gathering = batch;
    void queue(() => commit(batch));
    batch.position = queue.queued;
    return batch;
  };

  return {
    append: (rows) =>
      new Promise<number[]>((resolve, reject) => {
        const batch = target(rows.length, 0);
        batch.parts.push({ from: batch.rows.length, count: rows.length, derivedAt: null, resolve: resolve as (v: never) => void, reject });
        batch.rows.push(...rows);
      }),
    saveDerived: (cardId, body, bodyHtml) =>
      new Promise<DerivedBodyRecord | null>((resolve, reject) => {
        const batch = target(0, 1);
        batch.parts.push({ from: 0, count: 0, derivedAt: batch.derived.length, resolve: resolve as (v: never) => void, reject });
        batch.derived.push({ cardId, body, bodyHtml });
      }),
  };
}
