/**
 * Sign-in from the outside (issue 14, findings 1 and 2), on SQLite and Postgres: concurrent
 * guesses cannot outrun the per-email budget, a spent budget is always 429 with Retry-After (never
 * 500), and the per-address budget cannot be dodged by sending X-Forwarded-For unless the
 * connection comes from a proxy named in TRUST_PROXY. The requests go through the real Node HTTP
 * server (startNode), which decides what a client's forwarded headers are worth before the route
 * sees them. (e2e/security.spec.ts repeats the burst against the production Next build, where the
 * route runs in Next's bundle.)
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signInRoute } from "../app/api/auth/signin/route";
import { originOf } from "../app/_lib/origin";
import { createUser } from "../server/domain/accounts";
import { BUDGETS } from "../server/domain/rate-limits";
import { startNode, type RunningNode } from "../server/node";
import { CLIENT_ADDRESS_HEADER, publishServices } from "../server/services";
import { testEnv } from "./helpers/test-env";
import type { DeskStore } from "../server/store/types";
import { createTestDatabase, openSeededStore, PROVIDERS, type TestDatabase } from "./helpers/databases";

const PASSWORD = "the right password";

/** The app behind the Node server: the sign-in route, and /whoami echoing what a route is told. */
async function app(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  if (req.url === "/whoami") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ address: headers.get(CLIENT_ADDRESS_HEADER), origin: originOf(headers) }));
    return;
  }
  const answer = await signInRoute(
    new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }),
  );
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(Buffer.from(await answer.arrayBuffer()));
}

async function startSite(store: DeskStore, trustProxy?: string): Promise<{ node: RunningNode; url: string }> {
  const env = testEnv({ REDIS_KEY_PREFIX: "sec", SHUTDOWN_TIMEOUT_MS: "5000", TRUST_PROXY: trustProxy });
  const node = await startNode({ env, store, app: (req, res) => void app(req, res) });
  publishServices(node.services);
  return { node, url: `http://127.0.0.1:${node.port}` };
}

const signIn = (url: string, email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/auth/signin`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url, ...headers },
    body: JSON.stringify({ email, password }),
  });

describe.each(PROVIDERS)("sign-in under attack (%s)", (provider) => {
  let database: TestDatabase;
  let store: DeskStore;
  let site: { node: RunningNode; url: string };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = await openSeededStore(database);
    site = await startSite(store);
    await createUser(store, { email: "target@desk.test", name: "Target", role: "editor", password: PASSWORD }, null);
  });
  afterAll(async () => {
    publishServices(undefined);
    await site?.node.shutdown();
    await store?.close();
    await database?.drop();
  });

  it("a burst of concurrent guesses is counted before checking: at most the budget is verified, the rest is 429, never 500, and the right password then gets no session", async () => {
    const email = "target@desk.test";
    for (let i = 0; i < BUDGETS.signInPerEmail - 1; i++) expect((await signIn(site.url, email, `guess ${i}`)).status).toBe(401);
    const burst = Array.from({ length: 12 }, (_, i) => signIn(site.url, email, `burst ${i}`));
    await new Promise((resolve) => setTimeout(resolve, 25));
    const right = signIn(site.url, email, PASSWORD);
    const answers = await Promise.all(burst);
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 401 || s === 429), statuses.join(",")).toBe(true);
    // One attempt was left in the budget: one guess checked, eleven refused unchecked.
    expect(statuses.filter((s) => s === 401)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await refused.json()).error.code).toBe("RATE_LIMITED");
    }
    const late = await right;
    expect(late.status).toBe(429);
    expect(late.headers.get("set-cookie")).toBeNull();
  });

  it("a success gives its attempt back: the owner signs in repeatedly without locking the email", async () => {
    await createUser(store, { email: "owner@desk.test", name: "Owner", role: "editor", password: PASSWORD }, null);
    for (let i = 0; i < BUDGETS.signInPerEmail + 2; i++) {
      expect((await signIn(site.url, "owner@desk.test", PASSWORD)).status).toBe(200);
    }
  });
});

describe("forwarded headers (X-Forwarded-For, -Host, -Proto)", () => {
  let database: TestDatabase;
  let store: DeskStore;
  let direct: { node: RunningNode; url: string };
  let proxied: { node: RunningNode; url: string };

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    store = await openSeededStore(database);
    direct = await startSite(store);
    proxied = await startSite(store, "loopback");
  });
  afterAll(async () => {
    publishServices(undefined);
    await direct?.node.shutdown();
    await proxied?.node.shutdown();
    await store?.close();
    await database?.drop();
  });

  const whoami = async (url: string, headers: Record<string, string>) =>
    (await (await fetch(`${url}/whoami`, { headers })).json()) as { address: string; origin: string };

  it("without TRUST_PROXY a client's forwarded headers are ignored: changing X-Forwarded-For does not escape the per-address limit", async () => {
    publishServices(direct.node.services);
    const forged = { "x-forwarded-for": "203.0.113.7", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", [CLIENT_ADDRESS_HEADER]: "198.51.100.1" };
    expect(await whoami(direct.url, forged)).toEqual({ address: "127.0.0.1", origin: direct.url });
    // Every attempt another email (no per-email lock) and another forwarded address.
    const statuses: number[] = [];
    for (let i = 0; i <= BUDGETS.signInPerAddress; i++) {
      const res = await signIn(direct.url, `spray-${i}@desk.test`, "password1", { "x-forwarded-for": `198.51.100.${i + 1}` });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, BUDGETS.signInPerAddress).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("behind a trusted proxy the client's address, host and scheme come from it, read right to left", async () => {
    publishServices(proxied.node.services);
    // The proxy appends the address it saw; what the client itself wrote on the left is not believed
    // past the first untrusted hop.
    const seen = await whoami(proxied.url, { "x-forwarded-for": "10.9.9.9, 203.0.113.7", "x-forwarded-host": "desk.example", "x-forwarded-proto": "https" });
    expect(seen).toEqual({ address: "203.0.113.7", origin: "https://desk.example" });
    // A client that forged its own CLIENT_ADDRESS_HEADER gets it overwritten.
    expect((await whoami(proxied.url, { [CLIENT_ADDRESS_HEADER]: "1.2.3.4" })).address).toBe("127.0.0.1");
  });
});
