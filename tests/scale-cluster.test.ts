/**
 * Two server processes on one Postgres database and the machine's Redis (each suite on its own
 * channel prefix): whatever process a client is connected to, it sees the others' commands,
 * presence, live feed posts and card text; and when one process is killed with SIGKILL its
 * clients reconnect (through a load balancer) to the other with every acknowledged edit intact.
 * Postgres only: several processes on one SQLite file are not supported (see docs/scaling.md).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeskStore } from "../server/store/types";
import { bodyXml, connectEditor, createCard, firstText, holds, loadStored, openText, sleep, tokensIn, type Editor } from "./helpers/collab";
import { startBalancer, startServerProcess, uniquePrefix, type Balancer, type ServerProcess } from "./helpers/cluster";
import { createTestDatabase, openSeededStore, type TestDatabase } from "./helpers/databases";
import { connectReader, joinLive, nextLive } from "./helpers/live";
import { emitAck, nextEvent, okData, SEED_SLUG, type Person } from "./helpers/server";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const people = (tag: string, n: number): Person[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${tag} ${i}`, clientId: `client-${tag}-${i}-000`.slice(0, 40) }));

/** Types `[tag.n]` tokens at token boundaries until `running()` is false. */
async function typeTokens(doc: import("yjs").Doc, tag: string, typed: string[], running: () => boolean) {
  for (let n = 0; running(); n++) {
    const text = firstText(doc)!;
    const current = text.toString();
    const bounds = [...current.matchAll(/\[/g)].map((m) => m.index).concat(current.length);
    const token = `[${tag}.${n}]`;
    typed.push(token);
    text.insert(bounds[Math.floor(Math.random() * bounds.length)], token);
    await sleep(5 + Math.random() * 10);
  }
}

function expectEachTokenOnce(text: string, typed: string[]) {
  expect(tokensIn(text).join("")).toBe(text);
  expect(tokensIn(text).sort()).toEqual([...typed].sort());
}

describe("two server processes on Postgres + Redis", () => {
  let database: TestDatabase;
  let store: DeskStore;
  let storyId: string;
  let one: ServerProcess;
  let two: ServerProcess;
  let balancer: Balancer;
  let keyPrefix: string;
  const editors: Editor[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    store = await openSeededStore(database);
    storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
    keyPrefix = uniquePrefix();
    // No periodic catch-up within the test's time: text must cross through the announcements.
    const options = { databaseUrl: database.url, redisUrl: REDIS_URL, keyPrefix, compactEvery: 10, catchUpMs: 600_000 };
    [one, two] = await Promise.all([startServerProcess(options), startServerProcess(options)]);
    balancer = await startBalancer([one.port, two.port]);
  }, 120_000);

  afterAll(async () => {
    for (const e of editors) e.socket.disconnect();
    await balancer?.close();
    await Promise.all([one?.kill(), two?.kill()]);
    await store?.close();
    await database?.drop();
  });

  it("commands, presence, live feed posts and live readers reach the clients of the other process", async () => {
    const [a, b] = people("desk", 2);
    const onOne = await connectEditor(one.url, a, { store });
    editors.push(onOne);
    // Bea joins on the other process: Alice's process hears of her.
    const seen = nextEvent(onOne.socket, "presence:joined", (p) => p.member.clientId === b.clientId, 10_000);
    const onTwo = await connectEditor(two.url, b, { store });
    editors.push(onTwo);
    await seen;

    const card = (await store.listCards(storyId)).find((c) => c.status === "draft")!;
    const updated = nextEvent(onTwo.socket, "card:updated", (c) => c.id === card.id && c.status === "in_review", 10_000);
    okData(await emitAck(onOne.socket, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }));
    expect((await updated).status).toBe("in_review");

    // A reader of the public live page (and so of embeds) on process one sees a post made on process two.
    const reader = await connectReader(one.url);
    await joinLive(reader);
    const read = nextLive(reader, "live:update", (u) => u.bodyText.includes("cross-process"), 10_000);
    const posted = nextEvent(onOne.socket, "feed:posted", (u) => u.bodyText.includes("cross-process"), 10_000);
    okData(await emitAck(onTwo.socket, "feed:post", { body: "<p>A cross-process update</p>" }));
    expect((await posted).bodyText).toContain("A cross-process update");
    expect((await read).bodyText).toContain("A cross-process update");
    reader.disconnect();
  }, 60_000);

  it("editors on both processes co-edit one card and converge; a SIGKILLed process's editors reconnect to the other with every acknowledged edit", async () => {
    const card = await createCard(store, storyId, "[base]");
    // Two editors reach the desk through the balancer (so on process one while it lives), one on process two.
    const team = people("typist", 3);
    const viaBalancer = [await connectEditor(balancer.url, team[0], { reconnection: true, store }), await connectEditor(balancer.url, team[1], { reconnection: true, store })];
    const direct = await connectEditor(two.url, team[2], { reconnection: true, store });
    const all = [...viaBalancer, direct];
    editors.push(...all);
    const sessions = all.map((e) => openText(e, card.id, { retryDelayMs: 100 }));
    await Promise.all(sessions.map((s) => s.provider.whenSaved()));

    const typed = ["[base]"];
    let typing = true;
    const typists = sessions.map((s, i) => typeTokens(s.doc, `t${i}`, typed, () => typing));

    // Text typed on process one reaches the editor on process two (and the other way round).
    await expect
      .poll(() => tokensIn(firstText(sessions[2].doc)!.toString()).some((t) => t.startsWith("[t0.")), { timeout: 15_000 })
      .toBe(true);
    await expect
      .poll(() => tokensIn(firstText(sessions[0].doc)!.toString()).some((t) => t.startsWith("[t2.")), { timeout: 15_000 })
      .toBe(true);
    await expect.poll(() => viaBalancer.reduce((n, e) => n + e.acked.length, 0), { timeout: 15_000 }).toBeGreaterThan(20);

    await one.kill("SIGKILL");
    const ackedBeforeKill = all.flatMap((e) => [...e.acked]);
    const atKill = await loadStored(store.docs, card.id);
    for (const u of ackedBeforeKill) expect(holds(atKill, u), "an acknowledged update was lost in the crash").toBe(true);

    // The balancer sends the reconnecting editors to process two; they keep typing there.
    await expect.poll(() => viaBalancer.every((e) => e.socket.connected), { timeout: 20_000 }).toBe(true);
    const ackedAfterReconnect = viaBalancer.map((e) => e.acked.length);
    await expect
      .poll(() => viaBalancer.every((e, i) => e.acked.length > ackedAfterReconnect[i] + 3), { timeout: 20_000 })
      .toBe(true);
    typing = false;
    await Promise.all(typists);

    await Promise.all(sessions.map((s) => s.provider.whenSaved(20_000)));
    await expect.poll(() => new Set(sessions.map((s) => bodyXml(s.doc))).size, { timeout: 15_000 }).toBe(1);
    const stored = await loadStored(store.docs, card.id);
    for (const s of sessions) expect(bodyXml(s.doc)).toBe(bodyXml(stored));
    expectEachTokenOnce(firstText(stored)!.toString(), typed);
    for (const e of all) for (const u of e.acked) expect(holds(stored, u), "an acknowledged update is missing").toBe(true);
    for (const s of sessions) s.provider.destroy();
  }, 120_000);

  it("on SIGTERM a process writes what it holds and exits; its editors reconnect to the other process and converge", async () => {
    const card = await createCard(store, storyId, "[base]");
    const three = await startServerProcess({ databaseUrl: database.url, redisUrl: REDIS_URL, keyPrefix, compactEvery: 1000, catchUpMs: 600_000 });
    const front = await startBalancer([three.port, two.port]);
    try {
      const team = people("leaver", 2);
      const leaving = await connectEditor(front.url, team[0], { reconnection: true, store });
      const staying = await connectEditor(two.url, team[1], { reconnection: true, store });
      editors.push(leaving, staying);
      const [L, S] = [openText(leaving, card.id, { retryDelayMs: 100 }), openText(staying, card.id, { retryDelayMs: 100 })];
      await Promise.all([L.provider.whenSaved(), S.provider.whenSaved()]);
      const typed = ["[base]"];
      let typing = true;
      const typists = [typeTokens(L.doc, "l", typed, () => typing), typeTokens(S.doc, "s", typed, () => typing)];
      await expect.poll(() => leaving.acked.length, { timeout: 15_000 }).toBeGreaterThan(10);

      expect(await three.kill("SIGTERM")).toBe(0);
      // A clean exit (the flush of its documents succeeded) with everything it acknowledged stored.
      const doc = await loadStored(store.docs, card.id);
      for (const u of leaving.acked) expect(holds(doc, u)).toBe(true);
      const ackedBefore = leaving.acked.length;
      await expect.poll(() => leaving.acked.length, { timeout: 20_000 }).toBeGreaterThan(ackedBefore + 3);
      typing = false;
      await Promise.all(typists);
      await Promise.all([L, S].map((s) => s.provider.whenSaved(20_000)));
      await expect.poll(() => bodyXml(L.doc) === bodyXml(S.doc), { timeout: 15_000 }).toBe(true);
      const stored = await loadStored(store.docs, card.id);
      expect(bodyXml(S.doc)).toBe(bodyXml(stored));
      expectEachTokenOnce(firstText(stored)!.toString(), typed);
      for (const s of [L, S]) s.provider.destroy();
    } finally {
      await front.close();
      await three.kill();
    }
  }, 120_000);
});
