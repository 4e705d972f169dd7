/**
 * Readers' public snapshots, on SQLite and Postgres: built once per change however many readers
 * arrive at once, and dropped by every public change (post, edit, correction, key event, delete,
 * pin, publish, unpublish, story settings), so the live page, the feed API, `live:join` and
 * embeds never serve the story as it was. Also: conditional GETs answer 304, and a reader back
 * after a blip (`live:join` with `after`) gets exactly the posts it missed, in order, once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as livePage } from "../app/live/[slug]/route";
import { GET as updatesApi } from "../app/api/stories/[slug]/updates/route";
import { GET as embedPage } from "../app/embed/cards/[id]/route";
import { GET as cardPage } from "../app/cards/[id]/route";
import { GET as atomFeed } from "../app/live/[slug]/atom.xml/route";
import type { LiveResume, LiveUpdate } from "../lib/protocol/feed";
import type { Card } from "../lib/protocol/schemas";
import { publishServices } from "../server/services";
import type { PublicSnapshots } from "../server/public/snapshots";
import { PROVIDERS } from "./helpers/databases";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { connectReader, joinLive, readerEmit, useReaders } from "./helpers/live";
import { emitAck, okData, SEED_SLUG } from "./helpers/server";

const BASE = "http://news.example";
const get = (handler: (req: Request, ctx: never) => Promise<Response>, path: string, params: object, headers: Record<string, string> = {}) =>
  handler(new Request(`${BASE}${path}`, { headers: { host: "news.example", ...headers } }), { params: Promise.resolve(params) } as never);
const page = () => get(livePage, `/live/${SEED_SLUG}`, { slug: SEED_SLUG });
const pageText = async () => (await page()).text();

describe.each(PROVIDERS)("public snapshots (%s)", (provider) => {
  const ctx = useDesk(provider);
  const readers = useReaders(() => ctx.desk);
  let snapshots: PublicSnapshots;

  beforeAll(() => {
    snapshots = ctx.desk.services.public;
    publishServices(ctx.desk.services);
  });
  afterAll(() => publishServices(undefined));

  const post = async (text: string) => okData(await emitAck(ctx.alice, "feed:post", { body: `<p>${text}</p>` }));

  it("a crowd arriving at once costs one build: fifty joins and fifty page loads share it", async () => {
    await post("Warm-up before the crowd");
    const before = snapshots.builds;
    const crowd = await Promise.all(Array.from({ length: 10 }, () => connectReader(ctx.desk.url)));
    try {
      const [joins, loads] = await Promise.all([
        Promise.all(crowd.flatMap((r) => Array.from({ length: 5 }, () => joinLive(r)))),
        Promise.all(Array.from({ length: 50 }, () => page())),
      ]);
      expect(snapshots.builds - before).toBe(1);
      expect(new Set(joins.map((j) => j.updates[0]?.bodyText)).size).toBe(1);
      expect(joins[0].updates[0].bodyText).toBe("Warm-up before the crowd");
      expect(loads.every((r) => r.status === 200)).toBe(true);
    } finally {
      for (const r of crowd) r.disconnect();
    }
  });

  it("every public change to the feed is on the page, in the API and in a new reader's snapshot at once", async () => {
    const seen = async (check: (html: string, feed: LiveUpdate[], joined: LiveUpdate[]) => void) => {
      const html = await pageText();
      const feed = ((await (await get(updatesApi, `/api/stories/${SEED_SLUG}/updates`, { slug: SEED_SLUG })).json()) as { updates: LiveUpdate[] }).updates;
      const { snapshot } = await readers.reader();
      check(html, feed, snapshot.updates);
    };
    // Warm every representation first, so a stale copy would be there to be served.
    await seen(() => {});

    const posted = await post("Snapshot post: the meeting starts");
    await seen((html, feed, joined) => {
      expect(html).toContain("Snapshot post: the meeting starts");
      expect(feed[0].id).toBe(posted.id);
      expect(joined[0].id).toBe(posted.id);
    });

    const edited = okData(await emitAck(ctx.alice, "feed:edit", { updateId: posted.id, baseVersion: posted.version, body: "<p>Snapshot edit: the meeting began at noon</p>" }));
    await seen((html, feed, joined) => {
      expect(html).toContain("Snapshot edit: the meeting began at noon");
      expect(html).not.toContain("Snapshot post: the meeting starts");
      expect(feed[0].version).toBe(edited.version);
      expect(joined[0].bodyText).toContain("began at noon");
    });

    const corrected = okData(
      await emitAck(ctx.alice, "feed:edit", { updateId: posted.id, baseVersion: edited.version, body: "<p>Snapshot fix: it began at 12.10</p>", correction: true, note: "Time corrected" }),
    );
    await seen((html, feed) => {
      expect(html).toMatch(/Corrected at \d\d:\d\d UTC: Time corrected/);
      expect(feed[0].correctionNote).toBe("Time corrected");
    });

    okData(await emitAck(ctx.alice, "feed:keyEvent", { updateId: corrected.id, keyEvent: true }));
    await seen((html) => expect(html).toContain('data-testid="key-events"'));

    okData(await emitAck(ctx.alice, "feed:pin", { updateId: corrected.id }));
    await seen((html) => expect(html).toContain('data-testid="pinned-update"'));

    okData(await emitAck(ctx.alice, "feed:delete", { updateId: corrected.id }));
    await seen((html, feed, joined) => {
      expect(html).not.toContain("Snapshot fix");
      expect(html).not.toContain('data-testid="pinned-update"');
      expect(feed.some((u) => u.id === corrected.id)).toBe(false);
      expect(joined.some((u) => u.id === corrected.id)).toBe(false);
    });
  });

  it("publishing, republishing, unpublishing a card and changing the story's settings reach every public door", async () => {
    let card: Card = await createCardAs(ctx.alice, ctx.storyId, "Snapshot card v1", "First summary");
    const embed = () => get(embedPage, `/embed/cards/${card.id}`, { id: card.id });
    const cardHtml = () => get(cardPage, `/cards/${card.id}`, { id: card.id });
    expect((await embed()).status).toBe(404);
    expect(await pageText()).not.toContain("Snapshot card v1");

    card = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }));
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    expect(await pageText()).toContain("Snapshot card v1");
    expect(await (await embed()).text()).toContain("Snapshot card v1");
    expect(await (await cardHtml()).text()).toContain("Snapshot card v1");

    card = okData(await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: card.version, changes: { title: "Snapshot card v2" } }));
    // A working-copy change is not public: the page keeps the published revision.
    expect(await pageText()).toContain("Snapshot card v1");
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    expect(await pageText()).toContain("Snapshot card v2");
    expect(await (await embed()).text()).toContain("Snapshot card v2");
    expect(await (await cardHtml()).text()).toContain("Snapshot card v2");

    card = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "draft" }));
    expect(await pageText()).not.toContain("Snapshot card v2");
    expect((await embed()).status).toBe(410);
    expect((await cardHtml()).status).toBe(404);

    const story = okData(await emitAck(ctx.alice, "story:update", { storyId: ctx.storyId, baseVersion: ctx.joined.story.version, changes: { headline: "Snapshot headline: Petro at the White House" } }));
    expect(await pageText()).toContain("Snapshot headline: Petro at the White House");
    expect((await (await get(atomFeed, `/live/${SEED_SLUG}/atom.xml`, { slug: SEED_SLUG })).text())).toContain("Snapshot headline");
    const { snapshot } = await readers.reader();
    expect(snapshot.story.headline).toBe(story.headline);
  });

  it("a conditional GET of an unchanged page is a 304 with no body; after a change it is a 200 again", async () => {
    const first = await page();
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toMatch(/^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/);
    expect(first.headers.get("last-modified")).toBeTruthy();
    const again = await get(livePage, `/live/${SEED_SLUG}`, { slug: SEED_SLUG }, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    const byDate = await get(livePage, `/live/${SEED_SLUG}`, { slug: SEED_SLUG }, { "if-modified-since": first.headers.get("last-modified")! });
    expect(byDate.status).toBe(304);

    const feed = await get(updatesApi, `/api/stories/${SEED_SLUG}/updates`, { slug: SEED_SLUG });
    const feedTag = feed.headers.get("etag")!;
    expect((await get(updatesApi, `/api/stories/${SEED_SLUG}/updates`, { slug: SEED_SLUG }, { "if-none-match": `W/${feedTag}` })).status).toBe(304);

    await post("A change after the copy was served");
    const changed = await get(livePage, `/live/${SEED_SLUG}`, { slug: SEED_SLUG }, { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain("A change after the copy was served");
    expect((await get(updatesApi, `/api/stories/${SEED_SLUG}/updates`, { slug: SEED_SLUG }, { "if-none-match": feedTag })).status).toBe(200);
  });

  it("a reader back after a blip gets exactly the posts it missed, in order, once", async () => {
    const { reader, snapshot } = await readers.reader();
    const newest = snapshot.updates[0].id;
    reader.disconnect();
    const missed = [];
    for (const text of ["Missed one", "Missed two", "Missed three"]) missed.push(await post(text));
    const back = await connectReader(ctx.desk.url);
    try {
      const heard: unknown[] = [];
      back.onAny((event, payload) => heard.push({ event, payload }));
      const ack = (await readerEmit(back, "live:join", { slug: SEED_SLUG, after: newest })) as { ok: true; data: LiveResume };
      expect(ack.ok).toBe(true);
      expect(ack.data.resume).toBe(true);
      expect(ack.data.missed.map((u) => u.bodyText)).toEqual(["Missed one", "Missed two", "Missed three"]);
      expect(ack.data.missed.map((u) => u.id)).toEqual(missed.map((u) => u.id));
      // Nothing else is sent for them: they are not pushed a second time.
      await new Promise((r) => setTimeout(r, 200));
      expect(heard).toEqual([]);
    } finally {
      back.disconnect();
    }
  });

  it("a malformed resume or site is refused with a clear error, and the reader's connection goes on", async () => {
    const reader = await readers.connect();
    for (const after of [-1, "12", 2 ** 40, 1.5]) {
      const ack = await readerEmit(reader, "live:join", { slug: SEED_SLUG, after });
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe("VALIDATION_FAILED");
    }
    const card = (await ctx.store.listPublishedCards(ctx.storyId))[0];
    expect((await readerEmit(reader, "live:watchCard", { cardId: card.id, site: "x".repeat(500) })).ok).toBe(false);
    // An odd but short site is not an error: it is simply not counted by site.
    expect((await readerEmit(reader, "live:watchCard", { cardId: card.id, site: "javascript:alert(1)" })).ok).toBe(true);
    expect((await readerEmit(reader, "live:join", { slug: SEED_SLUG, after: 0 })).ok).toBe(true);
  });
});
