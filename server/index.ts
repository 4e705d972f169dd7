/**
 * The Newsdesk process: one HTTP server on PORT serving Next.js pages and API routes, /metrics,
 * and the Socket.IO realtime server (with the Redis adapter when REDIS_URL is set). Only wiring
 * lives here; see server/node.ts, server/realtime and server/domain.
 */
import next from "next";
import { saveFirstAdminSecret } from "./db/first-admin-file";
import { openStore } from "./db/open-store";
import { disableNextTelemetry, loadEnv } from "./env";
import { logger, redactedUrl } from "./logger";
import { startNode } from "./node";
import { ensureFirstAccounts } from "./domain/accounts";
import { publicFastPath } from "./public/fast-path";
import { publicRoutes } from "./public/fast-routes";

let env;
try {
  env = loadEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const dev = env.NODE_ENV !== "production";
disableNextTelemetry();
const store = await openStore(env.DATABASE_URL, { seed: env.SEED, sqliteSynchronous: env.SQLITE_SYNCHRONOUS });
await ensureFirstAccounts(
  store,
  { adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD, production: !dev },
  (message, fields) => logger.warn(fields, message),
  // Readable by the owner only, naming its database (never overwriting another's); the log
  // never carries the password.
  (content) => saveFirstAdminSecret("data", env.DATABASE_URL, content),
);
const app = next({ dev, hostname: env.HOST, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();

/** A path Next cannot decode (a broken %-escape) makes it answer 500; it is the client's error. */
function undecodable(url: string | undefined): boolean {
  try {
    decodeURIComponent((url ?? "/").split("?")[0]);
    return false;
  } catch {
    return true;
  }
}

// Readers' pages and APIs from the public snapshots without Next's pipeline (server/public/fast-path.ts).
const fastPublic = publicFastPath(await publicRoutes());

// The services are published for Next's routes and pages before the first request can arrive.
const node = await startNode({
  env,
  store,
  publish: true,
  app: (req, res) => {
    if (undecodable(req.url)) {
      res.writeHead(400, { "Content-Type": "application/json" }).end(
        JSON.stringify({ error: { code: "VALIDATION_FAILED", message: "The address is not valid (bad %-escape)" } }),
      );
      return;
    }
    if (fastPublic(req, res)) return;
    void handle(req, res);
  },
});
const where = `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${node.port}`;
logger.info(
  { url: where, provider: store.provider, dev, redis: env.REDIS_URL ? redactedUrl(env.REDIS_URL) : null },
  `Newsdesk is ready at ${where}`,
);

process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  // Every acknowledged change is already stored. Stop accepting connections, close sockets
  // (clients reconnect, behind a load balancer to another process), flush the card documents
  // (compaction, derived text), then close Redis and the database.
  // A failed flush loses nothing acknowledged (the update log has it); it must not keep the
  // process from exiting or hide the cause.
  let code = 0;
  try {
    await node.shutdown();
  } catch (err) {
    code = 1;
    logger.error({ err }, "flushing card documents failed; the update log still holds every acknowledged edit");
  }
  await app.close?.().catch((err: unknown) => logger.warn({ err }, "closing Next failed"));
  await store.close().catch((err: unknown) => logger.warn({ err }, "closing the database failed"));
  process.exit(code);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
