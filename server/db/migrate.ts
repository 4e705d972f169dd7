/**
 * Applies the committed migrations for the provider DATABASE_URL names, through the pinned
 * prisma 6.19 CLI (its WASM schema engine works offline; see prisma.migrate.config.ts).
 *
 * The CLI is only started when a migration is pending: on Postgres its WASM engine holds the
 * process for a fixed 10 s timer after the work is done, which would add 10 s to every start.
 */
import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
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
  try {
    await run(process.execPath, [cli, "migrate", "deploy", "--config", "prisma.migrate.config.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_CLIENT_ENGINE_TYPE: "client" },
      timeout: 120_000,
    });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`Database migration failed: ${(e.stderr || e.stdout || e.message).trim()}`);
  }
}
