/** `npm run db:seed`: migrate and seed the database DATABASE_URL names (SQLite by default). */
import { loadEnv } from "../env";
import { openStore } from "./open-store";

const env = loadEnv();
const store = await openStore(env.DATABASE_URL, { seed: true });
await store.close();
console.log(`Seeded ${env.DATABASE_URL.replace(/\/\/[^@]*@/, "//***@")}`);
