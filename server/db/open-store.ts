/** Opens the database for a URL: migrate, connect, tune, optionally seed. Used by the server and tests. */
import { loggerFor } from "../logger";
import { createPrismaStore } from "../store/prisma-store";
import { createUpdateLogWriter } from "../store/update-log-writer";
import type { DeskStore } from "../store/types";
import { createDb, providerOf, tuneDb, type SqliteSynchronous } from "./client";
import { deployMigrations, pendingMigrations } from "./migrate";
import { seedStory } from "./seed";

const log = loggerFor("db");

export async function openStore(
  databaseUrl: string,
  opts: { seed: boolean; sqliteSynchronous?: SqliteSynchronous; /** see SQLITE_COMMIT_INTERVAL_MS */ sqliteCommitIntervalMs?: number },
): Promise<DeskStore> {
  const synchronous = opts.sqliteSynchronous ?? "full";
  const provider = providerOf(databaseUrl);
  const started = Date.now();
  const db = createDb(databaseUrl);
  const pending = await pendingMigrations(db, provider);
  if (pending.length > 0) await deployMigrations(databaseUrl);
  await tuneDb(db, databaseUrl, synchronous);
  const store = createPrismaStore(db, provider, createUpdateLogWriter(databaseUrl, synchronous), { commitIntervalMs: opts.sqliteCommitIntervalMs });
  const seeded = opts.seed ? await seedStory(store) : false;
  log.info({ provider, ...(provider === "sqlite" ? { synchronous } : {}), migrated: pending, seeded, ms: Date.now() - started }, "database ready");
  return store;
}
