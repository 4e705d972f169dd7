/**
 * Preloaded (`node --import`) into the prisma-migrate CLI by migrate-cli.mjs (every migration
 * command: `npm run db:*`, and the server's own migration on start, server/db/migrate.ts).
 *
 * The WASM schema engine of prisma 6.19 arms a 10 s timer on Postgres (its advisory-lock
 * timeout) and never clears it, so the CLI sat idle for 10 s after `migrate deploy` had finished,
 * making every server start (and every test database) 10 s slower. Long timers are unref'd here:
 * they still fire while the CLI is working (an open database connection keeps it alive), but can
 * no longer hold the finished process open on their own.
 */
import { promisify } from "node:util";

const LONG_MS = 10_000;
const original = globalThis.setTimeout;

function setTimeoutUnrefLong(handler, ms, ...args) {
  const timer = original(handler, ms, ...args);
  if (Number(ms) >= LONG_MS) timer.unref();
  return timer;
}
setTimeoutUnrefLong[promisify.custom] = original[promisify.custom];
globalThis.setTimeout = setTimeoutUnrefLong;
