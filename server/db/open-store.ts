/** Opens the database for a URL: migrate, connect, tune, optionally seed. Used by the server and tests. */
import { loggerFor } from "../logger";
import { createPrismaStore } from "../store/prisma-store";
import type { DeskStore } from "../store/types";
import { createDb, providerOf, tuneDb } from "./client";
import { deployMigrations } from "./migrate";
import { seedStory } from "./seed";

const log = loggerFor("db");

export async function openStore(databaseUrl: string, opts: { seed: boolean }): Promise<DeskStore> {
  const provider = providerOf(databaseUrl);
  const started = Date.now();
  await deployMigrations(databaseUrl);
  const db = createDb(databaseUrl);
  await tuneDb(db, databaseUrl);
  const store = createPrismaStore(db, provider);
  const seeded = opts.seed ? await seedStory(store) : false;
  log.info({ provider, seeded, ms: Date.now() - started }, "database ready");
  return store;
}
