/**
 * One Prisma client per process, for SQLite or Postgres. Both generated clients expose the same
 * model API (they come from one models.prisma); the DATABASE_URL scheme picks one at run time.
 *
 * `server-only`: a client component that reaches this module fails the Next build. The package is
 * the copy Next ships; tsconfig.json `paths` points tsx, vitest and esbuild at its empty module.
 */
import "server-only";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PgClient } from "./generated/postgres/client";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/** The app is typed against the SQLite client; the Postgres client has the same shape. */
export type Db = SqliteClient;
export type DbProvider = "sqlite" | "postgres";

export function providerOf(url: string): DbProvider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

/**
 * Longest a Postgres query may take before it is an error. A database that hangs (as opposed to
 * one that is down, which errors at once) would otherwise hold every waiting command and edit
 * forever: with these bounds it turns into errors the editors see ("nothing was saved, try
 * again") and 503s on /api/ready, and nothing is acknowledged that was not stored.
 * `statement_timeout` is Postgres's own bound (a slow query); `query_timeout` is the client's
 * (a server or network that does not answer at all); connecting is bounded too.
 */
export const DB_QUERY_TIMEOUT_MS = 5_000;

export const PG_TIMEOUTS = {
  statement_timeout: DB_QUERY_TIMEOUT_MS,
  query_timeout: DB_QUERY_TIMEOUT_MS + 500,
  connectionTimeoutMillis: DB_QUERY_TIMEOUT_MS,
  idle_in_transaction_session_timeout: 2 * DB_QUERY_TIMEOUT_MS,
} as const;

export function createDb(url: string): Db {
  if (providerOf(url) === "postgres") {
    return new PgClient({ adapter: new PrismaPg({ connectionString: url, ...PG_TIMEOUTS }) }) as unknown as Db;
  }
  // better-sqlite3 cannot create a missing directory.
  mkdirSync(dirname(url.replace(/^file:/, "")), { recursive: true });
  return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
}

/** How SQLite syncs its write-ahead log: see SQLITE_SYNCHRONOUS in server/env.ts. */
export type SqliteSynchronous = "full" | "normal";

/**
 * SQLite only: WAL lets readers run beside the single writer (persistent per file). Under WAL,
 * synchronous=FULL fsyncs the log at every commit: a committed (so acknowledged) write survives
 * a power cut. NORMAL skips that fsync: a killed process loses nothing (the WAL is handed to the
 * OS), a power cut may lose the last commits. Card text is group-committed (one commit per batch
 * of keystrokes from all cards), so FULL costs one fsync per batch, not per keystroke:
 * bench/RESULTS.md has the figures. The setting is per connection (the update-log writer sets it
 * on its own).
 */
export async function tuneDb(db: Db, url: string, synchronous: SqliteSynchronous = "full"): Promise<void> {
  if (providerOf(url) !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
}
