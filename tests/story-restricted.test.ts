/**
 * Restricted stories, on SQLite and Postgres: for a signed-in non-member (not an admin) the story
 * does not exist — not listed, NOT_FOUND on every socket event naming it or its cards, no
 * presence, no activity, 404 from the REST API — while members and admins work as usual, and
 * readers still see only what is published.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as encoding from "lib0/encoding";
import * as sync from "y-protocols/sync";
import * as Y from "yjs";
import { GET as listApi } from "../app/api/stories/route";
import { GET as storyApi } from "../app/api/stories/[slug]/route";
import { GET as cardApi } from "../app/api/cards/[id]/route";
import type { Card, Story } from "../lib/protocol/schemas";
import { CLIENT_EVENTS } from "../lib/protocol/events";
import { getStoryBySlug } from "../server/domain/stories";
import { publishServices } from "../server/services";
import { openCard } from "./helpers/collab";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { joinLive, readerEmit, useReaders } from "./helpers/live";
import { ackError, emitAck, emitRaw, nextEvent, okData, recordBroadcasts, SEED_SLUG, type DeskClient, type Person } from "./helpers/server";

const SECRET = "SEALED-4417";

/** A valid opening message (sync step 1 of an empty document): refused for what it names, not its form. */
function syncStep1(): Uint8Array {
  const encoder = encoding.createEncoder();
  sync.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}
const DANA: Person = { name: "Dana", clientId: "client-dana-0004", role: "admin" };

