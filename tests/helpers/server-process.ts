/**
 * A complete Newsdesk server process without Next.js (server/node.ts: /metrics, Socket.IO,
 * the Redis adapter when REDIS_URL is set), for the suites that kill, partition or multiply
 * server processes (crash, cluster) and the scale benchmark. It reads
 * the same environment as the real server (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX,
 * COLLAB_CATCH_UP_MS, PORT, HOST…), stops gracefully on SIGTERM like it, and prints
 * `READY <port>` once it accepts connections.
 *
 *   node --import tsx tests/helpers/server-process.ts [compactEvery]
 */
import { openStore } from "../../server/db/open-store";
import { loadEnv } from "../../server/env";
import { startNode } from "../../server/node";

const env = loadEnv();
const compactEvery = Number(process.argv[2]) || undefined;
process.on("unhandledRejection", (err) => console.error("unhandled rejection", err));

const store = await openStore(env.DATABASE_URL, { seed: env.SEED, sqliteSynchronous: env.SQLITE_SYNCHRONOUS });
const node = await startNode({ env, store, docs: compactEvery ? { compactEvery } : {} });
console.log(`READY ${node.port}`);

process.on("SIGTERM", () => {
  void node
    .shutdown()
    .then(() => store.close())
    .then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
});
