/**
 * One "process" of the scheduled-posts race (tests/feed-rich.test.ts): opens the store on
 * DATABASE_URL, waits for the go signal (a line on stdin) so both start together, publishes what is
 * due at the given time, prints the ids it won as JSON and exits.
 *
 *   DATABASE_URL=… node --import tsx tests/helpers/publish-due-process.ts <ISO time>
 */
import { once } from "node:events";
import { openStore } from "../../server/db/open-store";
import { publishDue } from "../../server/domain/scheduled";

const store = await openStore(process.env.DATABASE_URL!, { seed: false });
console.log("READY");
await once(process.stdin, "data");
const won = await publishDue(store, new Date(process.argv[2]));
console.log(`WON ${JSON.stringify(won.map((p) => p.replaced))}`);
await store.close();
process.exit(0);
