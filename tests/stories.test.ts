/**
 * Opening, running and closing stories end to end, on SQLite and Postgres, with the real server
 * and real socket.io clients: create from an article (one transaction, nothing half-created),
 * settings with per-field conflicts, end/reopen/archive seen live by desks, list watchers and
 * readers, and bad input.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listApi, POST as createApi } from "../app/api/stories/route";
import type { Story } from "../lib/protocol/schemas";
import type { CreateStory } from "../lib/protocol/stories";
import { publishServices } from "../server/services";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { joinLive, nextLive, useReaders } from "./helpers/live";
import { ackError, emitAck, emitRaw, nextEvent, okData, type DeskClient, type Person } from "./helpers/server";

const ARTICLE = readFileSync(join(__dirname, "fixtures/articles/harbour-strike.txt"), "utf8");
const CARL: Person = { name: "Carl", clientId: "client-carl-0003", role: "contributor" };

let n = 0;
/** A fresh, valid story payload (unique slug per call). */
function newStory(over: Partial<CreateStory> = {}): CreateStory {
  n += 1;
  return {
    headline: `Port strike ${n}`,
    summary: "Dock workers stop work.",
    slug: `port-strike-${n}-${Math.random().toString(36).slice(2, 8)}`,
    coverageStart: new Date(Date.now() - 3_600_000).toISOString(),
    timeZones: ["Europe/Amsterdam", "UTC"],
    ...over,
  };
}

