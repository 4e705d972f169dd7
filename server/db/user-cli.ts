/**
 * Creates an account from the command line (the first admin, typically):
 *   npm run user:create -- --email ana@example.org --role admin [--name "Ana"] [--password …]
 * Without --password a strong one is generated and printed once. Uses DATABASE_URL (migrating it
 * first, like the server).
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { ZCreateUser } from "../../lib/protocol/auth";
import { createUser } from "../domain/accounts";
import { loadEnv } from "../env";
import { openStore } from "./open-store";

const { values } = parseArgs({
  options: { email: { type: "string" }, role: { type: "string", default: "editor" }, name: { type: "string" }, password: { type: "string" } },
});
const generated = values.password ? null : randomBytes(12).toString("base64url");
const parsed = ZCreateUser.safeParse({
  email: values.email,
  role: values.role,
  name: values.name ?? values.email?.split("@")[0],
  password: values.password ?? generated,
});
if (!parsed.success) {
  const issue = parsed.error.issues[0];
  console.error(`user:create: ${issue.path.join(".") || "input"}: ${issue.message}\nusage: npm run user:create -- --email EMAIL --role admin|editor|contributor|viewer [--name NAME] [--password PASSWORD]`);
  process.exit(2);
}
const env = loadEnv();
const store = await openStore(env.DATABASE_URL, { seed: false });
try {
  const user = await createUser(store, parsed.data, null);
  console.log(`Created ${user.role} ${user.email} (${user.name})${generated ? `\nPassword (shown only now): ${generated}` : ""}`);
} catch (err) {
  console.error(`user:create: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await store.close();
}
