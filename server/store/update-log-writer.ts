/**
 * Appends card-text updates to the `CardDocUpdate` log through the database driver itself, with
 * one prepared statement, instead of through Prisma. This is the hottest write of the server
 * (every keystroke of every editor, group-committed): Prisma's per-call work (query compilation
 * in WASM, result mapping) cost more CPU than the write. Everything else stays on Prisma.
 *
 * - SQLite: a second better-sqlite3 connection to the same file, in a worker thread so that a
 *   commit (and its fsync) never blocks the event loop; one transaction per batch.
 * - Postgres: one connection, so batches run and commit in the order they were handed over (the
 *   group commit hands each over as soon as it is formed; they queue on the connection), one
 *   multi-row INSERT … SELECT FROM unnest(…) per batch, every query bounded by a timeout so a
 *   hung database turns into an error (and no false "saved"), never into a wait.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { Pool } from "pg";
import { PG_TIMEOUTS, providerOf, type SqliteSynchronous } from "../db/client";
import { loggerFor } from "../logger";
import type { Committed, WriteCommit } from "./paced-commits";
import type { DerivedBodyRecord } from "./types";

const log = loggerFor("db");

export interface UpdateLogWriter {
  /** Appends the rows in one transaction; resolves with their ids in the same order. */
  append(rows: { cardId: string; update: Uint8Array }[]): Promise<number[]>;
  /**
   * Writes a card's derived text (and its updatedAt) unless the card is deleted or already has
   * exactly this text; resolves with the card's preview fields when it changed (read by the same
   * statement), null otherwise. Every typed card does this every 1.5 s, with no query through
   * Prisma; on SQLite the store sends it through `commit` instead, in the paced commit of the
   * updates (its own commit would sync the disk once more).
   */
  saveDerived(cardId: string, body: string, bodyHtml: string): Promise<DerivedBodyRecord | null>;
  /**
   * Folds the card's log into its snapshot (DocStore.compactDoc), where the store does it
   * through the driver: on SQLite in the worker thread, as a compaction's commit and fsync block
   * whatever thread runs them. Absent on Postgres (its driver does not block the event loop).
   */
  compact?(cardId: string): Promise<{ folded: number; bytes: number | null; throughId: number | null } | null>;
  /**
   * Update rows and derived texts in one transaction (./paced-commits.ts gathers them): on SQLite,
   * where each commit syncs the disk. Absent on Postgres.
   */
  commit?: WriteCommit;
  close(): Promise<void>;
}

export function createUpdateLogWriter(url: string, synchronous: SqliteSynchronous = "full"): UpdateLogWriter {
  return providerOf(url) === "postgres" ? postgresWriter(url) : sqliteWriter(url, synchronous);
}

/** The worker's file, resolved at run time (a literal `new URL` inside `new Worker` is what bundlers rewrite). */
const WORKER_FILE = fileURLToPath(new URL("./update-log-worker.mjs", import.meta.url));

type Reply = { id: number; result: number[] | boolean } | { id: number; error: string };

/**
 * SQLite: a second better-sqlite3 connection to the same file, in a worker thread
 * (./update-log-worker.mjs says why). Appends are only ever called from the store's single queue
 * (./serial.ts), which waits for each to resolve: the write is committed before any later store
 * call runs, so reads still follow writes, and Prisma's connection is never inside a
 * transaction meanwhile. A worker that dies fails what it held (those updates are not
 * acknowledged, see server/collab/group-commit.ts) and the next append starts a new one.
 */
