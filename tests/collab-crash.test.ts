/**
 * Card text survives crashes. A server process killed with SIGKILL while three editors type
 * (with the default compaction, and compacting every 3 updates) has stored every update it
 * acknowledged; restarted on the same database and port, the editors reconnect, resend what it
 * lacks, and converge on text where every token typed (also while it was down) is present
 * exactly once. A store write that fails is never reported saved until it really is stored.
 * On SQLite and Postgres.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { SyncStatus } from "../lib/collab/card-text-provider";
import type { DeskStore } from "../server/store/types";
import {
  bodyXml,
  connectEditor,
  createCard,
  firstText,
  holds,
  loadStored,
  openText,
  sleep,
  tokensIn,
  type Editor,
} from "./helpers/collab";
import { freePort, startChildProcess, tsxCommand, type ChildProcessHandle } from "./helpers/child-process";
import { createTestDatabase, openSeededStore, PROVIDERS, type TestDatabase } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { SEED_SLUG, signInAs, type Person } from "./helpers/server";

const SERVER_SCRIPT = fileURLToPath(new URL("./helpers/server-process.ts", import.meta.url));
const PEOPLE: Person[] = [0, 1, 2].map((i) => ({ name: `Typist ${i}`, clientId: `client-crash-000${i}` }));

/** Starts the realtime server in its own process and resolves once it listens. */
function startServer(url: string, port: number, compactEvery: number): Promise<ChildProcessHandle> {
  return startChildProcess(tsxCommand(SERVER_SCRIPT, String(compactEvery)), {
    name: `server on port ${port}`,
    env: { ...process.env, LOG_LEVEL: "silent", NODE_ENV: "test", DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", SEED: "true", REDIS_URL: "" },
    ready: (line) => line === `READY ${port}`,
    readyTimeoutMs: 30_000,
  });
}

/** Text made of whole tokens only: every token typed is there exactly once. */
function expectEachTokenOnce(text: string, typed: string[]) {
  expect(tokensIn(text).join("")).toBe(text);
  const seen = tokensIn(text).sort();
  expect(seen).toEqual([...typed].sort());
}

describe.each(PROVIDERS)("a server killed mid-typing (%s)", (provider) => {
  let database: TestDatabase;
  let store: DeskStore;
  let storyId: string;
  let port: number;
  const servers: ChildProcessHandle[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = await openSeededStore(database);
    storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
    port = await freePort();
  });
  afterAll(async () => {
    for (const server of servers) await server.kill();
    await store?.close();
    await database?.drop();
  });

  it.each([100, 3])(
    "loses no acknowledged update, doubles nothing, and the editors converge after restart (compacting every %i)",
    async (compactEvery) => {
      const card = await createCard(store, storyId, "[base]");
      const url = `http://127.0.0.1:${port}`;
      let server = await startServer(database.url, port, compactEvery);
      servers.push(server);
      const editors: Editor[] = [];
      for (const person of PEOPLE) editors.push(await connectEditor(url, person, { reconnection: true, cookie: await signInAs(store, person) }));
      const sessions = editors.map((e) => openText(e, card.id, { retryDelayMs: 100 }));
      await Promise.all(sessions.map((s) => s.provider.whenSaved()));

      const typed = ["[base]"];
      let typing = true;
      const typists = sessions.map(async ({ doc }, i) => {
        for (let n = 0; typing; n++) {
          const text = firstText(doc)!;
          const current = text.toString();
          const bounds = [...current.matchAll(/\[/g)].map((m) => m.index).concat(current.length);
          const token = `[t${i}.${n}]`;
          typed.push(token);
          text.insert(bounds[Math.floor(Math.random() * bounds.length)], token);
          await sleep(2 + Math.random() * 6);
        }
      });

      // Well under way (however loaded the machine is), then killed mid-typing.
      await expect.poll(() => editors.reduce((n, e) => n + e.acked.length, 0), { timeout: 15_000 }).toBeGreaterThan(30);
      await server.kill();
      // Everything acknowledged before the kill is in the database.
      const acked = editors.flatMap((e) => [...e.acked]);
      const atKill = await loadStored(store.docs, card.id);
      for (const u of acked) expect(holds(atKill, u), "an acknowledged update was lost in the crash").toBe(true);
      expect(tokensIn(firstText(atKill)!.toString()).length).toBe(new Set(tokensIn(firstText(atKill)!.toString())).size);

      await sleep(300); // typing on while the server is down
      expect(sessions.every((s) => s.provider.status === "offline")).toBe(true);
      server = await startServer(database.url, port, compactEvery);
      servers.push(server);
      await sleep(300); // and while the editors come back
      typing = false;
      await Promise.all(typists);

      await Promise.all(sessions.map((s) => s.provider.whenSaved(20_000)));
      await expect.poll(() => new Set(sessions.map((s) => bodyXml(s.doc))).size, { timeout: 10_000 }).toBe(1);
      const stored = await loadStored(store.docs, card.id);
      for (const s of sessions) expect(bodyXml(s.doc)).toBe(bodyXml(stored));
      expectEachTokenOnce(firstText(stored)!.toString(), typed);
      for (const e of editors) for (const u of e.acked) expect(holds(stored, u)).toBe(true);

      for (const s of sessions) s.provider.destroy();
      for (const e of editors) e.socket.disconnect();
      await server.kill();
    },
    60_000,
  );
});

describe.each(PROVIDERS)("a store write that fails (%s)", (provider) => {
  /** Makes the next `fail` appends throw, after writing the row when `afterWrite` (a lost answer). */
  const faults = { fail: 0, afterWrite: false };
  const ctx = useDesk(provider, {
    join: false,
    wrapDocs: (docs) => ({
      ...docs,
      async appendUpdates(rows) {
        if (faults.fail === 0) return docs.appendUpdates(rows);
        faults.fail -= 1;
        if (faults.afterWrite) await docs.appendUpdates(rows);
        throw new Error("simulated write failure");
      },
    }),
  });

  it.each([
    ["before the row is written", false],
    ["after the row is written (the answer is lost)", true],
  ])("%s: the editor sees out-of-sync, then saved only once it is stored, exactly once", async (_when, afterWrite) => {
    const storyId = (await ctx.store.findStoryBySlug(SEED_SLUG))!.id;
    const card = await createCard(ctx.store, storyId, "[base]");
    const as = async (p: Person) => connectEditor(ctx.desk.url, p, { cookie: await ctx.desk.cookieFor(p) });
    const [a, b] = [await as(PEOPLE[0]), await as(PEOPLE[1])];
    const [A, B] = [openText(a, card.id), openText(b, card.id)];
    await Promise.all([A.provider.whenSaved(), B.provider.whenSaved()]);
    const statuses: SyncStatus[] = [];
    A.provider.onStatus((s) => statuses.push(s));

    Object.assign(faults, { fail: 1, afterWrite });
    firstText(A.doc)!.insert(6, "[a1]");
    await expect.poll(() => statuses.includes("out-of-sync")).toBe(true);
    await A.provider.whenSaved();
    const stored = await loadStored(ctx.store.docs, card.id);
    expect(holds(stored, Y.encodeStateAsUpdate(A.doc)), "saved, but not stored").toBe(true);
    expect(firstText(stored)!.toString()).toBe("[base][a1]");

    // The other editor carries on too (opening again if told to), and both converge.
    firstText(B.doc)!.insert(0, "[b1]");
    await B.provider.whenSaved();
    await expect.poll(() => firstText(A.doc)!.toString()).toBe("[b1][base][a1]");
    expect(firstText(B.doc)!.toString()).toBe("[b1][base][a1]");
    expectEachTokenOnce(firstText(await loadStored(ctx.store.docs, card.id))!.toString(), ["[base]", "[a1]", "[b1]"]);
    for (const s of [A, B]) s.provider.destroy();
    for (const e of [a, b]) e.socket.disconnect();
  });
});

describe.each(PROVIDERS)("compaction and unloading keep the text whole (%s)", (provider) => {
  const ctx = useDesk(provider, { join: false, docs: { compactEvery: 5, unloadAfterMs: 150, deriveDelayMs: 50 } });
  let storyId: string;
  beforeAll(async () => {
    storyId = (await ctx.store.findStoryBySlug(SEED_SLUG))!.id;
  });

  /** Three editors type (and delete) tokens concurrently; returns what must remain. */
  async function typeTogether(sessions: ReturnType<typeof openText>[], rounds: number): Promise<string[]> {
    const kept = new Set(["[base]"]);
    await Promise.all(
      sessions.map(async ({ doc }, i) => {
        for (let n = 0; n < rounds; n++) {
          const text = firstText(doc)!;
          const token = `[c${i}.${n}]`;
          kept.add(token);
          text.insert(n % 2 ? 0 : text.length, token);
          if (n % 4 === 3) {
            const victim = `[c${i}.${n - 1}]`;
            const at = text.toString().indexOf(victim);
            text.delete(at, victim.length);
            kept.delete(victim);
          }
          await sleep(1 + Math.random() * 4);
        }
      }),
    );
    await Promise.all(sessions.map((s) => s.provider.whenSaved()));
    await expect.poll(() => new Set(sessions.map((s) => bodyXml(s.doc))).size).toBe(1);
    return [...kept];
  }

  it("a document compacted many times holds everything typed, once, and its derived text follows", async () => {
    const card = await createCard(ctx.store, storyId, "[base]");
    const editors = await Promise.all(PEOPLE.map(async (p) => connectEditor(ctx.desk.url, p, { cookie: await ctx.desk.cookieFor(p) })));
    const sessions = editors.map((e) => openText(e, card.id));
    await Promise.all(sessions.map((s) => s.provider.whenSaved()));
    const kept = await typeTogether(sessions, 24);

    await expect.poll(async () => (await ctx.db.cardDoc.findUniqueOrThrow({ where: { cardId: card.id } })).throughId).toBeGreaterThan(0);
    await expect.poll(() => ctx.db.cardDocUpdate.count({ where: { cardId: card.id } })).toBeLessThan(5);
    const stored = await loadStored(ctx.store.docs, card.id);
    expect(bodyXml(stored)).toBe(bodyXml(sessions[0].doc));
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(sessions[0].doc));
    const text = firstText(stored)!.toString();
    expectEachTokenOnce(text, kept);
    await expect.poll(async () => (await ctx.store.findCard(card.id))?.body).toBe(text);
    for (const s of sessions) s.provider.destroy();
    for (const e of editors) e.socket.disconnect();
  });

  it("a document unloaded and loaded again is identical, and offline typing from before merges once", async () => {
    const card = await createCard(ctx.store, storyId, "[base]");
    const editors = await Promise.all(PEOPLE.map(async (p) => connectEditor(ctx.desk.url, p, { cookie: await ctx.desk.cookieFor(p) })));
    const sessions = editors.map((e) => openText(e, card.id));
    await Promise.all(sessions.map((s) => s.provider.whenSaved()));
    const kept = await typeTogether(sessions, 9);
    const before = { xml: bodyXml(sessions[1].doc), sv: Y.encodeStateVector(sessions[1].doc) };

    // Editor 0 goes offline and types on; the others close the card; it is unloaded.
    editors[0].disconnect();
    firstText(sessions[0].doc)!.insert(0, "[offline]");
    for (const s of sessions.slice(1)) s.provider.destroy();
    await expect.poll(() => ctx.desk.docs.loadedCount, { timeout: 5_000 }).toBe(0);
    expect(await ctx.db.cardDocUpdate.count({ where: { cardId: card.id } })).toBe(0); // folded on unload

    const reader = openText(editors[1], card.id);
    await reader.provider.whenSaved();
    expect(bodyXml(reader.doc)).toBe(before.xml);
    expect(Y.encodeStateVector(reader.doc)).toEqual(before.sv);

    editors[0].reconnect();
    await sessions[0].provider.whenSaved();
    await expect.poll(() => bodyXml(reader.doc)).toBe(bodyXml(sessions[0].doc));
    expectEachTokenOnce(firstText(await loadStored(ctx.store.docs, card.id))!.toString(), [...kept, "[offline]"]);
    for (const s of [sessions[0], reader]) s.provider.destroy();
    for (const e of editors) e.socket.disconnect();
  });
});
