/**
 * What the operator sees: the environment check that refuses several processes on SQLite,
 * /metrics (connections, events, acknowledged edits, write latency), request ids, liveness, and
 * readiness that follows the database and Redis. A process built by server/node.ts, in this test
 * process, on SQLite; Redis is the suite's own server, stopped to see readiness drop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "../app/api/health/route";
import { GET as ready } from "../app/api/ready/route";
import { take } from "../server/domain/rate-limits";
import { loadEnv } from "../server/env";
import { startNode, type RunningNode } from "../server/node";
import { publishServices } from "../server/services";
import type { DeskStore } from "../server/store/types";
import { connectEditor, createCard, firstText, openText } from "./helpers/collab";
import { startOwnRedis, uniquePrefix, type OwnRedis } from "./helpers/cluster";
import { createTestDatabase, openSeededStore, type TestDatabase } from "./helpers/databases";
import { emitRaw, SEED_SLUG } from "./helpers/server";
import { testEnv } from "./helpers/test-env";

const nodeEnv = (redisUrl?: string, prefix = uniquePrefix()) =>
  testEnv({ REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, COLLAB_CATCH_UP_MS: "1000", SHUTDOWN_TIMEOUT_MS: "10000" });

describe("environment for several processes", () => {
  it("refuses REDIS_URL with a SQLite database, naming the variable and the way out", () => {
    expect(() => loadEnv({ REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: "file:./data/x.db" })).toThrow(
      /REDIS_URL: several processes need Postgres/,
    );
    expect(() => loadEnv({ REDIS_URL: "redis://127.0.0.1:6379" })).toThrow(/REDIS_URL/);
    expect(loadEnv({ REDIS_URL: "redis://127.0.0.1:6379", DATABASE_URL: "postgresql://u@h/db" }).REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(() => loadEnv({ REDIS_URL: "http://nope", DATABASE_URL: "postgresql://u@h/db" })).toThrow(/redis:\/\//);
    expect(() => loadEnv({ COLLAB_CATCH_UP_MS: "soon" })).toThrow(/COLLAB_CATCH_UP_MS/);
  });
});

describe("metrics, request ids, health and readiness", () => {
  let database: TestDatabase;
  let store: DeskStore;
  let redis: OwnRedis;
  let plain: RunningNode;
  let clustered: RunningNode;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    store = await openSeededStore(database);
    redis = await startOwnRedis();
    plain = await startNode({ env: nodeEnv(), store });
    clustered = await startNode({ env: nodeEnv(redis.url), store });
  });
  afterAll(async () => {
    publishServices(undefined);
    await plain?.shutdown();
    await clustered?.shutdown();
    await redis?.stop();
    await store?.close();
    await database?.drop();
  });

  it("/metrics counts connections, events and acknowledged edits, and times the writes", async () => {
    const url = `http://127.0.0.1:${plain.port}`;
    const storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
    const card = await createCard(store, storyId, "[base]");
    const editor = await connectEditor(url, { name: "Metra", clientId: "client-metrics-01" }, { store });
    const { doc, provider } = openText(editor, card.id);
    await provider.whenSaved();
    firstText(doc)!.insert(0, "[m]");
    await provider.whenSaved();

    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    const body = await res.text();
    const value = (name: string) => Number(body.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1]);
    expect(value("newsdesk_socket_connections")).toBeGreaterThanOrEqual(1);
    expect(value('newsdesk_socket_events_total{event="collab:sync"}')).toBeGreaterThanOrEqual(1);
    expect(value("newsdesk_collab_acked_edits_total")).toBeGreaterThanOrEqual(1);
    expect(value('newsdesk_db_write_seconds_count{op="append"}')).toBeGreaterThanOrEqual(1);
    expect(body).toContain("newsdesk_errors_total");
    expect(body).toContain("newsdesk_process_cpu_seconds_total");
    provider.destroy();
    editor.socket.disconnect();
  });

  it("echoes a sane X-Request-Id and makes one up otherwise", async () => {
    const url = `http://127.0.0.1:${plain.port}`;
    const given = await fetch(`${url}/nowhere`, { headers: { "X-Request-Id": "lb-1234.abc" } });
    expect(given.headers.get("x-request-id")).toBe("lb-1234.abc");
    expect(given.status).toBe(404);
    const odd = await fetch(`${url}/nowhere`, { headers: { "X-Request-Id": "<script>" } });
    expect(odd.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("health is liveness only; ready follows the database and Redis", async () => {
    expect((await health()).status).toBe(200);

    publishServices(plain.services);
    let res = await ready();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ready: true, database: { status: "ok" }, redis: { status: "not configured" } });

    publishServices(clustered.services);
    expect((await ready()).status).toBe(200);
    await redis.stop();
    res = await ready();
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ready: false, database: { status: "ok" }, redis: { status: "unreachable" } });
    // Still alive: an orchestrator must not restart it for Redis's sake.
    expect((await health()).status).toBe(200);
    await redis.start();
    await expect.poll(async () => (await ready()).status, { timeout: 15_000 }).toBe(200);
  });
});

describe("rate limits with several processes", () => {
  let database: TestDatabase;
  let store: DeskStore;
  let redis: OwnRedis;
  const nodes: RunningNode[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    store = await openSeededStore(database);
    redis = await startOwnRedis();
    // Both processes on one Redis, with a tiny budget: 4 events per user per 10 s.
    const env = nodeEnv(redis.url);
    for (let i = 0; i < 2; i++) {
      nodes.push(await startNode({ env, store, limitOptions: { socketEventsPer10s: 4 } }));
    }
  });
  afterAll(async () => {
    for (const node of nodes) await node.shutdown();
    await redis?.stop();
    await store?.close();
    await database?.drop();
  });

  it("a user's desk-event budget is counted on each process (no Redis on the keystroke path); sign-in counts stay shared", async () => {
    const person = { name: "Spread", clientId: "client-spread-01" };
    const [a, b] = await Promise.all(nodes.map((n) => connectEditor(`http://127.0.0.1:${n.port}`, person, { store })));
    try {
      // Each editor has already spent one event joining the story: 1 of the 4 on each process.
      const more = (editor: typeof a) => emitRaw(editor.socket, "feed:more", { before: 1 });
      for (let n = 0; n < 3; n++) expect((await more(a)).ok).toBe(true);
      const over = await more(a);
      expect(over.ok ? "ok" : over.error.code).toBe("RATE_LIMITED");
      // The other process has its own count for this user.
      expect((await more(b)).ok).toBe(true);
      // Sign-in attempts, by contrast, are one count for the desk: spent on one process, refused on the other.
      const [one, two] = nodes.map((n) => n.limits);
      for (let n = 0; n < 5; n++) expect(await take(one.signInByEmail, "spread@example.org")).toBe(0);
      expect(await take(two.signInByEmail, "spread@example.org")).toBeGreaterThan(0);
    } finally {
      a.socket.disconnect();
      b.socket.disconnect();
    }
  });
});
