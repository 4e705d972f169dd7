/**
 * A hung Redis (not a dead one): the server stays connected and nothing is answered. Two cases
 * on two real processes sharing Postgres and a Redis of the suite's own:
 *  - the whole Redis hangs (SIGSTOP) for 10 s;
 *  - only process two's connection to Redis hangs (a TCP proxy frozen between them), while
 *    process one still reaches Redis.
 * In both, every editor keeps getting text and commands acknowledged on its own process, a new
 * desk can still open the story and a card, `newsdesk_redis_up` drops on the processes that
 * cannot reach Redis (and only those) and comes back, each says so once in its log, and the text
 * typed on each side during the hang reaches the other side once Redis answers again.
 * Also the shared rate limits: a sign-in count never waits on a hung Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectCluster, type Cluster } from "../server/scale/redis";
import { createRateLimits, take } from "../server/domain/rate-limits";
import type { DeskStore } from "../server/store/types";
import { connectEditor, createCard, firstText, openText, sleep, tokensIn, type Editor } from "./helpers/collab";
import { startOwnRedis, startServerProcess, uniquePrefix, type OwnRedis, type ServerProcess } from "./helpers/cluster";
import { createTestDatabase, openSeededStore, type TestDatabase } from "./helpers/databases";
import { startFreezeProxy, type FreezeProxy } from "./helpers/freeze-proxy";
import { emitAck, okData, SEED_SLUG } from "./helpers/server";

const HANG_MS = 10_000;
/** Far below the hang: an answer this fast did not wait for Redis. */
const ANSWERED_WITHOUT_REDIS_MS = 2_500;
const HUNG_WARNING = "Redis is not answering";

const tokensOf = (doc: import("yjs").Doc) => tokensIn(firstText(doc)!.toString());

async function redisUp(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith("newsdesk_redis_up "));
  return Number(line?.split(" ")[1]);
}

const warnings = (p: ServerProcess) => p.output().split(HUNG_WARNING).length - 1;

async function timed<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

