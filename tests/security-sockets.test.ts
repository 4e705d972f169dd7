/**
 * The sockets and public reads from the outside (issue 14, findings 3, 5 and 7), on SQLite and
 * Postgres: a page of another origin cannot open the desk socket with the editor's cookie while
 * the public /live namespace stays open to every origin; a /live event flood is limited while
 * other readers keep receiving posts; public reads never ask for a working copy; readers learn
 * nothing of posts or cards that were never public.
 */
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as cardApi } from "../app/api/cards/[id]/route";
import { GET as storiesApi } from "../app/api/stories/route";
import { GET as storyApi } from "../app/api/stories/[slug]/route";
import { GET as embedPage } from "../app/embed/cards/[id]/route";
import { PROTOCOL_VERSION } from "../lib/protocol/events";
import { LIVE_NAMESPACE } from "../lib/protocol/feed";
import { publishServices } from "../server/services";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { PROVIDERS } from "./helpers/databases";
import { joinLive, nextLive, readerEmit, recordLive, useReaders } from "./helpers/live";
import { ALICE, ackError, emitAck, joinStory, okData, SEED_SLUG, type Person } from "./helpers/server";

const ADMIN_ORIGIN = "https://admin.desk.example";
const CONTRIBUTOR: Person = { name: "Cora", clientId: "client-cora-0001", role: "contributor" };