describe.each(PROVIDERS)("restricted stories (%s)", (provider) => {
  const ctx = useDesk(provider);
  const readers = useReaders(() => ctx.desk);
  let story: Story;
  let card: Card;
  let published: Card;
  let dana: DeskClient;
  let beaCookie: string;

  beforeAll(async () => {
    publishServices(ctx.desk.services);
    dana = await ctx.desk.connect({ as: DANA });
    beaCookie = await ctx.desk.cookieFor({ name: "Bea", clientId: "x".repeat(10) });
    story = okData(
      await emitAck(ctx.alice, "story:create", {
        headline: `Investigation ${SECRET}`,
        summary: `Under embargo ${SECRET}`,
        slug: "sealed-investigation",
        coverageStart: new Date().toISOString(),
        article: `Source text ${SECRET}`,
        cards: [{ title: `Draft ${SECRET}` }, { title: "Public card" }],
        restricted: true,
      }),
    );
    const joined = okData(await emitAck(ctx.alice, "story:join", { slug: story.slug, clientId: "client-alice-0001" }));
    [card, published] = joined.story.cards;
    published = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: published.id, baseVersion: published.version, status: "in_review" }));
    published = okData(await emitAck(ctx.alice, "card:publish", { cardId: published.id, baseVersion: published.version }));
  });
  afterAll(() => publishServices(undefined));

  it("a non-member gets NOT_FOUND on every event naming the story or its cards, and hears nothing", async () => {
    const heard = recordBroadcasts(ctx.bea);
    // Bea is on the seeded story; Alice works on the restricted one meanwhile.
    expect(okData(await emitAck(ctx.bea, "stories:watch", {})).map((s) => s.id)).not.toContain(story.id);
    expect(okData(await emitAck(ctx.bea, "stories:watch", { search: SECRET })).length).toBe(0);
    const asBea = {
      "story:join": { slug: story.slug, clientId: "client-bea-00002" },
      "story:update": { storyId: story.id, baseVersion: story.version, changes: { headline: "Mine now" } },
      "story:setState": { storyId: story.id, action: "end" },
      "story:access": { storyId: story.id },
      "story:setAccess": { storyId: story.id, restricted: false, memberIds: [] },
      "story:source": { storyId: story.id },
      "card:create": { storyId: story.id, title: "Intruder" },
      "card:update": { cardId: card.id, baseVersion: card.version, changes: { title: "Intruder" } },
      "card:setStatus": { cardId: card.id, baseVersion: card.version, status: "in_review" },
      "card:move": { cardId: card.id, toIndex: 0 },
      "card:delete": { cardId: card.id },
      "card:publish": { cardId: card.id, baseVersion: card.version },
      "card:history": { cardId: published.id },
      "card:preview": { cardId: published.id },
      "card:revert": { cardId: published.id, revision: 1, baseVersion: published.version },
      "feed:post": { body: "<p>x</p>", cardId: card.id },
    } as const;
    // Every client event that names a story or card of it is listed above.
    for (const event of CLIENT_EVENTS.filter((e) => (e.startsWith("story:") && e !== "story:propose" && e !== "story:create") || e.startsWith("card:"))) {
      expect(Object.keys(asBea), event).toContain(event);
    }
    for (const [event, payload] of Object.entries(asBea)) {
      const ack = await emitRaw(ctx.bea, event, payload);
      // card:create names the story: refused as not found (it is not her joined story).
      ackError(ack, "NOT_FOUND");
    }
    // Card text, on its own channel, the same.
    ackError(await openCard(ctx.bea, card.id, syncStep1()), "NOT_FOUND");
    okData(await emitAck(ctx.alice, "card:create", { storyId: story.id, title: `Another ${SECRET}` }));
    await new Promise((r) => setTimeout(r, 200));
    heard.stop();
    expect(JSON.stringify(heard.events)).not.toContain(story.id);
    expect(JSON.stringify(heard.events)).not.toContain(SECRET);
    // No activity of Bea's reached the story's log.
    const log = await ctx.db.auditEntry.findMany({ where: { storyId: story.id } });
    expect(log.every((e) => e.actorName !== "Bea")).toBe(true);
    expect(await ctx.db.card.count({ where: { storyId: story.id, title: "Intruder" } })).toBe(0);
  });

  it("members and admins see it; the desk page lookup is a 404 for others; REST and /live show only what is published", async () => {
    expect(okData(await emitAck(dana, "stories:watch", {})).map((s) => s.id)).toContain(story.id);
    okData(await emitAck(dana, "story:source", { storyId: story.id }));
    const users = await ctx.db.user.findMany();
    const bea = users.find((u) => u.name === "Bea")!;
    const alice = users.find((u) => u.name === "Alice")!;
    expect(await getStoryBySlug(ctx.store, story.slug, { id: bea.id, role: "editor" })).toBeNull();
    expect(await getStoryBySlug(ctx.store, story.slug, { id: alice.id, role: "editor" })).not.toBeNull();

    const anonymous = (await (await listApi(new Request("http://desk.test/api/stories"))).text());
    expect(anonymous).not.toContain(story.id);
    const signedIn = await (await listApi(new Request("http://desk.test/api/stories", { headers: { cookie: beaCookie } }))).text();
    expect(signedIn).not.toContain(SECRET);
    // The public story API and card API: the published card only, never the draft nor the source.
    const pub = await (await storyApi(new Request(`http://desk.test/api/stories/${story.slug}`), { params: Promise.resolve({ slug: story.slug }) })).text();
    expect(pub).not.toContain(`Draft ${SECRET}`);
    expect(pub).not.toContain("Source text");
    expect((await cardApi(new Request(`http://desk.test/api/cards/${card.id}`), { params: Promise.resolve({ id: card.id }) })).status).toBe(404);
    const reader = await readers.connect();
    const snapshot = await joinLive(reader, story.slug);
    expect(snapshot.cards.map((c) => c.id)).toEqual([published.id]);
    expect(JSON.stringify(snapshot)).not.toContain("Source text");
    expect((await readerEmit(reader, "live:watchCard", { cardId: card.id })).ok).toBe(false);
  });

  it("restricting a story with someone on it takes them off at once; their next event is NOT_FOUND", async () => {
    const open = okData(
      await emitAck(ctx.alice, "story:create", { headline: "Open for now", slug: "open-for-now", coverageStart: new Date().toISOString(), cards: [{ title: "c" }] }),
    );
    const beaJoined = okData(await emitAck(ctx.bea, "story:join", { slug: open.slug, clientId: "client-bea-00002" }));
    await emitAck(ctx.alice, "story:join", { slug: open.slug, clientId: "client-alice-0001" });
    const gone = nextEvent(ctx.bea, "story:gone");
    const aliceSeesBeaLeave = nextEvent(ctx.alice, "presence:left", (p) => p.storyId === open.id && p.clientId === "client-bea-00002");
    okData(await emitAck(ctx.alice, "story:setAccess", { storyId: open.id, restricted: true, memberIds: [] }));
    await gone;
    await aliceSeesBeaLeave;
    await new Promise((r) => setTimeout(r, 2_100)); // this process's cached access expires
    ackError(await emitAck(ctx.bea, "card:update", { cardId: beaJoined.story.cards[0].id, baseVersion: 1, changes: { title: "x" } }), "NOT_FOUND");
    ackError(await emitAck(ctx.bea, "story:join", { slug: open.slug, clientId: "client-bea-00002" }), "NOT_FOUND");
    await emitAck(ctx.bea, "story:join", { slug: SEED_SLUG, clientId: "client-bea-00002" });
    const log = await ctx.db.auditEntry.findMany({ where: { storyId: open.id, action: "story.access" } });
    expect(log.map((e) => e.summary)).toEqual(["restricted to Alice"]);
  });
});
