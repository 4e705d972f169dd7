/**
 * Throwaway databases for the integration suites: a SQLite file in a temp directory, or a
 * Postgres database `newsdesk_test_<random>` on the local server. Postgres is required: when it
 * cannot be reached the suite fails with a message saying so, it is never skipped.
 *
 * Every suite runs on the real Prisma store; there is no hand-written fake. SQLite is a temp
 * file, not `:memory:`: an in-memory database lives in one connection, and the store needs three
 * on the same data (the migration CLI in its own process, Prisma, and the card-text writer's
 * connection in a worker thread, server/store/update-log-writer.ts).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createDb, type Db, type DbProvider } from "../../server/db/client";
import { openStore } from "../../server/db/open-store";
import type { DeskStore } from "../../server/store/types";

/** Both providers; suites run once per provider with `describe.each(PROVIDERS)`. */
export const PROVIDERS: DbProvider[] = ["sqlite", "postgres"];

/** The maintenance database of the Postgres server the tests create their databases on. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://root@127.0.0.1:5432/postgres";

export interface TestDatabase {
  provider: DbProvider;
  url: string;
  /** Deletes the database. Close every store and client on it first (Postgres forces it anyway). */
  drop(): Promise<void>;
}

async function withAdmin<T>(what: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `Postgres is required by the integration tests but could not be reached at ${POSTGRES_ADMIN_URL} ` +
        `(${(err as Error).message}). Start Postgres there, or point TEST_POSTGRES_URL at a server where ` +
        `the user may CREATE DATABASE. Could not ${what}.`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createPostgres(): Promise<TestDatabase> {
  const name = `newsdesk_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(`create database ${name}`, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    provider: "postgres",
    url: url.toString(),
    drop: () => withAdmin(`drop database ${name}`, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

function createSqlite(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), "newsdesk-test-"));
  return {
    provider: "sqlite",
    url: `file:${join(dir, "desk.db")}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function createTestDatabase(provider: DbProvider): Promise<TestDatabase> {
  return provider === "postgres" ? createPostgres() : Promise.resolve(createSqlite());
}

/** Migrates and seeds, exactly as the server does on start. */
export function openSeededStore(database: TestDatabase): Promise<DeskStore> {
  return openStore(database.url, { seed: true });
}

/**
 * A second, independent Prisma client on the same database, to check what was really written
 * (including soft-deleted rows, which the store hides). Close it with `$disconnect()`.
 */
export function openInspector(database: TestDatabase): Db {
  return createDb(database.url);
}
