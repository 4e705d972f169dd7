/**
 * What the live feed serves over HTTP, on SQLite and Postgres: cursor pagination (domain
 * `feedPage`, the store and the /api/stories/:slug/updates route handler), the LiveBlogPosting
 * JSON-LD of the live page and the Atom feed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as atomFeed } from "../app/live/[slug]/atom.xml/route";
import { liveBlogPosting } from "../app/live/[slug]/structured-data";
import { GET as updatesApi } from "../app/api/stories/[slug]/updates/route";
import type { FeedState, LiveUpdate } from "../lib/protocol/feed";
import { deleteUpdate, editUpdate, feedPage, liveSnapshot, postUpdate } from "../server/domain/feed";
import { publishServices } from "../server/services";
import type { DeskStore, StoryRecord } from "../server/store/types";
import { createTestDatabase, openSeededStore, PROVIDERS, type TestDatabase } from "./helpers/databases";
import { SEED_SLUG, startDesk, type RunningDesk } from "./helpers/server";

const TOTAL = 35;
const DELETED = [5, 20]; // positions (1-based) of this story's posts that get deleted
const ORIGIN = "https://news.example";

type ApiPage = FeedState & { nextBefore: number | null; nextAfter: number | null };

describe.each(PROVIDERS)("live feed over HTTP (%s)", (provider) => {
  let database: TestDatabase;
  let store: DeskStore;
  let story: StoryRecord;
  let other: StoryRecord;
  /** This story's live updates, oldest first, deleted ones excluded. */
  let live: LiveUpdate[] = [];
  let deletedIds: number[] = [];
  /** The server whose services the routes call, started once the feed is written. */
  let desk: RunningDesk;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    store = await openSeededStore(database);
    story = (await store.findStoryBySlug(SEED_SLUG))!;
    other = await store.createStoryWithCards(
      {
        slug: "summit-closing",
        headline: "Summit closing session",
        summary: "Ended coverage.",
        coverageStart: new Date("2026-02-03T17:00:00Z"),
        coverageEnd: new Date("2026-02-03T21:30:00Z"),
      },
      [],
    );
    const posted: LiveUpdate[] = [];
    for (let i = 1; i <= TOTAL; i++) {
      posted.push(await postUpdate(store, { body: `<p>Update ${i} from the Oval Office</p>` }, { name: "Alice", storyId: story.id, role: "editor" as const }));
      // Another story's posts take ids in between: they must never show up here.
      if (i % 6 === 0) await postUpdate(store, { body: `<p>Elsewhere ${i}</p>` }, { name: "Carl", storyId: other.id, role: "editor" as const });
    }
    deletedIds = DELETED.map((n) => posted[n - 1].id);
    for (const id of deletedIds) await deleteUpdate(store, id, { name: "Alice", storyId: story.id, role: "editor" as const });
    live = posted.filter((_, i) => !DELETED.includes(i + 1));
    desk = await startDesk(store);
    publishServices(desk.services);
  });
  afterAll(async () => {
    publishServices(undefined);
    await desk?.stop();
    await store?.close();
    await database?.drop();
  });
  afterEach(() => void vi.unstubAllEnvs());

  const newestFirst = () => live.map((u) => u.id).reverse();
  const expectNewestFirst = (page: FeedState) => {
    const ids = page.updates.map((u) => u.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(page.updates.every((u) => u.storyId === story.id && u.bodyText.startsWith("Update "))).toBe(true);
  };
  const api = async (query: string, slug = SEED_SLUG) => {
    const res = await updatesApi(new Request(`${ORIGIN}/api/stories/${slug}/updates${query}`), { params: Promise.resolve({ slug }) });
    return { status: res.status, cache: res.headers.get("cache-control"), body: (await res.json()) as ApiPage & { error?: { code: string } } };
  };

  it.each([10, 11, 30])("paging back with before=, %i at a time, gives every update once, newest first", async (limit) => {
    const seen: number[] = [];
    let page = await feedPage(store, story.id, { limit });
    for (;;) {
      expectNewestFirst(page);
      expect(page.updates.length).toBe(Math.min(limit, live.length - seen.length));
      seen.push(...page.updates.map((u) => u.id));
      expect(page.hasMore).toBe(seen.length < live.length);
      if (!page.hasMore) break;
      page = await feedPage(store, story.id, { before: page.updates.at(-1)!.id, limit });
    }
    expect(seen).toEqual(newestFirst());
    const beyond = await feedPage(store, story.id, { before: seen.at(-1)!, limit });
    expect(beyond).toMatchObject({ updates: [], hasMore: false });
  });

  it.each([10, 11, 33])("paging forward with after= from 0, %i at a time, gives every update once, each page newest first", async (limit) => {
    const pages: number[][] = [];
    let after = 0;
    for (;;) {
      const page = await feedPage(store, story.id, { after, limit });
      expectNewestFirst(page);
      pages.push(page.updates.map((u) => u.id));
      const seen = pages.flat().length;
      expect(page.updates.length).toBe(Math.min(limit, live.length - (seen - page.updates.length)));
      // hasMore: newer updates exist beyond this page.
      expect(page.hasMore).toBe(seen < live.length);
      if (!page.hasMore) break;
      after = page.updates[0].id;
    }
    expect(pages.flatMap((p) => [...p].reverse())).toEqual(live.map((u) => u.id));
    const beyond = await feedPage(store, story.id, { after: live.at(-1)!.id, limit });
    expect(beyond).toMatchObject({ updates: [], hasMore: false });
  });

  it("the default page is 30, limits are clamped to 1…100, and a deleted update is never a problem as a cursor", async () => {
    const first = await feedPage(store, story.id);
    expect(first.updates.map((u) => u.id)).toEqual(newestFirst().slice(0, 30));
    expect(first.hasMore).toBe(true);
    expect((await feedPage(store, story.id, { limit: 0 })).updates).toHaveLength(1);
    expect((await feedPage(store, story.id, { limit: 1000 })).updates).toHaveLength(live.length);
    for (const deletedId of deletedIds) {
      expect((await feedPage(store, story.id, { before: deletedId, limit: 3 })).updates.map((u) => u.id)).toEqual(
        newestFirst().filter((id) => id < deletedId).slice(0, 3),
      );
      expect((await feedPage(store, story.id, { after: deletedId, limit: 3 })).updates.map((u) => u.id)).toEqual(
        live.map((u) => u.id).filter((id) => id > deletedId).slice(0, 3).reverse(),
      );
    }
  });

  it("GET /api/stories/:slug/updates pages both ways with nextBefore / nextAfter and refuses bad queries", async () => {
    const seen: number[] = [];
    let res = await api("?limit=12");
    expect(res.status).toBe(200);
    // Public: a CDN may keep it a few seconds (app/_lib/http-cache.ts).
    expect(res.cache).toMatch(/^public, .*s-maxage=\d+, stale-while-revalidate=\d+$/);
    for (;;) {
      seen.push(...res.body.updates.map((u) => u.id));
      expect(res.body.nextAfter).toBeNull();
      if (res.body.nextBefore === null) break;
      expect(res.body.nextBefore).toBe(seen.at(-1));
      res = await api(`?limit=12&before=${res.body.nextBefore}`);
    }
    expect(seen).toEqual(newestFirst());

    const forward: number[] = [];
    res = await api("?limit=12&after=1");
    for (;;) {
      forward.push(...res.body.updates.map((u) => u.id).reverse());
      expect(res.body.nextBefore).toBeNull();
      if (res.body.nextAfter === null) break;
      expect(res.body.nextAfter).toBe(forward.at(-1));
      res = await api(`?limit=12&after=${res.body.nextAfter}`);
    }
    expect(forward).toEqual(live.map((u) => u.id).filter((id) => id > 1));

    for (const bad of ["?before=1&after=1", "?limit=0", "?limit=101", "?before=abc", "?after=-3"]) {
      const refused = await api(bad);
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error?.code).toBe("VALIDATION_FAILED");
    }
    const unknown = await api("", "no-such-story");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe("NOT_FOUND");
  });

  it("the LiveBlogPosting JSON-LD describes the story, its coverage, its publisher and each update", async () => {
    const actor = { name: "Bea", storyId: other.id, role: "editor" as const };
    const first = await postUpdate(store, { body: "<p>Closing statements begin</p><p>Both leaders speak.</p>" }, actor);
    const long = await postUpdate(store, { body: `<p>${"Joint communiqué ".repeat(12)}</p>` }, actor);
    const tricky = await postUpdate(store, { body: "<p>Quote: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; — said no one</p>" }, actor);
    // An older update corrected after the newest one was posted: the page was modified then.
    const corrected = await editUpdate(
      store,
      { updateId: first.id, baseVersion: 1, body: "<p>Closing statements began at 16.05</p>", correction: true },
      actor,
      new Date(Date.now() + 5_000),
    );
    const snapshot = (await liveSnapshot(store, other.slug))!;
    const ld = liveBlogPosting(snapshot, ORIGIN);

    // As the page embeds it: parses back to the same object, and cannot close its script tag.
    const embedded = JSON.stringify(ld).replace(/</g, "\\u003c");
    expect(embedded).not.toMatch(/<\/script/i);
    const parsed = JSON.parse(embedded) as typeof ld & Record<string, unknown>;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(ld)));

    expect(parsed).toMatchObject({
      "@context": "https://schema.org",
      "@type": "LiveBlogPosting",
      headline: "Summit closing session",
      url: `${ORIGIN}/live/summit-closing`,
      coverageStartTime: "2026-02-03T17:00:00.000Z",
      coverageEndTime: "2026-02-03T21:30:00.000Z",
      datePublished: "2026-02-03T17:00:00.000Z",
      dateModified: corrected.editedAt,
      publisher: { "@type": "Organization", name: "Newsdesk", logo: { "@type": "ImageObject", url: `${ORIGIN}/icon.svg` } },
    });
    const items = parsed.liveBlogUpdate;
    expect(items.map((i) => i.url)).toEqual(snapshot.updates.map((u) => `${ORIGIN}/live/summit-closing#update-${u.id}`));
    for (const item of items) {
      expect(item["@type"]).toBe("BlogPosting");
      expect(item.headline.length).toBeGreaterThan(0);
      expect(item.headline.length).toBeLessThanOrEqual(110);
      expect(Date.parse(item.datePublished)).not.toBeNaN();
      expect(Date.parse(item.dateModified)).toBeGreaterThanOrEqual(Date.parse(item.datePublished));
      expect(item.articleBody.length).toBeGreaterThan(0);
    }
    const byId = (id: number) => items.find((i) => i.url.endsWith(`#update-${id}`))!;
    expect(byId(first.id)).toMatchObject({
      headline: "Closing statements began at 16.05",
      articleBody: "Closing statements began at 16.05",
      datePublished: first.publishedAt,
      dateModified: corrected.editedAt,
      author: { "@type": "Person", name: "Bea" },
    });
    expect(byId(long.id).headline).toBe(long.bodyText.slice(0, 110));
    expect(byId(tricky.id).articleBody).toContain("</script><script>alert(1)</script>");

    // The seeded story is still being covered: no end time. Publisher settings come from the environment.
    vi.stubEnv("PUBLISHER_NAME", "El Diario del Caribe");
    vi.stubEnv("PUBLISHER_LOGO_URL", "https://cdn.example/logo.png");
    const ongoing = liveBlogPosting((await liveSnapshot(store, SEED_SLUG))!, ORIGIN);
    expect(ongoing).not.toHaveProperty("coverageEndTime");
    expect(ongoing).toMatchObject({
      coverageStartTime: "2026-02-03T17:00:00.000Z",
      publisher: { name: "El Diario del Caribe", logo: { url: "https://cdn.example/logo.png" } },
    });
    expect(ongoing.liveBlogUpdate).toHaveLength(30);
  });

  it("GET /live/:slug/atom.xml is an Atom feed of the newest updates, escaped, newest first", async () => {
    const res = await atomFeed(new Request(`http://0.0.0.0:3000/live/${SEED_SLUG}/atom.xml`, { headers: { host: "news.example" } }), {
      params: Promise.resolve({ slug: SEED_SLUG }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(xml).toContain(`<link rel="self" href="http://news.example/live/${SEED_SLUG}/atom.xml"/>`);
    const entries = [...xml.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => m[0]);
    expect(entries).toHaveLength(30);
    const ids = entries.map((e) => Number(/#update-(\d+)<\/id>/.exec(e)?.[1]));
    expect(ids).toEqual(newestFirst().slice(0, 30));
    expect(entries[0]).toContain(`<content type="html">&#60;p&#62;Update ${TOTAL} from the Oval Office&#60;/p&#62;</content>`);
    expect(xml).not.toMatch(/<p>|Elsewhere/);
    expect(/<updated>(.*?)<\/updated>/.exec(xml)?.[1]).toBe(live.at(-1)!.publishedAt);

    const missing = await atomFeed(new Request("http://news.example/live/nope/atom.xml"), { params: Promise.resolve({ slug: "nope" }) });
    expect(missing.status).toBe(404);
  });
});