/** Opens a socket to `url` the way a page on `origin` would (undefined: a Node client, no Origin). */
function open(url: string, cookie: string | null, origin?: string): Promise<Socket> {
  const socket = connect(url, {
    auth: { protocol: PROTOCOL_VERSION },
    extraHeaders: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

describe.each(PROVIDERS)("sockets and public reads under attack (%s)", (provider) => {
  const ctx = useDesk(provider, { allowedOrigins: [ADMIN_ORIGIN] });
  const readers = useReaders(() => ctx.desk);
  const opened: Socket[] = [];
  beforeAll(() => publishServices(ctx.desk.services));
  afterAll(() => {
    publishServices(undefined);
    for (const s of opened) s.disconnect();
  });
  const keep = (s: Socket) => (opened.push(s), s);

  it("a desk handshake from another origin — a sibling port or a foreign site — is refused even with the editor's cookie; /live accepts any origin", async () => {
    const cookie = await ctx.desk.cookieFor(ALICE);
    const sibling = ctx.desk.url.replace(/:\d+$/, ":3299");
    for (const origin of [sibling, "http://evil.example", "null"]) {
      await expect(open(ctx.desk.url, cookie, origin), origin).rejects.toThrow(/FORBIDDEN/);
    }
    // The desk's own pages, a configured origin, and Node clients (no Origin) are let in.
    for (const origin of [ctx.desk.url, ADMIN_ORIGIN, undefined]) {
      const socket = keep(await open(ctx.desk.url, cookie, origin));
      const joined = okData(await emitAck(socket as never, "story:join", { slug: SEED_SLUG, clientId: ALICE.clientId }));
      expect((joined as { me: { name: string } }).me.name).toBe("Alice");
    }
    // An embed on a partner site reads the public namespace.
    const reader = keep(await open(ctx.desk.url + LIVE_NAMESPACE, null, "http://partner.example"));
    expect((await joinLive(reader as never)).story.slug).toBe(SEED_SLUG);
  });

  it("a /live event flood is refused with RATE_LIMITED after a few, while another reader keeps receiving posts", async () => {
    const { reader: calm } = await readers.reader();
    const flooder = await readers.connect();
    const answers = await Promise.all(Array.from({ length: 100 }, () => readerEmit(flooder, "live:join", { slug: SEED_SLUG })));
    const served = answers.filter((a) => a.ok).length;
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThanOrEqual(30);
    ackError(answers.find((a) => !a.ok)!, "RATE_LIMITED");

    const arrives = nextLive(calm, "live:update", (u) => u.bodyText === "Still flowing");
    okData(await emitAck(ctx.alice, "feed:post", { body: "<p>Still flowing</p>" }));
    expect((await arrives).bodyText).toBe("Still flowing");
    // The flood spent its own connection's budget, not its neighbours': a new reader joins.
    await readers.reader();
  });

  it("public reads ask the store for cards' public state only, never for a working copy", async () => {
    const draft = await createCardAs(ctx.alice, ctx.storyId, "Working copy only");
    const published = (await ctx.store.listPublishedCards(ctx.storyId))[0];
    expect(published).toBeDefined();
    expect(Object.keys(published)).not.toEqual(expect.arrayContaining(["body"]));
    const asked: string[] = [];
    const store = ctx.store as unknown as Record<string, unknown>;
    const originals = Object.fromEntries(["listCards", "findCard"].map((name) => [name, store[name]]));
    for (const [name, fn] of Object.entries(originals)) {
      store[name] = (...args: unknown[]) => (asked.push(name), (fn as (...a: unknown[]) => unknown)(...args));
    }
    try {
      const get = (path: string) => new Request(`http://desk.test${path}`, { headers: { host: "desk.test" } });
      expect((await storyApi(get(`/api/stories/${SEED_SLUG}`), { params: Promise.resolve({ slug: SEED_SLUG }) })).status).toBe(200);
      for (const id of [published.id, draft.id]) {
        await cardApi(get(`/api/cards/${id}`), { params: Promise.resolve({ id }) });
        await embedPage(get(`/embed/cards/${id}`), { params: Promise.resolve({ id }) });
      }
      const { reader } = await readers.reader();
      okData(await readerEmit(reader, "live:watchCard", { cardId: published.id }));
      ackError(await readerEmit(reader, "live:watchCard", { cardId: draft.id }), "NOT_FOUND");
    } finally {
      Object.assign(store, originals);
    }
    expect(asked).toEqual([]);
  });

  it("deleting a post that was never approved tells readers nothing; deleting a public one removes it", async () => {
    const contributor = await ctx.desk.connect({ as: CONTRIBUTOR });
    await joinStory(contributor, CONTRIBUTOR);
    const pending = okData(await emitAck(contributor, "feed:post", { body: "<p>Awaiting approval</p>" }));
    expect(pending.approved).toBe(false);
    const { reader } = await readers.reader();
    const heard = recordLive(reader);
    okData(await emitAck(ctx.alice, "feed:delete", { updateId: pending.id }));
    const visible = okData(await emitAck(ctx.alice, "feed:post", { body: "<p>Public, then gone</p>" }));
    const removed = nextLive(reader, "live:removed", (r) => r.id === visible.id);
    okData(await emitAck(ctx.alice, "feed:delete", { updateId: visible.id }));
    await removed;
    heard.stop();
    // The public post's removal arrived; nothing at all was said about the pending one.
    expect(heard.events.filter((e) => e.event === "live:removed").map((e) => (e.payload as { id: number }).id)).toEqual([visible.id]);
    expect(heard.events.map((e) => (e.payload as { id?: number }).id)).not.toContain(pending.id);
    contributor.disconnect();
  });

  it("GET /api/stories tells readers the published count only; desk users also get cardCount with drafts", async () => {
    const get = (headers: Record<string, string> = {}) =>
      storiesApi(new Request("http://desk.test/api/stories", { headers: { host: "desk.test", ...headers } }));
    const anonymous = (await (await get()).json()).stories as Record<string, unknown>[];
    const story = anonymous.find((s) => s.slug === SEED_SLUG)!;
    expect(story.publishedCount).toEqual(expect.any(Number));
    expect(story).not.toHaveProperty("cardCount");
    const cookie = await ctx.desk.cookieFor(ALICE);
    const desk = (await (await get({ cookie })).json()).stories as Record<string, number | string>[];
    const full = desk.find((s) => s.slug === SEED_SLUG)!;
    expect(full.cardCount).toBeGreaterThan(full.publishedCount as number);
  });
});