function sqliteWriter(url: string, synchronous: SqliteSynchronous): UpdateLogWriter {
  const path = url.replace(/^file:/, "");
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (result: never) => void; reject: (err: Error) => void }>();

  const failAll = (err: Error) => {
    for (const { reject } of pending.values()) reject(err);
    pending.clear();
  };
  const start = (): Worker => {
    const started = new Worker(WORKER_FILE, { workerData: { path, synchronous } });
    started.unref(); // held only while an append waits (see below): an idle writer never keeps a tool running
    started.on("message", (reply: Reply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) started.unref();
      if (!waiting) return;
      if ("error" in reply) waiting.reject(new Error(`storing card text failed: ${reply.error}`));
      else waiting.resolve(reply.result as never);
    });
    started.on("error", (err) => {
      log.error({ err }, "the update-log writer thread failed; it restarts on the next write");
      failAll(err);
    });
    started.on("exit", () => {
      if (worker === started) worker = null;
      failAll(new Error("the update-log writer thread stopped"));
    });
    return started;
  };

  /** Sends one operation to the worker (started on demand) and resolves with its result. */
  const call = <T>(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> => {
    worker ??= start();
    const running = worker;
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (result: never) => void, reject });
      running.ref();
      running.postMessage({ ...message, id }, transfer);
    });
  };

  type StoredText = (Omit<DerivedBodyRecord, "updatedAt"> & { updatedAt: string }) | null | { error: string };
  const commit: WriteCommit = async ({ rows, derived }) => {
    // One buffer, moved rather than copied: cloning an array of small arrays cost more than the write.
    const packed = new Uint8Array(rows.reduce((n, r) => n + r.update.byteLength, 0));
    const ends: number[] = [];
    let at = 0;
    for (const { update } of rows) {
      packed.set(update, at);
      ends.push((at += update.byteLength));
    }
    const done = await call<{ ids: number[]; derived: StoredText[] }>({ op: "commit", cardIds: rows.map((r) => r.cardId), packed, ends, derived }, [packed.buffer]);
    const texts: Committed["derived"] = done.derived.map((t) =>
      t === null ? null : "error" in t ? new Error(`storing derived text failed: ${t.error}`) : { ...t, updatedAt: new Date(t.updatedAt) },
    );
    return { ids: done.ids, derived: texts };
  };

  return {
    commit,
    append: async (rows) => (await commit({ rows, derived: [] })).ids,
    compact: (cardId) => call<{ folded: number; bytes: number | null; throughId: number | null } | null>({ op: "compact", cardId }),
    saveDerived: async (cardId, body, bodyHtml) => {
      const [saved] = (await commit({ rows: [], derived: [{ cardId, body, bodyHtml }] })).derived;
      if (saved instanceof Error) throw saved;
      return saved ?? null;
    },
    async close() {
      const running = worker;
      worker = null;
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.ref();
      running.postMessage("close");
      await exited;
    },
  };
}

function postgresWriter(url: string): UpdateLogWriter {
  const pool = new Pool({
    connectionString: url,
    max: 1,
    ...PG_TIMEOUTS,
    allowExitOnIdle: true,
  });
  // An idle connection that breaks must not take the process down; the next append reconnects.
  pool.on("error", (err) => log.warn({ err }, "the update-log connection to Postgres broke; it reconnects on the next write"));
  return {
    async append(rows) {
      const result = await pool.query<{ id: number }>({
        name: "newsdesk-append-card-doc-updates",
        text: 'INSERT INTO "CardDocUpdate" ("cardId", "update") SELECT * FROM unnest($1::text[], $2::bytea[]) RETURNING id',
        values: [rows.map((r) => r.cardId), rows.map((r) => Buffer.from(r.update.buffer, r.update.byteOffset, r.update.byteLength))],
      });
      // unnest keeps the array order and the sequence hands out ids in that order.
      return result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    },
    async saveDerived(cardId, body, bodyHtml) {
      const result = await pool.query<DerivedBodyRecord>({
        name: "newsdesk-save-derived-text",
        // Prisma keeps DateTime as UTC in a column without a time zone: the same here, and read
        // back as UTC (pg would take a zoneless timestamp for local time).
        text: `UPDATE "Card" SET "body" = $2, "bodyHtml" = $3, "updatedAt" = now() AT TIME ZONE 'UTC'
               WHERE "id" = $1 AND "deletedAt" IS NULL AND ("body" <> $2 OR "bodyHtml" <> $3)
               RETURNING "id", "storyId", "title", "summary", "body", "bodyHtml", "publishedKey", ("updatedAt" AT TIME ZONE 'UTC') AS "updatedAt"`,
        values: [cardId, body, bodyHtml],
      });
      return result.rows[0] ?? null;
    },
    close: () => pool.end(),
  };
}
