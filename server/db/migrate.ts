/**
 * Applies the committed migrations for the provider DATABASE_URL names, through the pinned
 * prisma 6.19 CLI (its WASM schema engine works offline; see prisma.migrate.config.ts).
 *
 * The CLI is only started when a migration is pending (it costs about a second even when there is
 * nothing to do), and with a preload that keeps its engine's stray timer from holding it open.
 */
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { childProcessEnv } from "../env";
import type { Db, DbProvider } from "./client";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Names of the committed migrations of a provider, oldest first. */
export function committedMigrations(provider: DbProvider): string[] {
  const dir = join(root, "prisma", "migrate", provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Committed migrations the database has not finished applying (all of them on a new database). */
export async function pendingMigrations(db: Db, provider: DbProvider): Promise<string[]> {
  const committed = committedMigrations(provider);
  let applied: Set<string>;
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    applied = new Set(rows.map((r) => r.migration_name));
  } catch {
    return committed; // no migrations table yet
  }
  return committed.filter((name) => !applied.has(name));
}

export async function deployMigrations(databaseUrl: string): Promise<void> {
  const cli = join(root, "node_modules", "prisma-migrate", "build", "index.js");
  // Without the preload the CLI lingers 10 s after finishing on Postgres (see migrate-preload.mjs).
  const preload = pathToFileURL(join(root, "server", "db", "migrate-preload.mjs")).href;
  try {
    await run(process.execPath, ["--import", preload, cli, "migrate", "deploy", "--config", "prisma.migrate.config.ts"], {
      cwd: root,
      env: childProcessEnv({ DATABASE_URL: databaseUrl, PRISMA_CLIENT_ENGINE_TYPE: "client" }),
      timeout: 120_000,
    });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`Database migration failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}
