// The one way to run a Prisma migration command here:
//
//   node prisma/tooling/migrate-cli.mjs migrate deploy|status|diff …
//
// runs the pinned prisma@6.19.3 CLI (npm alias "prisma-migrate"; Prisma 7's CLI cannot migrate
// offline, see README.md beside this file) with what it needs every time:
// - `--config` this folder's migrate.config.ts (driver adapters; without it the CLI tries downloads),
// - PRISMA_CLIENT_ENGINE_TYPE=client (or it fetches a query-engine library it never uses),
// - the unref-long-timers.mjs preload (or it idles 10 s after finishing on Postgres).
// Used by `npm run db:deploy` / `db:status`, new-migration.mjs and server/db/migrate.ts (server start).
// The working directory stays the caller's: a relative SQLite DATABASE_URL means what it says.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const TOOLING = dirname(fileURLToPath(import.meta.url));
const ROOT = join(TOOLING, "..", "..");

const cli = join(ROOT, "node_modules", "prisma-migrate", "build", "index.js");
const preload = pathToFileURL(join(TOOLING, "unref-long-timers.mjs")).href;
const config = join(TOOLING, "migrate.config.ts");

const child = spawn(process.execPath, ["--import", preload, cli, ...process.argv.slice(2), "--config", config], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_CLIENT_ENGINE_TYPE: "client" },
});
// A caller that gives up (server/db/migrate.ts has a timeout) must not leave the CLI running.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
