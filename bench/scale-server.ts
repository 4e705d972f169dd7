/**
 * The server side of `npm run bench:scale`: one complete Newsdesk process without Next.js
 * (server/node.ts, as server/index.ts starts it), in its own process so its CPU is its own:
 *
 *   node --import tsx bench/scale-server.ts <databaseUrl> <redisUrl|-> <keyPrefix>
 *
 * Tells the parent { type: "ready", port } over IPC; on { type: "stop" } shuts down gracefully.
 */
import { openStore } from "../server/db/open-store";
import { loadEnv } from "../server/env";
import { startNode } from "../server/node";
import { benchLimits, createBenchSession } from "./bench-session";
import { runMain, serveParent } from "./child-server";

runMain(async () => {
  const [databaseUrl, redisUrl, keyPrefix] = process.argv.slice(2);
  const env = loadEnv({
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl === "-" ? "" : redisUrl,
    REDIS_KEY_PREFIX: keyPrefix,
    PORT: "0",
    HOST: "127.0.0.1",
  });
  const store = await openStore(env.DATABASE_URL, { seed: true });
  await createBenchSession(store);
  const node = await startNode({ env, store, limits: await benchLimits() });
  serveParent({
    port: node.port,
    async stop() {
      await node.shutdown();
      await store.close();
    },
  });
});
