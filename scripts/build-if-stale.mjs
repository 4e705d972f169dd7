// Builds what `npm start` serves when it is missing or older than its sources, so `npm start`
// works on a fresh clone and stays fast on the next start: first the embed frame's script
// (public/embed/frame.js, scripts/build-embed.mjs, a second or less), then the server bundle
// (dist/server/index.mjs, scripts/build-server.mjs, a second or two), then `next build`.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildEmbed, FRAME_ENTRY, FRAME_OUTFILE, FRAME_SOURCES, LIVE_ENTRY, LIVE_OUTFILE } from "./build-embed.mjs";
import { buildServer, SERVER_OUTFILE, SERVER_SOURCES } from "./build-server.mjs";

const BUILD_ID = ".next/BUILD_ID";
// server/ too: the route handlers in app/ bundle the domain code they import (server/domain, server/store…).
const SOURCES = ["app", "components", "lib", "server", "public", "next.config.js", "postcss.config.mjs", "package-lock.json"];

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

// The embed bundle first: Next's production server lists public/ when it starts, so the file
// must exist before the server does, and it counts as a source of the Next build below.
// The live page's script (public/live/page.js) the same way.
for (const [name, entry, outfile] of [
  ["embed frame", FRAME_ENTRY, FRAME_OUTFILE],
  ["live page", LIVE_ENTRY, LIVE_OUTFILE],
]) {
  const bundled = existsSync(outfile) ? statSync(outfile).mtimeMs : 0;
  if (!bundled || bundled < Math.max(...FRAME_SOURCES.map(newest))) {
    const { gzipBytes } = await buildEmbed({ entry, outfile });
    console.log(`Built the ${name} script (${gzipBytes} bytes gzipped).`);
  }
}

// The server, run by plain Node (no TypeScript loader in the process).
const serverBuilt = existsSync(SERVER_OUTFILE) ? statSync(SERVER_OUTFILE).mtimeMs : 0;
if (!serverBuilt || serverBuilt < Math.max(...SERVER_SOURCES.map(newest))) {
  await buildServer();
  console.log("Built the server bundle (dist/server).");
}

const built = existsSync(BUILD_ID) ? statSync(BUILD_ID).mtimeMs : 0;
const changed = Math.max(...SOURCES.map(newest));
if (built && built >= changed) {
  console.log("Using the existing production build (.next).");
} else {
  console.log(built ? "Sources changed since the last build: rebuilding…" : "No production build yet: building (about a minute)…");
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: { NEXT_TELEMETRY_DISABLED: "1", ...process.env },
  });
}
