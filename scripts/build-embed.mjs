// Bundles the embed frame's script (components/embed/frame.ts) into public/embed/frame.js:
// minified, one IIFE, for ES2019+ browsers. Run by `npm run build` and by build-if-stale.mjs
// before `next build`, and by tests/embed-budget.test.ts (into a temporary directory).
//
//   node scripts/build-embed.mjs            → public/embed/frame.js
import { build } from "esbuild";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The frame script's source and where the app serves its bundle from. */
export const FRAME_ENTRY = join(ROOT, "components/embed/frame.ts");
export const FRAME_OUTFILE = join(ROOT, "public/embed/frame.js");
/** What the bundle is made from: build-if-stale.mjs rebuilds it when one of these is newer. */
export const FRAME_SOURCES = ["components/embed", "lib/protocol", "lib/format", "scripts/build-embed.mjs", "package-lock.json"].map((p) => join(ROOT, p));

/**
 * Builds the frame bundle and writes it to `outfile` in one rename, so a server that is running
 * never serves half a file.
 * @param {{ outfile?: string }} [options]
 * @returns {Promise<{ outfile: string, bytes: number, gzipBytes: number }>}
 */
export async function buildEmbed({ outfile = FRAME_OUTFILE } = {}) {
  const result = await build({
    entryPoints: [FRAME_ENTRY],
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2019",
    // The browser build of socket.io-client, without its debug logging.
    conditions: ["browser"],
    define: { "process.env.NODE_ENV": '"production"' },
    tsconfig: join(ROOT, "tsconfig.json"),
    legalComments: "none",
    // A build product: linting it (eslint . reaches public/) would only report the dependencies' style.
    banner: { js: "/* eslint-disable */" },
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles[0].contents;
  mkdirSync(dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}.tmp`;
  writeFileSync(temporary, code);
  renameSync(temporary, outfile);
  return { outfile, bytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outfile, bytes, gzipBytes } = await buildEmbed();
  console.log(`Embed frame script: ${outfile.slice(ROOT.length + 1)} (${bytes} bytes, ${gzipBytes} gzipped)`);
}
