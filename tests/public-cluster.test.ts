/**
 * Readers across two server processes on Postgres + Redis: a public change made on one process
 * drops the public snapshot held by the other (a reader joining there right after sees it), and
 * the audience the desk sees counts the readers of both processes, going up and down as they
 * come and go. Postgres only: several processes on one SQLite file are not supported.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AudienceReport } from "../lib/protocol/audience";
import type { DeskStore } from "../server/store/types";
import { connectEditor, type Editor } from "./helpers/collab";
import { startServerProcess, uniquePrefix, type ServerProcess } from "./helpers/cluster";
import { createTestDatabase, openSeededStore, type TestDatabase } from "./helpers/databases";
import { connectReader, joinLive, readerEmit, type LiveClient } from "./helpers/live";
import { emitAck, nextEvent, okData, SEED_SLUG } from "./helpers/server";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("readers on two server processes (Postgres + Redis)", () => {
  let database: TestDatabase;
  let store: DeskStore;
  let storyId: string;
  let one: ServerProcess;
  let two: ServerProcess;
  let editor: Editor;
  const readers: LiveClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    store = await openSeededStore(database);
    storyId = (await store.findStoryBySlug(SEED_SLUG))!.id;
    const options = { databaseUrl: database.url, redisUrl: REDIS_URL, keyPrefix: uniquePrefix(), catchUpMs: 600_000, audienceMs: 300 };
    [one, two] = await Promise.all([startServerProcess(options), startServerProcess(options)]);
    editor = await connectEditor(one.url, { name: "Cross Desk", clientId: "client-cross-desk-01" }, { store });
  }, 120_000);

  afterAll(async () => {
    for (const r of readers) r.disconnect();
    editor?.socket.disconnect();
    await Promise.all([one?.kill(), two?.kill()]);
    await store?.close();
    await database?.drop();
  });

  const reader = async (url: string) => {
    const r = await connectReader(url);
    readers.push(r);
    return r;
  };

  it("a post, a deletion and a story change made on one process are in the next snapshot served by the other", async () => {
    // Warm process two's snapshot, so a stale copy would be there to serve.
    const before = await joinLive(await reader(two.url));
    const posted = okData(await emitAck(editor.socket, "feed:post", { body: "<p>Cross-process snapshot post</p>" }));
    expect(before.updates.some((u) => u.id === posted.id)).toBe(false);
    await expect.poll(async () => (await joinLive(await reader(two.url))).updates[0]?.id, { timeout: 5_000 }).toBe(posted.id);

    okData(await emitAck(editor.socket, "feed:delete", { updateId: posted.id }));
    await expect.poll(async () => (await joinLive(await reader(two.url))).updates.some((u) => u.id === posted.id), { timeout: 5_000 }).toBe(false);

    const story = (await store.findStoryBySlug(SEED_SLUG))!;
    okData(await emitAck(editor.socket, "story:update", { storyId, baseVersion: story.version, changes: { summary: "Summary changed on process one" } }));
    await expect.poll(async () => (await joinLive(await reader(two.url))).story.summary, { timeout: 5_000 }).toBe("Summary changed on process one");
  });

  it("the desk's audience counts live-page readers and embeds on both processes, by partner site, up and down", async () => {
    for (const r of readers.splice(0)) r.disconnect();
    const card = (await store.listPublishedCards(storyId))[0];
    expect(card).toBeTruthy();
    const audience = (match: (a: AudienceReport) => boolean) => nextEvent(editor.socket, "story:audience", (a) => a.storyId === storyId && match(a), 10_000);

    // Two on the live page (one per process), three embeds of one card on two partner sites.
    const up = audience((a) => a.live === 2 && a.embeds === 3);
    await joinLive(await reader(one.url));
    await joinLive(await reader(two.url));
    const embedOn = async (url: string, site: string) => {
      const r = await reader(url);
      const ack = await readerEmit(r, "live:watchCard", { cardId: card.id, site });
      expect(ack.ok).toBe(true);
      return r;
    };
    await embedOn(one.url, "https://partner-one.example");
    await embedOn(two.url, "https://partner-one.example");
    const leaving = await embedOn(two.url, "https://partner-two.example");
    const counted = await up;
    expect(counted.cards).toEqual([{ cardId: card.id, readers: 3 }]);
    expect(counted.sites).toEqual([
      { origin: "https://partner-one.example", readers: 2 },
      { origin: "https://partner-two.example", readers: 1 },
    ]);

    const down = audience((a) => a.live === 2 && a.embeds === 2);
    leaving.disconnect();
    expect((await down).sites).toEqual([{ origin: "https://partner-one.example", readers: 2 }]);

    // /metrics on each process shows its own readers.
    const metrics = await (await fetch(`${two.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`newsdesk_live_readers\\{story="${storyId}",place="page"\\} 1`));
  });
});
