// Bundles the server (server/index.ts and everything it imports from this repository) into one
// ES module, dist/server/index.mjs, that plain Node runs: `npm start` no longer loads the tsx
// loader, which held about 40 MB of every server process (a thread of its own and the
// transformed sources kept for source maps). Packages stay external (node_modules is there at
// run time); the card-text writer's worker script is copied beside the bundle, where the bundle
// looks for it. Run by build-if-stale.mjs before `npm start`, and by the benchmarks.
//
//   node scripts/build-server.mjs   → dist/server/index.mjs
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const SERVER_ENTRY = join(ROOT, "server/index.ts");
export const SERVER_OUTFILE = join(ROOT, "dist/server/index.mjs");
/** What the bundle is made from: build-if-stale.mjs rebuilds it when one of these is newer. */
// app/ and components/ too: the readers' fast path (server/public/fast-routes.ts) bundles the
// public routes and the live page's renderer, so a change there must rebuild the bundle as well.
export const SERVER_SOURCES = ["server", "lib", "app", "components", "scripts/build-server.mjs", "package-lock.json", "tsconfig.json"].map((p) => join(ROOT, p));
/** Loaded by path at run time (a worker thread), so copied beside the bundle rather than bundled. */
const WORKER_FILES = ["update-log-worker.mjs", "fold-doc.mjs"].map((f) => join(ROOT, "server/store", f));

/**
 * Builds `entry` into `outfile`, with the worker script beside it. `outfile` must sit two
 * folders below the repository root, as server/*\/*.ts do: the migration runner finds prisma/
 * and node_modules/ from its own location. What `entry` imports dynamically goes in chunks of its
 * own beside it, loaded (with its packages) only when imported: in one file every package would
 * load at start, the topic model included (compromise, ~65 MB, needed only to propose a story's
 * cards).
 * @param {{ entry?: string, outfile?: string }} [options]
 */
export async function buildServer({ entry = SERVER_ENTRY, outfile = SERVER_OUTFILE } = {}) {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: { [basename(outfile, ".mjs")]: entry },
    outdir: dirname(outfile),
    outExtension: { ".js": ".mjs" },
    splitting: true,
    chunkNames: "[name]-[hash]",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    // Beside it, not inline: an inline map would sit in memory with the module's source.
    sourcemap: "linked",
    logLevel: "warning",
    // Some dependencies are CommonJS and call require(): give the ES module one.
    banner: { js: 'import { createRequire as __newsdeskRequire } from "node:module"; const require = __newsdeskRequire(import.meta.url);' },
  });
  for (const file of WORKER_FILES) copyFileSync(file, join(dirname(outfile), basename(file)));
  return { outfile };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outfile } = await buildServer();
  console.log(`Built the server bundle (${outfile.slice(ROOT.length + 1)}).`);
}