describe("a hung Redis never holds up an editor", () => {
  let database: TestDatabase;
  let store: DeskStore;
  let storyId: string;
  let redis: OwnRedis;
  let proxy: FreezeProxy;
  let one: ServerProcess;
  let two: ServerProcess;
  const editors: Editor[] = [];
  const person = (n: string) => ({ name: n, clientId: `client-hang-${n}` });

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    store = await openSeededStore(database);
    storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
    redis = await startOwnRedis();
    proxy = await startFreezeProxy({ host: "127.0.0.1", port: Number(new URL(redis.url).port) });
    const keyPrefix = uniquePrefix();
    // No periodic catch-up in the test's time: what crosses after the hang is the recovery's doing.
    const options = { databaseUrl: database.url, keyPrefix, compactEvery: 10, catchUpMs: 600_000 };
    [one, two] = await Promise.all([
      startServerProcess({ ...options, redisUrl: redis.url }),
      startServerProcess({ ...options, redisUrl: proxy.urlFor(redis.url) }),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const e of editors) e.socket.disconnect();
    redis?.resume();
    proxy?.thaw();
    await Promise.all([one?.kill(), two?.kill()]);
    await proxy?.close();
    await redis?.stop();
    await store?.close();
    await database?.drop();
  });

  /** Types a token on each side and runs a command on each side, timing every acknowledgement. */
  async function workDuringHang(sides: { s: ReturnType<typeof openText>; editor: Editor; tag: string }[], typed: string[], until: number) {
    const draft = (await store.listCards(storyId)).find((c) => c.status === "draft")!;
    const times: number[] = [];
    for (let n = 0; Date.now() < until - 1_000; n++) {
      for (const { s, editor, tag } of sides) {
        const token = `[${tag}-hang${n}]`;
        typed.push(token);
        times.push(await timed(async () => {
          firstText(s.doc)!.insert(firstText(s.doc)!.length, token);
          await s.provider.whenSaved(HANG_MS);
        }));
        const card = (await store.findCard(draft.id))!;
        times.push(await timed(async () => {
          okData(await emitAck(editor.socket, "card:update", { cardId: card.id, baseVersion: card.version, changes: { summary: `hang ${tag} ${n}` } }));
        }));
      }
      await sleep(400);
    }
    return times;
  }

  it("the whole Redis hangs for 10 s: both processes keep serving their own editors, report it, and converge after", async () => {
    const card = await createCard(store, storyId, "[base]");
    const [ana, bo] = [await connectEditor(one.url, person("ana"), { store }), await connectEditor(two.url, person("bo"), { store })];
    editors.push(ana, bo);
    const [A, B] = [openText(ana, card.id), openText(bo, card.id)];
    await Promise.all([A, B].map((s) => s.provider.whenSaved()));
    firstText(A.doc)!.insert(6, "[before]");
    await expect.poll(() => tokensOf(B.doc), { timeout: 10_000 }).toContain("[before]");
    expect([await redisUp(one.url), await redisUp(two.url)]).toEqual([1, 1]);

    redis.pause();
    const until = Date.now() + HANG_MS;
    const typed = ["[base]", "[before]"];
    const times = await workDuringHang([{ s: A, editor: ana, tag: "a" }, { s: B, editor: bo, tag: "b" }], typed, until);
    expect(Math.max(...times), `acknowledgements took ${times.map(Math.round).join(", ")} ms`).toBeLessThan(ANSWERED_WITHOUT_REDIS_MS);
    // Both processes know, within seconds, and say it.
    expect([await redisUp(one.url), await redisUp(two.url)]).toEqual([0, 0]);
    // A desk opened during the hang: it joins the story and gets the card's text.
    const cy = await connectEditor(two.url, person("cy"), { store });
    editors.push(cy);
    const C = openText(cy, card.id);
    await expect.poll(() => tokensOf(C.doc), { timeout: ANSWERED_WITHOUT_REDIS_MS }).toContain("[b-hang0]");
    await sleep(Math.max(0, until - Date.now()));

    redis.resume();
    await expect.poll(async () => [await redisUp(one.url), await redisUp(two.url)], { timeout: 10_000 }).toEqual([1, 1]);
    // The recovery catches each side up with what the other stored during the hang.
    for (const s of [A, B, C]) await expect.poll(() => tokensOf(s.doc).sort(), { timeout: 15_000 }).toEqual([...typed].sort());
    expect([warnings(one), warnings(two)]).toEqual([1, 1]);
    for (const s of [A, B, C]) s.provider.destroy();
  }, 90_000);

  it("only process two's link to Redis hangs: it keeps serving its editors and reports it; process one is unaffected", async () => {
    const card = await createCard(store, storyId, "[base]");
    const [dee, eve] = [await connectEditor(one.url, person("dee"), { store }), await connectEditor(two.url, person("eve"), { store })];
    editors.push(dee, eve);
    const [D, E] = [openText(dee, card.id), openText(eve, card.id)];
    await Promise.all([D, E].map((s) => s.provider.whenSaved()));
    const before = [warnings(one), warnings(two)];

    proxy.freeze();
    const until = Date.now() + HANG_MS;
    const typed = ["[base]"];
    const times = await workDuringHang([{ s: D, editor: dee, tag: "d" }, { s: E, editor: eve, tag: "e" }], typed, until);
    expect(Math.max(...times), `acknowledgements took ${times.map(Math.round).join(", ")} ms`).toBeLessThan(ANSWERED_WITHOUT_REDIS_MS);
    expect([await redisUp(one.url), await redisUp(two.url)]).toEqual([1, 0]);
    await sleep(Math.max(0, until - Date.now()));

    proxy.thaw();
    await expect.poll(() => redisUp(two.url), { timeout: 10_000 }).toBe(1);
    for (const s of [D, E]) await expect.poll(() => tokensOf(s.doc).sort(), { timeout: 15_000 }).toEqual([...typed].sort());
    expect([warnings(one), warnings(two)]).toEqual([before[0], before[1] + 1]);
    for (const s of [D, E]) s.provider.destroy();
  }, 90_000);

  it("shared rate limits count in memory while Redis hangs, never waiting on it, and still refuse past the budget", async () => {
    const cluster: Cluster = await connectCluster({ url: redis.url, keyPrefix: uniquePrefix() });
    try {
      const limits = createRateLimits({ redis: { client: cluster.client, keyPrefix: uniquePrefix(), healthy: () => cluster.healthy() } });
      expect(await take(limits.signInByEmail, "ana@example.org")).toBe(0);
      redis.pause();
      // Before the watchdog noticed (each call gives Redis a moment) and after (straight to memory).
      const waits: number[] = [];
      for (let n = 0; n < 4; n++) waits.push(await timed(() => take(limits.signInByEmail, "ben@example.org")));
      await expect.poll(() => cluster.healthy(), { timeout: 5_000 }).toBe(false);
      waits.push(await timed(() => take(limits.signInByEmail, "ben@example.org")));
      expect(Math.max(...waits)).toBeLessThan(1_000);
      // Five attempts per email per window: the sixth is refused, hung Redis or not.
      expect(await take(limits.signInByEmail, "ben@example.org")).toBeGreaterThan(0);
    } finally {
      redis.resume();
      await cluster.close();
    }
  }, 30_000);
});
