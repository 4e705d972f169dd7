/**
 * One Prisma client per process, for SQLite or Postgres. Both generated clients expose the same
 * model API (they come from one models.prisma); the DATABASE_URL scheme picks one at run time.
 */
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

export function createDb(url: string): Db {
  if (providerOf(url) === "postgres") {
    return new PgClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  // better-sqlite3 cannot create a missing directory.
  mkdirSync(dirname(url.replace(/^file:/, "")), { recursive: true });
  return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url, timeout: 10_000 }) });
}

/**
 * SQLite only: WAL lets readers run beside the single writer (persistent per file). With WAL,
 * synchronous=NORMAL skips the fsync of every commit: a committed write survives the process
 * being killed (it is in the WAL, handed to the OS), though not a power cut of the machine.
 * Per-keystroke writes of card text would otherwise wait on the disk each time.
 */
export async function tuneDb(db: Db, url: string): Promise<void> {
  if (providerOf(url) !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
}
