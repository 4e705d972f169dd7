/**
 * Applies the committed migrations (prisma/<provider>/migrations) for the provider DATABASE_URL
 * names, through prisma/tooling/migrate-cli.mjs (the pinned prisma 6.19 CLI, whose WASM schema
 * engine works offline; prisma/tooling/README.md says why and until when).
 *
 * The CLI is only started when a migration is pending (it costs about a second even when there is
 * nothing to do).
 */
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { childProcessEnv } from "../env";
import type { Db, DbProvider } from "./client";

const run = promisify(execFile);
// Two folders up, from server/db/ as from the bundle in dist/server/ (scripts/build-server.mjs).
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Names of the committed migrations of a provider, oldest first. */
export function committedMigrations(provider: DbProvider): string[] {
  const dir = join(root, "prisma", provider, "migrations");
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
  const cli = join(root, "prisma", "tooling", "migrate-cli.mjs");
  try {
    await run(process.execPath, [cli, "migrate", "deploy"], {
      cwd: root,
      env: childProcessEnv({ DATABASE_URL: databaseUrl }),
      timeout: 120_000,
    });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`Database migration failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}
