/**
 * The Newsdesk process: one HTTP server on PORT serving Next.js pages and API routes and the
 * Socket.IO realtime server. Only wiring lives here; see server/realtime and server/domain.
 */
import { createServer } from "node:http";
import next from "next";
import { openStore } from "./db/open-store";
import { loadEnv } from "./env";
import { logger } from "./logger";
import { createRealtime, shutdownRealtime } from "./realtime/create-realtime";
import { setServices } from "./registry";

let env;
try {
  env = loadEnv();
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

const dev = env.NODE_ENV !== "production";
// This machine may have no route to the internet: never let Next try to send telemetry.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const store = await openStore(env.DATABASE_URL, { seed: env.SEED });
setServices({ store });

const app = next({ dev, hostname: env.HOST, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();

const httpServer = createServer((req, res) => {
  void handle(req, res);
});
const io = createRealtime(httpServer, { store });

httpServer.listen(env.PORT, env.HOST, () => {
  const where = `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${env.PORT}`;
  logger.info({ url: where, provider: store.provider, dev }, `Newsdesk is ready at ${where}`);
});

process.on("unhandledRejection", (err) => logger.error({ err }, "unhandled rejection"));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  // Every acknowledged change is already stored; close sockets, flush the card documents
  // (compaction, derived text), then the database.
  await shutdownRealtime(io);
  await app.close?.();
  await store.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
