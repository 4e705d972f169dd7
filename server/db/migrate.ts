/**
 * Applies the committed migrations for the provider DATABASE_URL names, through the pinned
 * prisma 6.19 CLI (its WASM schema engine works offline; see prisma.migrate.config.ts).
 * Idempotent and fast (about a second), so the server runs it on every start.
 */
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

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
