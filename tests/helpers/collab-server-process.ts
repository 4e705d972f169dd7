/**
 * A desk realtime server in a process of its own, so the crash suite can kill it with SIGKILL
 * mid-write and start it again on the same database and port.
 *
 *   node --import tsx tests/helpers/collab-server-process.ts <databaseUrl> <port> [compactEvery]
 *
 * Opens the store as the server does (migrate, seed), listens on 127.0.0.1:<port> and prints
 * `READY <port>` once it accepts connections.
 */
import { openStore } from "../../server/db/open-store";
import { startNode } from "../../server/node";
import { testEnv } from "./test-env";

const [url, portArg, compactArg] = process.argv.slice(2);
const port = Number(portArg);
if (!url || !Number.isInteger(port) || port <= 0) {
  console.error("usage: collab-server-process.ts <databaseUrl> <port> [compactEvery]");
  process.exit(2);
}

const store = await openStore(url, { seed: true });
try {
  await startNode({ env: testEnv({ PORT: String(port) }), store, docs: compactArg ? { compactEvery: Number(compactArg) } : {} });
} catch (err) {
  console.error(`listen failed: ${(err as Error).message}`);
  process.exit(1);
}
console.log(`READY ${port}`);
