/**
 * A desk realtime server in a process of its own, so the crash suite can kill it with SIGKILL
 * mid-write and start it again on the same database and port.
 *
 *   node --import tsx tests/helpers/collab-server-process.ts <databaseUrl> <port> [compactEvery]
 *
 * Opens the store as the server does (migrate, seed), listens on 127.0.0.1:<port> and prints
 * `READY <port>` once it accepts connections.
 */
import { createServer } from "node:http";
import { CardDocs } from "../../server/collab/card-docs";
import { openStore } from "../../server/db/open-store";
import { createRealtime } from "../../server/realtime/create-realtime";

const [url, portArg, compactArg] = process.argv.slice(2);
const port = Number(portArg);
if (!url || !Number.isInteger(port) || port <= 0) {
  console.error("usage: collab-server-process.ts <databaseUrl> <port> [compactEvery]");
  process.exit(2);
}

const store = await openStore(url, { seed: true });
const httpServer = createServer();
const docs = new CardDocs(store.docs, compactArg ? { compactEvery: Number(compactArg) } : {});
createRealtime(httpServer, { store, docs });
httpServer.on("error", (err) => {
  console.error(`listen failed: ${err.message}`);
  process.exit(1);
});
httpServer.listen(port, "127.0.0.1", () => console.log(`READY ${port}`));