describe.each(PROVIDERS)("stories (%s)", (provider) => {
  const ctx = useDesk(provider);
  const readers = useReaders(() => ctx.desk);
  let carl: DeskClient;

  beforeAll(async () => {
    publishServices(ctx.desk.services);
    carl = await ctx.desk.connect({ as: CARL });
  });
  afterAll(() => publishServices(undefined));

  const create = (socket: DeskClient, payload: CreateStory) => emitAck(socket, "story:create", payload);

  it("proposes cards from an article, then creates the story and its draft cards in one go; a watcher of the list hears of it", async () => {
    const proposals = okData(await emitAck(ctx.alice, "story:propose", { article: ARTICLE }));
    expect(proposals.proposals.length).toBeGreaterThan(2);
    expect(await ctx.db.story.count()).toBe(1); // nothing stored by proposing

    const before = okData(await emitAck(ctx.bea, "stories:watch", {}));
    const heard = nextEvent(ctx.bea, "stories:changed");
    const cards = proposals.proposals.slice(0, 3).map((p) => ({ title: p.title, summary: p.summary }));
    const story = okData(await create(ctx.alice, newStory({ article: `<p>${ARTICLE}</p><script>alert("x")</script>`, cards })));
    await heard;
    const after = okData(await emitAck(ctx.bea, "stories:watch", {}));
    expect(after.length).toBe(before.length + 1);
    expect(after.find((s) => s.id === story.id)).toMatchObject({ cardCount: 3, publishedCount: 0, timeZones: ["Europe/Amsterdam", "UTC"] });

    const stored = await ctx.db.story.findUniqueOrThrow({ where: { id: story.id }, include: { cards: { orderBy: { position: "asc" } } } });
    expect(stored.cards.map((c) => [c.title, c.status])).toEqual(cards.map((c) => [c.title, "draft"]));
    expect(stored.sourceArticle).toContain("Dock workers at the port of Rotterdam");
    expect(stored.sourceArticle).not.toMatch(/<script|alert|<p>/);
    const log = await ctx.db.auditEntry.findMany({ where: { storyId: story.id } });
    expect(log.map((e) => e.action)).toEqual(["story.create"]);
    // The desk shows the source; readers never get it.
    expect(okData(await emitAck(ctx.alice, "story:source", { storyId: story.id })).source).toBe(stored.sourceArticle);
  });

  it("refuses bad input with a clear error and stores nothing", async () => {
    const stories = await ctx.db.story.count();
    const cards = await ctx.db.card.count();
    const taken = newStory();
    okData(await create(ctx.alice, taken));
    const dup = ackError(await create(ctx.alice, newStory({ slug: taken.slug, cards: [{ title: "Would be orphaned" }] })), "CONFLICT");
    expect(dup.field).toBe("slug");
    expect(ackError(await create(ctx.alice, newStory({ slug: "Not A Slug!" })), "VALIDATION_FAILED").field).toBe("slug");
    expect(ackError(await create(ctx.alice, newStory({ timeZones: ["Mars/Olympus_Mons"] })), "VALIDATION_FAILED").message).toMatch(/time-zone/);
    expect(ackError(await create(ctx.alice, newStory({ timeZones: ["EST"] })), "VALIDATION_FAILED").field).toBe("timeZones");
    expect(ackError(await create(ctx.alice, newStory({ headline: "   " })), "VALIDATION_FAILED").field).toBe("headline");
    ackError(await create(ctx.alice, newStory({ cards: [{ title: "" }] })), "VALIDATION_FAILED");
    const big = "x".repeat(210_000);
    expect(ackError(await create(ctx.alice, newStory({ article: big })), "VALIDATION_FAILED").message).toMatch(/200 KB/);
    ackError(await emitAck(ctx.alice, "story:propose", { article: "" }), "VALIDATION_FAILED");
    ackError(await emitAck(ctx.alice, "story:propose", { article: "y".repeat(500_000) }), "PAYLOAD_TOO_LARGE");
    ackError(await emitRaw(ctx.alice, "story:create", "not an object"), "VALIDATION_FAILED");
    // Contributors may not open stories (lib/protocol/roles.ts): they ask an editor.
    ackError(await create(carl, newStory()), "FORBIDDEN");
    ackError(await emitAck(carl, "story:propose", { article: ARTICLE }), "FORBIDDEN");
    expect(await ctx.db.story.count()).toBe(stories + 1);
    expect(await ctx.db.card.count()).toBe(cards);
  });

  it("settings: a stale edit of another field succeeds, of the same field is refused with the current value; both desks see changes", async () => {
    const story = okData(await create(ctx.alice, newStory()));
    await emitAck(ctx.alice, "story:join", { slug: story.slug, clientId: "client-alice-0001" });
    await emitAck(ctx.bea, "story:join", { slug: story.slug, clientId: "client-bea-00002" });
    const beaSees = nextEvent(ctx.bea, "story:updated", (s) => s.headline === "Rotterdam dockers strike");
    const a = okData(await emitAck(ctx.alice, "story:update", { storyId: story.id, baseVersion: story.version, changes: { headline: "Rotterdam dockers strike" } }));
    expect(a.version).toBe(story.version + 1);
    await beaSees;
    // Bea still saw the first version: a different field goes through…
    const b = okData(await emitAck(ctx.bea, "story:update", { storyId: story.id, baseVersion: story.version, changes: { summary: "Day one of the strike." } }));
    expect(b).toMatchObject({ headline: "Rotterdam dockers strike", summary: "Day one of the strike." });
    // …the same field does not, and she gets the value that won.
    const refused = ackError(
      await emitAck(ctx.bea, "story:update", { storyId: story.id, baseVersion: story.version, changes: { headline: "Strike in Rotterdam" } }),
      "CONFLICT",
    );
    expect(refused.currentStory?.headline).toBe("Rotterdam dockers strike");
    expect(refused.field).toBe("headline");
    // Coverage cannot end before it starts; bad zones are refused.
    ackError(
      await emitAck(ctx.alice, "story:update", { storyId: story.id, baseVersion: b.version, changes: { coverageEnd: "2000-01-01T00:00:00Z" } }),
      "VALIDATION_FAILED",
    );
    ackError(await emitAck(ctx.alice, "story:update", { storyId: story.id, baseVersion: b.version, changes: { timeZones: ["Nowhere/Town"] } }), "VALIDATION_FAILED");
    const zones = okData(await emitAck(ctx.alice, "story:update", { storyId: story.id, baseVersion: b.version, changes: { timeZones: ["America/Bogota"] } }));
    expect(zones.timeZones).toEqual(["America/Bogota"]);
    const row = await ctx.db.story.findUniqueOrThrow({ where: { id: story.id } });
    expect(row).toMatchObject({ headline: "Rotterdam dockers strike", summary: "Day one of the strike.", timeZones: '["America/Bogota"]' });
    const actions = (await ctx.db.auditEntry.findMany({ where: { storyId: story.id }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["story.create", "story.update", "story.update", "story.update"]);
    // Contributors cannot change settings.
    ackError(await emitAck(carl, "story:update", { storyId: story.id, baseVersion: zones.version, changes: { summary: "x" } }), "FORBIDDEN");
  });

  it("the slug is fixed once anything is published", async () => {
    const story = okData(await create(ctx.alice, newStory({ cards: [{ title: "First card" }] })));
    const joined = okData(await emitAck(ctx.alice, "story:join", { slug: story.slug, clientId: "client-alice-0001" }));
    let card = joined.story.cards[0];
    card = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }));
    okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    const refused = ackError(await emitAck(ctx.alice, "story:update", { storyId: story.id, baseVersion: story.version, changes: { slug: "another-slug" } }), "VALIDATION_FAILED");
    expect(refused.message).toMatch(/published/);
  });

  it("end coverage reaches desks and readers live; reopen undoes it; archive makes the desk read-only and leaves the list, public pages keep working", async () => {
    const story = okData(await create(ctx.alice, newStory({ cards: [{ title: "A card" }] })));
    await emitAck(ctx.bea, "story:join", { slug: story.slug, clientId: "client-bea-00002" });
    const { reader, snapshot } = await readers.reader(story.slug);
    expect(snapshot.story).toMatchObject({ coverageEnd: null, timeZones: ["Europe/Amsterdam", "UTC"] });

    const readerSees = nextLive(reader, "live:story", (s) => s.coverageEnd !== null);
    const beaSees = nextEvent(ctx.bea, "story:updated", (s) => s.coverageEnd !== null);
    const ended = okData(await emitAck(ctx.alice, "story:setState", { storyId: story.id, action: "end" }));
    expect(ended.coverageEnd).not.toBeNull();
    expect((await readerSees).coverageEnd).toBe(ended.coverageEnd);
    expect((await beaSees).version).toBe(ended.version);
    ackError(await emitAck(ctx.alice, "story:setState", { storyId: story.id, action: "end" }), "INVALID_TRANSITION");

    const reopened = nextLive(reader, "live:story", (s) => s.coverageEnd === null);
    okData(await emitAck(ctx.alice, "story:setState", { storyId: story.id, action: "reopen" }));
    await reopened;

    const archived = okData(await emitAck(ctx.alice, "story:setState", { storyId: story.id, action: "archive" }));
    expect(archived.archivedAt).not.toBeNull();
    const list = okData(await emitAck(ctx.alice, "stories:watch", {}));
    expect(list.map((s) => s.id)).not.toContain(story.id);
    expect(okData(await emitAck(ctx.alice, "stories:watch", { archived: true })).map((s) => s.id)).toContain(story.id);
    // Bea is on the archived desk: every change is refused, reading still works.
    const cardId = (await ctx.db.card.findFirstOrThrow({ where: { storyId: story.id } })).id;
    ackError(await emitAck(ctx.bea, "card:create", { storyId: story.id, title: "Late" }), "READ_ONLY");
    ackError(await emitAck(ctx.bea, "card:update", { cardId, baseVersion: 1, changes: { title: "Late" } }), "READ_ONLY");
    ackError(await emitAck(ctx.bea, "feed:post", { body: "<p>Late</p>" }), "READ_ONLY");
    ackError(await emitAck(ctx.alice, "story:update", { storyId: story.id, baseVersion: archived.version, changes: { summary: "x" } }), "READ_ONLY");
    okData(await emitAck(ctx.bea, "audit:list", {}));
    // Public pages keep working.
    const again = await readers.reader(story.slug);
    expect(again.snapshot.story.id).toBe(story.id);

    okData(await emitAck(ctx.alice, "story:setState", { storyId: story.id, action: "unarchive" }));
    await new Promise((r) => setTimeout(r, 2_100)); // the other sockets' cached state expires
    okData(await emitAck(ctx.bea, "card:create", { storyId: story.id, title: "Back at work" }));
    const actions = (await ctx.db.auditEntry.findMany({ where: { storyId: story.id, action: "story.state" }, orderBy: { id: "asc" } })).map((e) => e.summary);
    expect(actions).toEqual(["ended coverage", "reopened coverage", "archived the story", "unarchived the story"]);
  });

  it("search by headline; REST: GET lists, POST opens a story (CSRF and role checked)", async () => {
    const story = okData(await create(ctx.alice, newStory({ headline: "Zanzibar ferry delays" })));
    expect(okData(await emitAck(ctx.alice, "stories:watch", { search: "zanzibar" })).map((s) => s.id)).toEqual([story.id]);
    const listed = (await (await listApi(new Request("http://desk.test/api/stories?search=Zanzibar"))).json()) as { stories: Story[] };
    expect(listed.stories.map((s) => s.id)).toEqual([story.id]);
    const anonymous = await createApi(new Request("http://desk.test/api/stories", { method: "POST", body: JSON.stringify(newStory()) }));
    expect(anonymous.status).toBe(401);
  });

  it("the live snapshot of a story carries its time zones for local times", async () => {
    const story = okData(await create(ctx.alice, newStory({ timeZones: ["America/Bogota", "America/New_York"] })));
    const reader = await readers.connect();
    expect((await joinLive(reader, story.slug)).story.timeZones).toEqual(["America/Bogota", "America/New_York"]);
  });
});
