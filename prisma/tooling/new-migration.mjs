// Non-interactive "create migration" for BOTH providers (`migrate dev` is interactive-only in 6.19
// when there are warnings). Diffs the committed migrations (replayed on a shadow DB) against the
// current models and writes the difference as a same-named migration for each provider.
// Usage: npm run db:migration:new NAME   (PG_URL: any reachable Postgres DB, used for the shadow DB)
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const TOOLING = dirname(fileURLToPath(import.meta.url));
const PRISMA = join(TOOLING, "..");
const MIGRATE_CLI = join(TOOLING, "migrate-cli.mjs");

const name = (process.argv[2] || "").replace(/[^a-zA-Z0-9_]/g, "_");
if (!name) throw new Error("usage: npm run db:migration:new NAME");
const ts = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const targets = [
  { provider: "sqlite", url: ":memory:" },
  { provider: "postgres", url: process.env.PG_URL || process.env.DATABASE_URL },
];
for (const { provider, url } of targets) {
  const migrations = join(PRISMA, provider, "migrations");
  if (!url || (provider === "postgres" && !/^postgres/.test(url))) {
    console.error(`skip ${provider}: set PG_URL=postgresql://... for the Postgres shadow database`);
    process.exitCode = 1;
    continue;
  }
  const sql = execFileSync(process.execPath, [
    MIGRATE_CLI, "migrate", "diff",
    "--from-migrations", migrations, "--to-schema-datamodel", join(TOOLING, "schema", provider), "--script",
  ], { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (/^-- This is an empty migration\.\s*$/.test(sql.trim()) || !sql.trim()) {
    console.log(`${provider}: no changes`);
    continue;
  }
  const out = join(migrations, `${ts}_${name}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "migration.sql"), sql);
  console.log(`created ${relative(process.cwd(), out)}/migration.sql`);
}
