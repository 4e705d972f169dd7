/**
 * Appends card-text updates to the `CardDocUpdate` log through the database driver itself, with
 * one prepared statement, instead of through Prisma. This is the hottest write of the server
 * (every keystroke of every editor, group-committed): Prisma's per-call work (query compilation
 * in WASM, result mapping) cost more CPU than the write. Everything else stays on Prisma.
 *
 * - SQLite: a second better-sqlite3 connection to the same file. It is only ever called from the
 *   store's single queue (./serial.ts), so it never runs while Prisma's connection is inside a
 *   transaction; one transaction per batch.
 * - Postgres: one connection, so batches run and commit in the order they were handed over (the
 *   group commit hands each over as soon as it is formed; they queue on the connection), one
 *   multi-row INSERT … SELECT FROM unnest(…) per batch, every query bounded by a timeout so a
 *   hung database turns into an error (and no false "saved"), never into a wait.
 */
import Database from "better-sqlite3";
import { Pool } from "pg";
import { PG_TIMEOUTS, providerOf, type SqliteSynchronous } from "../db/client";
import { loggerFor } from "../logger";

const log = loggerFor("db");

export interface UpdateLogWriter {
  /** Appends the rows in one transaction; resolves with their ids in the same order. */
  append(rows: { cardId: string; update: Uint8Array }[]): Promise<number[]>;
  close(): Promise<void>;
}

export function createUpdateLogWriter(url: string, synchronous: SqliteSynchronous = "full"): UpdateLogWriter {
  return providerOf(url) === "postgres" ? postgresWriter(url) : sqliteWriter(url, synchronous);
}

function sqliteWriter(url: string, synchronous: SqliteSynchronous): UpdateLogWriter {
  const db = new Database(url.replace(/^file:/, ""), { timeout: 10_000 });
  // Per connection (server/db/client.ts tuneDb says what each setting guarantees); the file is
  // in WAL mode already (set by the Prisma connection at start-up).
  db.pragma(`synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  // It only appends: a small page cache (SQLite's default would hold megabytes per connection).
  db.pragma("cache_size = -512");
  const insert = db.prepare<[string, Buffer, string]>('INSERT INTO "CardDocUpdate" ("cardId", "update", "createdAt") VALUES (?, ?, ?)');
  const appendAll = db.transaction((rows: { cardId: string; update: Uint8Array }[]) => {
    // Prisma's SQLite adapter writes DateTime as ISO text with an explicit offset: the same here.
    const now = new Date().toISOString().replace("Z", "+00:00");
    return rows.map(({ cardId, update }) => {
      const result = insert.run(cardId, Buffer.from(update.buffer, update.byteOffset, update.byteLength), now);
      return Number(result.lastInsertRowid);
    });
  });
  return {
    append: async (rows) => appendAll(rows),
    close: async () => void db.close(),
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
    close: () => pool.end(),
  };
}
