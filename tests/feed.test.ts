/**
 * The live feed end to end, on SQLite and Postgres: what the editor's ack says, what the other
 * editor and the readers on "/live" receive, what is stored, and what readers can never do or see.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { GET as updatesApi } from "../app/api/stories/[slug]/updates/route";
import { CardTextProvider } from "../lib/collab/card-text-provider";
import { openChannel } from "./helpers/collab";
import { BODY_FIELD } from "../lib/protocol/collab";
import type { LiveUpdate } from "../lib/protocol/feed";
import type { Card } from "../lib/protocol/schemas";
import { editUpdate, feedPage } from "../server/domain/feed";
import { publishServices } from "../server/services";
import { PROVIDERS } from "./helpers/databases";
import { createCardAs, useDesk, type DeskContext } from "./helpers/desk-fixture";
import { nextLive, readerEmit, recordLive, useReaders, type LiveClient } from "./helpers/live";
import { ackError, emitAck, emitRaw, nextEvent, okData, recordBroadcasts, SEED_SLUG, type DeskClient } from "./helpers/server";

const ALLOWED_TAGS = new Set(["p", "br", "strong", "b", "em", "i", "s", "u", "a", "ul", "ol", "li", "blockquote", "h3"]);

/** Every tag of sanitised HTML is on the allowlist; only links carry attributes, and only safe ones. */
function expectSafeHtml(html: string): void {
  for (const [, name, attrs] of html.matchAll(/<\/?([a-zA-Z0-9-]+)([^>]*)>/g)) {
    expect(ALLOWED_TAGS, `tag <${name}> in ${html}`).toContain(name.toLowerCase());
    const names = [...attrs.matchAll(/([^\s=]+)\s*=/g)].map((m) => m[1].toLowerCase());
    if (name.toLowerCase() === "a") expect(names.every((n) => n === "href" || n === "rel"), `attributes ${attrs}`).toBe(true);
    else expect(names, `attributes on <${name}>`).toEqual([]);
    const href = /href="([^"]*)"/.exec(attrs)?.[1];
    if (href !== undefined) expect(href).toMatch(/^(https?:|mailto:)/);
  }
  expect(html).not.toMatch(/javascript:|<script|<svg|<style|<iframe|\son\w+\s*=/i);
}

async function post(ctx: DeskContext, body: string, extra: { keyEvent?: boolean; cardId?: string | null } = {}): Promise<LiveUpdate> {
  return okData(await emitAck(ctx.alice, "feed:post", { body, ...extra }));
}

describe.each(PROVIDERS)("live feed (%s)", (provider) => {
  const ctx = useDesk(provider);
  const readers = useReaders(() => ctx.desk);
  const actor = () => ({ name: "Alice", storyId: ctx.storyId, role: "editor" as const });
  const stored = (id: number) => ctx.db.liveUpdate.findUniqueOrThrow({ where: { id } });
  const apiPage = async (query = "") => {
    publishServices(ctx.desk.services);
    const res = await updatesApi(new Request(`http://desk.test/api/stories/${SEED_SLUG}/updates${query}`), {
      params: Promise.resolve({ slug: SEED_SLUG }),
    });
    return (await res.json()) as { updates: LiveUpdate[]; pinnedUpdateId: number | null };
  };

  /**
   * Posts a marker and waits until `reader` has it: events reach a socket in the order they were
   * sent, so anything emitted to the reader before the marker has arrived by then.
   */
  async function barrier(reader: LiveClient): Promise<LiveUpdate> {
    const text = `Barrier ${Math.random().toString(36).slice(2)}`;
    const seen = nextLive(reader, "live:update", (u) => u.bodyText === text);
    const update = await post(ctx, `<p>${text}</p>`);
    await seen;
    return update;
  }

  it("feed:post acks the stored update, reaches the other editor and readers, and is in every snapshot", async () => {
    const { reader, snapshot: joined } = await readers.reader();
    expect(joined.story).toEqual({
      id: ctx.storyId,
      slug: SEED_SLUG,
      headline: ctx.joined.story.headline,
      summary: ctx.joined.story.summary,
      coverageStart: "2026-02-03T17:00:00.000Z",
      coverageEnd: null,
      // The seeded story's own zones: the live page shows Bogotá and Washington times.
      timeZones: ["America/Bogota", "America/New_York"],
    });
    expect(joined).toMatchObject({ updates: [], pinned: null, pinnedUpdateId: null, keyEvents: [], hasMore: false });
    const card = ctx.joined.story.cards.find((c) => c.status === "published")!;
    const beaSees = nextEvent(ctx.bea, "feed:posted", (u) => u.bodyText.startsWith("Petro arrives"));
    const readerSees = nextLive(reader, "live:update", (u) => u.bodyText.startsWith("Petro arrives"));
    const update = await post(ctx, "<p>Petro arrives at the <strong>West Wing</strong>.</p><p>Trump greets him.</p>", {
      cardId: card.id,
    });
    expect(update).toMatchObject({
      storyId: ctx.storyId,
      authorName: "Alice",
      bodyHtml: "<p>Petro arrives at the <strong>West Wing</strong>.</p><p>Trump greets him.</p>",
      bodyText: "Petro arrives at the West Wing.\nTrump greets him.",
      cardId: card.id,
      keyEvent: false,
      version: 1,
      editedAt: null,
      correctedAt: null,
      correctionNote: null,
    });
    expect(Math.abs(Date.parse(update.publishedAt) - Date.now())).toBeLessThan(10_000);
    expect(await beaSees).toEqual(update);
    expect(await readerSees).toEqual(update);

    expect(await stored(update.id)).toMatchObject({ bodyHtml: update.bodyHtml, authorName: "Alice", deletedAt: null });
    const { snapshot } = await readers.reader();
    expect(snapshot.updates[0]).toEqual(update);
    const rejoined = okData(await emitAck(ctx.bea, "story:join", { slug: SEED_SLUG, clientId: "client-bea-00002" }));
    expect(rejoined.feed.updates[0]).toEqual(update);
  });

  it("an early edit fixes the text without a correction label; correction: true labels it, with the note", async () => {
    const { reader } = await readers.reader();
    const original = await post(ctx, "<p>Petro lands at Andrews at 9.00</p>");
    const beaSees = nextEvent(ctx.bea, "feed:changed", (u) => u.id === original.id);
    const readerSees = nextLive(reader, "live:update", (u) => u.id === original.id && u.version === 2);
    const fixed = okData(
      await emitAck(ctx.alice, "feed:edit", { updateId: original.id, baseVersion: 1, body: "<p>Petro lands at Andrews at 9.30</p>" }),
    );
    expect(fixed).toMatchObject({ id: original.id, bodyText: "Petro lands at Andrews at 9.30", version: 2, correctedAt: null, correctionNote: null });
    expect(fixed.editedAt).not.toBeNull();
    expect(fixed.publishedAt).toBe(original.publishedAt);
    expect(await beaSees).toEqual(fixed);
    expect(await readerSees).toEqual(fixed);

    const readerSeesCorrection = nextLive(reader, "live:update", (u) => u.id === original.id && u.version === 3);
    const corrected = okData(
      await emitAck(ctx.bea, "feed:edit", {
        updateId: original.id,
        baseVersion: 2,
        body: "<p>Petro lands at Joint Base Andrews at 9.30</p>",
        correction: true,
        note: "  The base was misnamed  ",
      }),
    );
    expect(corrected).toMatchObject({ version: 3, correctionNote: "The base was misnamed", authorName: "Alice" });
    expect(corrected.correctedAt).toBe(corrected.editedAt);
    expect(await readerSeesCorrection).toEqual(corrected);
    expect(await stored(original.id)).toMatchObject({ version: 3, correctionNote: "The base was misnamed", bodyText: corrected.bodyText });
  });

  it("an edit more than 60 s after posting is a correction, even unasked; within 60 s it is not", async () => {
    const update = await post(ctx, "<p>Talks expected to last an hour</p>");
    const at = (ms: number) => new Date(Date.parse(update.publishedAt) + ms);
    const edit = (baseVersion: number, body: string) => ({ updateId: update.id, baseVersion, body });

    const early = await editUpdate(ctx.store, edit(1, "<p>Talks expected to last one hour</p>"), actor(), at(59_000));
    expect(early).toMatchObject({ correctedAt: null, correctionNote: null, editedAt: at(59_000).toISOString() });
    const boundary = await editUpdate(ctx.store, edit(2, "<p>Talks expected to last about one hour</p>"), actor(), at(60_000));
    expect(boundary.correctedAt).toBeNull();
    const late = await editUpdate(ctx.store, { ...edit(3, "<p>Talks expected to last two hours</p>"), note: "Duration" }, actor(), at(61_000));
    expect(late).toMatchObject({ version: 4, correctedAt: at(61_000).toISOString(), editedAt: at(61_000).toISOString(), correctionNote: "Duration" });
    expect((await stored(update.id)).correctedAt?.toISOString()).toBe(at(61_000).toISOString());
  });

  it("feed:keyEvent marks and unmarks a key event for the editors, the readers and the snapshot", async () => {
    const { reader } = await readers.reader();
    const update = await post(ctx, "<p>Joint statement on coca eradication</p>");
    const beaSees = nextEvent(ctx.bea, "feed:changed", (u) => u.id === update.id);
    const readerSees = nextLive(reader, "live:update", (u) => u.id === update.id && u.keyEvent);
    const marked = okData(await emitAck(ctx.alice, "feed:keyEvent", { updateId: update.id, keyEvent: true }));
    expect(marked).toMatchObject({ id: update.id, keyEvent: true, version: 2, bodyHtml: update.bodyHtml });
    expect(await beaSees).toEqual(marked);
    expect(await readerSees).toEqual(marked);
    expect((await readers.reader()).snapshot.keyEvents.map((k) => k.id)).toContain(update.id);

    const readerSeesUnmark = nextLive(reader, "live:update", (u) => u.id === update.id && !u.keyEvent);
    okData(await emitAck(ctx.alice, "feed:keyEvent", { updateId: update.id, keyEvent: false }));
    expect((await readerSeesUnmark).version).toBe(3);
    expect((await readers.reader()).snapshot.keyEvents.map((k) => k.id)).not.toContain(update.id);
  });

  it("feed:pin pins one update at a time and unpins with null, for editors, readers and snapshots", async () => {
    const { reader } = await readers.reader();
    const first = await post(ctx, "<p>Pinned: the meeting has started</p>");
    const second = await post(ctx, "<p>Pinned: the meeting has ended</p>");

    const beaSees = nextEvent(ctx.bea, "feed:pinned", (p) => p.pinnedUpdateId === first.id);
    const readerSees = nextLive(reader, "live:pinned", (p) => p.pinned?.id === first.id);
    expect(okData(await emitAck(ctx.alice, "feed:pin", { updateId: first.id }))).toEqual({ pinnedUpdateId: first.id });
    expect(await beaSees).toEqual({ storyId: ctx.storyId, pinnedUpdateId: first.id });
    expect(await readerSees).toEqual({ pinned: first });

    const readerSeesSecond = nextLive(reader, "live:pinned", (p) => p.pinned?.id === second.id);
    okData(await emitAck(ctx.bea, "feed:pin", { updateId: second.id }));
    expect((await readerSeesSecond).pinned).toEqual(second);
    const { snapshot } = await readers.reader();
    expect(snapshot.pinned).toEqual(second);
    expect(snapshot.pinnedUpdateId).toBe(second.id);
    expect((await ctx.db.story.findUniqueOrThrow({ where: { id: ctx.storyId } })).pinnedUpdateId).toBe(second.id);

    const readerSeesNone = nextLive(reader, "live:pinned", (p) => p.pinned === null);
    const beaSeesNone = nextEvent(ctx.bea, "feed:pinned", (p) => p.pinnedUpdateId === null);
    expect(okData(await emitAck(ctx.alice, "feed:pin", { updateId: null }))).toEqual({ pinnedUpdateId: null });
    await readerSeesNone;
    await beaSeesNone;
    expect((await readers.reader()).snapshot.pinned).toBeNull();
  });

  it("feed:delete removes the update from every feed, page, API and event, and leaves a tombstone", async () => {
    const { reader } = await readers.reader();
    const update = await post(ctx, "<p>To be retracted: Petro leaves early</p>", { keyEvent: true });
    okData(await emitAck(ctx.alice, "feed:pin", { updateId: update.id }));
    expect((await readers.reader()).snapshot).toMatchObject({ pinned: update });

    const beaDeleted = nextEvent(ctx.bea, "feed:deleted", (p) => p.updateId === update.id);
    const beaUnpinned = nextEvent(ctx.bea, "feed:pinned", (p) => p.pinnedUpdateId === null);
    const readerRemoved = nextLive(reader, "live:removed", (p) => p.id === update.id);
    const readerUnpinned = nextLive(reader, "live:pinned", (p) => p.pinned === null);
    expect(okData(await emitAck(ctx.alice, "feed:delete", { updateId: update.id }))).toEqual({ updateId: update.id });
    expect(await beaDeleted).toEqual({ storyId: ctx.storyId, updateId: update.id });
    await beaUnpinned;
    expect(await readerRemoved).toEqual({ id: update.id });
    await readerUnpinned;

    const { snapshot } = await readers.reader();
    const ids = (list: { id: number }[]) => list.map((u) => u.id);
    expect(ids(snapshot.updates)).not.toContain(update.id);
    expect(ids(snapshot.keyEvents)).not.toContain(update.id);
    expect(snapshot.pinned).toBeNull();
    expect(ids((await feedPage(ctx.store, ctx.storyId, { limit: 100 })).updates)).not.toContain(update.id);
    expect(ids((await apiPage("?limit=100")).updates)).not.toContain(update.id);
    expect(ids((await apiPage(`?after=${update.id - 1}`)).updates)).not.toContain(update.id);

    // Nothing more can be done to it, and nobody hears of it again.
    const rec = recordLive(reader);
    for (const [event, payload] of [
      ["feed:delete", { updateId: update.id }],
      ["feed:edit", { updateId: update.id, baseVersion: 2, body: "<p>Back</p>" }],
      ["feed:pin", { updateId: update.id }],
      ["feed:keyEvent", { updateId: update.id, keyEvent: false }],
    ] as const) {
      ackError(await emitRaw(ctx.alice, event, payload), "NOT_FOUND");
    }
    const marker = await barrier(reader);
    expect(rec.events).toEqual([{ event: "live:update", payload: marker }]);

    const row = await stored(update.id);
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.bodyText).toBe("To be retracted: Petro leaves early");
  });

  it("the /live namespace refuses every write with READ_ONLY and changes nothing", async () => {
    const { reader } = await readers.reader();
    const beaSeesIt = nextEvent(ctx.bea, "feed:posted", (u) => u.bodyText === "Readers cannot touch this");
    const update = await post(ctx, "<p>Readers cannot touch this</p>");
    await beaSeesIt;
    const card = ctx.joined.story.cards[0];
    const before = {
      updates: await ctx.db.liveUpdate.findMany({ orderBy: { id: "asc" } }),
      cards: await ctx.db.card.findMany({ orderBy: { id: "asc" } }),
      story: await ctx.db.story.findUniqueOrThrow({ where: { id: ctx.storyId } }),
    };
    const beaHears = recordBroadcasts(ctx.bea);
    const writes: [string, unknown][] = [
      ["feed:post", { body: "<p>Reader spam</p>" }],
      ["feed:edit", { updateId: update.id, baseVersion: 1, body: "<p>Defaced</p>" }],
      ["feed:delete", { updateId: update.id }],
      ["feed:pin", { updateId: update.id }],
      ["feed:keyEvent", { updateId: update.id, keyEvent: true }],
      ["story:join", { slug: SEED_SLUG, clientId: "client-mallory-1" }],
      ["card:create", { storyId: ctx.storyId, title: "Reader card" }],
      ["card:update", { cardId: card.id, baseVersion: card.version, changes: { title: "Hacked" } }],
      ["card:setStatus", { cardId: card.id, baseVersion: card.version, status: "draft" }],
      ["card:delete", { cardId: card.id }],
      ["collab:open", { cardId: card.id, message: new Uint8Array([0, 0]) }],
      ["collab:sync", { cardId: card.id, message: new Uint8Array([0, 2, 0]) }],
      ["no:such-event", { anything: true }],
    ];
    for (const [event, payload] of writes) {
      const error = ackError(await readerEmit(reader, event, payload), "READ_ONLY");
      expect(error.message).toMatch(/read-only/i);
    }
    // Without an ack callback, writes are dropped just the same.
    (reader as unknown as { emit(e: string, p: unknown): void }).emit("feed:post", { body: "<p>Fire and forget</p>" });

    const marker = await barrier(reader);
    await expect.poll(() => beaHears.events.map((e) => e.event)).toEqual(["feed:posted"]);
    beaHears.stop();
    expect(await ctx.db.liveUpdate.findMany({ where: { id: { not: marker.id } }, orderBy: { id: "asc" } })).toEqual(before.updates);
    expect(await ctx.db.card.findMany({ orderBy: { id: "asc" } })).toEqual(before.cards);
    expect((await ctx.db.story.findUniqueOrThrow({ where: { id: ctx.storyId } })).pinnedUpdateId).toBe(before.story.pinnedUpdateId);
  });

  it("a post made while a reader is joining reaches that reader, in the snapshot or as an event", async () => {
    const reader = await readers.connect();
    const heard = recordLive(reader);
    // Hold the join's snapshot after it has read the updates (getPinnedId comes next), and post then.
    const feed = ctx.store.feed;
    const original = feed.getPinnedId;
    let entered!: () => void;
    let release!: () => void;
    const inRead = new Promise<void>((r) => (entered = r));
    const released = new Promise<void>((r) => (release = r));
    feed.getPinnedId = async (storyId) => {
      entered();
      await released;
      return original(storyId);
    };
    try {
      const joining = readerEmit(reader, "live:join", { slug: SEED_SLUG });
      await inRead;
      feed.getPinnedId = original;
      const update = await post(ctx, "<p>Posted while a reader was joining</p>");
      await new Promise((r) => setTimeout(r, 100));
      release();
      const snapshot = okData(await joining) as { updates: LiveUpdate[] };
      await new Promise((r) => setTimeout(r, 100));
      const inSnapshot = snapshot.updates.some((u) => u.id === update.id);
      const asEvent = heard.events.some((e) => e.event === "live:update" && (e.payload as LiveUpdate).id === update.id);
      expect(inSnapshot || asEvent).toBe(true);
    } finally {
      feed.getPinnedId = original;
      release();
      heard.stop();
    }
  });

  it("a reader must speak the protocol, and an unknown story is NOT_FOUND", async () => {
    await expect(readers.connect({ protocol: 999 })).rejects.toThrow(/PROTOCOL_MISMATCH/);
    await expect(readers.connect({})).rejects.toThrow(/PROTOCOL_MISMATCH/);
    const reader = await readers.connect();
    ackError(await readerEmit(reader, "live:join", { slug: "no-such-story" }), "NOT_FOUND");
    ackError(await readerEmit(reader, "live:join", { slug: "" }), "VALIDATION_FAILED");
    ackError(await readerEmit(reader, "live:join", "petro"), "VALIDATION_FAILED");
  });

  it("readers never see drafts: publishing emits live:card, unpublishing live:cardWithdrawn, and only published cards are in the snapshot", async () => {
    const { reader } = await readers.reader();
    const rec = recordLive(reader);
    // Publishing is its own command (it stores a revision); the other moves are status changes.
    const setStatus = async (card: Card, status: Card["status"]) =>
      status === "published"
        ? okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }))
        : okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status }));

    // A new card, its title, summary, text and status moves before publication: readers hear nothing.
    let card = await createCardAs(ctx.alice, ctx.storyId, "Embargoed: the extradition list", "Names not yet confirmed");
    card = okData(await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: card.version, changes: { title: "Embargoed: extraditions" } }));
    const doc = new Y.Doc();
    const text = new CardTextProvider(await openChannel(ctx.alice), card.id, doc);
    await text.whenSaved();
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("SECRET draft text about the list")]);
    doc.getXmlFragment(BODY_FIELD).insert(0, [paragraph]);
    await text.whenSaved();
    await expect.poll(async () => (await ctx.store.findCard(card.id))?.body ?? "", { timeout: 5_000 }).toContain("SECRET draft");
    card = await setStatus(card, "in_review");
    card = await setStatus(card, "draft");
    card = await setStatus(card, "in_review");
    const marker = await barrier(reader);
    expect(rec.events).toEqual([{ event: "live:update", payload: marker }]);

    // Published: readers get the card as the public see it, never its draft-only fields.
    const published = nextLive(reader, "live:card", (c) => c.id === card.id);
    card = await setStatus(card, "published");
    const shown = await published;
    expect(Object.keys(shown).sort()).toEqual(
      ["bodyHtml", "corrections", "firstPublishedAt", "id", "position", "revision", "storyId", "summary", "title", "updatedAt"],
    );
    expect(shown).toMatchObject({ id: card.id, title: "Embargoed: extraditions", summary: "Names not yet confirmed" });
    expect(shown.bodyHtml).toContain("SECRET draft text");

    // Its working copy changes while published: readers keep the published revision…
    rec.events.length = 0;
    (paragraph.get(0) as Y.XmlText).insert(0, "Confirmed: ");
    await text.whenSaved();
    await expect.poll(async () => (await ctx.store.findCard(card.id))?.body ?? "", { timeout: 5_000 }).toContain("Confirmed:");
    const quiet = await barrier(reader);
    expect(rec.events).toEqual([{ event: "live:update", payload: quiet }]);
    // …until it is published again as an update.
    const retyped = nextLive(reader, "live:card", (c) => c.id === card.id && c.bodyHtml.includes("Confirmed"));
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
    expect((await retyped).revision).toBe(2);
    text.destroy();

    const publishedIds = async () =>
      (await ctx.db.card.findMany({ where: { storyId: ctx.storyId, deletedAt: null, status: "published" }, orderBy: { position: "asc" } })).map((c) => c.id);
    let snapshot = (await readers.reader()).snapshot;
    expect(snapshot.cards.map((c) => c.id)).toEqual(await publishedIds());
    expect(snapshot.cards.map((c) => c.id)).toContain(card.id);
    expect(snapshot.cards.every((c) => !("status" in c) && !("body" in c) && !("updatedBy" in c))).toBe(true);

    // Unpublished: withdrawn, and gone from the snapshot. Editing it as a draft again says nothing.
    const withdrawn = nextLive(reader, "live:cardWithdrawn", (p) => p.id === card.id);
    card = await setStatus(card, "draft");
    expect(await withdrawn).toEqual({ id: card.id });
    snapshot = (await readers.reader()).snapshot;
    expect(snapshot.cards.map((c) => c.id)).toEqual(await publishedIds());
    expect(snapshot.cards.map((c) => c.id)).not.toContain(card.id);

    rec.events.length = 0;
    card = okData(await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: card.version, changes: { summary: "Still embargoed" } }));
    okData(await emitAck(ctx.alice, "card:delete", { cardId: card.id }));
    const marker2 = await barrier(reader);
    expect(rec.events).toEqual([{ event: "live:update", payload: marker2 }]);

    // Deleting a published card withdraws it.
    let other = await createCardAs(ctx.alice, ctx.storyId, "Published then deleted");
    other = await setStatus(await setStatus(other, "in_review"), "published");
    const gone = nextLive(reader, "live:cardWithdrawn", (p) => p.id === other.id);
    okData(await emitAck(ctx.alice, "card:delete", { cardId: other.id }));
    await gone;
    expect(JSON.stringify(rec.events)).not.toMatch(/Embargoed|SECRET|Still embargoed/);
    rec.stop();
  });

  it("scripts, event handlers, javascript: links, SVG, style and iframes are neutralised in posts and edits", async () => {
    const { reader } = await readers.reader();
    const attacks: [string, string][] = [
      ['<p>Hello<script>alert("x")</script></p>', "Hello"],
      ['<p onclick="alert(1)" style="color:red">Click</p><img src=x onerror="alert(1)">', "Click"],
      ['<p><a href="javascript:alert(1)">js link</a> <a href="JaVaScRiPt:alert(1)">mixed</a></p>', "js link mixed"],
      ['<p><a href="&#106;avascript:alert(1)">entity</a><a href=" javascript:alert(1)">space</a></p>', "entityspace"],
      ['<svg onload="alert(1)"><circle r="1"/></svg><p>svg</p><svg><script>alert(2)</script></svg>', "svg"],
      ["<style>body{display:none}</style><p>styled</p><link rel=stylesheet href=x>", "styled"],
      ['<iframe src="https://evil.example"></iframe><p>framed</p><object data="x"></object><embed src="x">', "framed"],
      ['<p><a href="data:text/html,<script>alert(1)</script>">data</a></p>', "data"],
      ['<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math><p>math</p>', "math"],
      ['<p><a href="https://example.com/x" target="_blank" onmouseover="x()">fine</a></p>', "fine"],
    ];
    for (const [body, visible] of attacks) {
      const seen = nextLive(reader, "live:update", (u) => u.bodyText.includes(visible));
      const update = await post(ctx, body);
      expectSafeHtml(update.bodyHtml);
      expect(update.bodyText).toContain(visible);
      expect(update.bodyText).not.toMatch(/alert/);
      expect((await seen).bodyHtml).toBe(update.bodyHtml);
      expect((await stored(update.id)).bodyHtml).toBe(update.bodyHtml);
    }
    const safe = await post(ctx, '<p><a href="https://example.com/x" target="_blank">ok</a></p>');
    expect(safe.bodyHtml).toBe('<p><a href="https://example.com/x" rel="noopener noreferrer nofollow">ok</a></p>');

    const edited = okData(
      await emitAck(ctx.alice, "feed:edit", { updateId: safe.id, baseVersion: 1, body: '<p>ok<img src=x onerror=alert(1)><a href="javascript:x">y</a></p>' }),
    );
    expectSafeHtml(edited.bodyHtml);
    expect(edited.bodyHtml).toBe("<p>ok<a rel=\"noopener noreferrer nofollow\">y</a></p>");
  });

  it("refuses empty, oversized, unknown, foreign and stale commands, changing nothing", async () => {
    const other = await ctx.store.createStoryWithCards(
      { slug: `other-${provider}`, headline: "Another story", summary: "", coverageStart: null, coverageEnd: null },
      [{ title: "Another card", summary: "", status: "published", updatedBy: null }],
    );
    const carl: DeskClient = await ctx.desk.connect({ as: { name: "Carl", clientId: "client-carl-0003" } });
    okData(await emitAck(carl, "story:join", { slug: other.slug, clientId: "client-carl-0003" }));
    const { reader: otherReader } = await readers.reader(other.slug);
    const otherSees = nextLive(otherReader, "live:update");
    const foreign = okData(await emitAck(carl, "feed:post", { body: "<p>Another story's update</p>" }));
    expect(await otherSees).toEqual(foreign);
    const otherHears = recordLive(otherReader);
    const foreignCard = (await ctx.store.listCards(other.id))[0];
    const count = () => ctx.db.liveUpdate.count();
    const before = await count();
    const beaHears = recordBroadcasts(ctx.bea);

    const refused: [string, unknown, string, RegExp?][] = [
      ["feed:post", { body: "" }, "VALIDATION_FAILED", /empty/],
      ["feed:post", { body: "<p>   </p>" }, "VALIDATION_FAILED", /empty/],
      ["feed:post", { body: "<p>&nbsp;</p><p><br></p>" }, "VALIDATION_FAILED", /empty/],
      ["feed:post", { body: "<script>alert(1)</script>" }, "VALIDATION_FAILED", /empty/],
      ["feed:post", { body: "<img src=x onerror=alert(1)>" }, "VALIDATION_FAILED", /empty/],
      ["feed:post", { body: `<p>${"x".repeat(10_001)}</p>` }, "VALIDATION_FAILED", /10 KB/],
      ["feed:post", {}, "VALIDATION_FAILED"],
      ["feed:post", { body: "<p>About another story's card</p>", cardId: foreignCard.id }, "NOT_FOUND"],
      ["feed:edit", { updateId: 999_999, baseVersion: 1, body: "<p>x</p>" }, "NOT_FOUND"],
      ["feed:edit", { updateId: foreign.id, baseVersion: 1, body: "<p>Hijacked</p>" }, "NOT_FOUND"],
      ["feed:delete", { updateId: foreign.id }, "NOT_FOUND"],
      ["feed:pin", { updateId: foreign.id }, "NOT_FOUND"],
      ["feed:keyEvent", { updateId: foreign.id, keyEvent: true }, "NOT_FOUND"],
      ["feed:delete", { updateId: 999_999 }, "NOT_FOUND"],
      ["feed:pin", { updateId: 999_999 }, "NOT_FOUND"],
      ["feed:keyEvent", { updateId: 999_999, keyEvent: true }, "NOT_FOUND"],
      ["feed:edit", { updateId: "1", baseVersion: 1, body: "<p>x</p>" }, "VALIDATION_FAILED"],
      ["feed:delete", { updateId: -1 }, "VALIDATION_FAILED"],
    ];
    for (const [event, payload, code, message] of refused) {
      const error = ackError(await emitRaw(ctx.alice, event, payload), code as never);
      if (message) expect(error.message).toMatch(message);
    }
    const tooLong = await emitRaw(ctx.alice, "feed:post", { body: `<p>${"x".repeat(10_001)}</p>` });
    expect(ackError(tooLong, "VALIDATION_FAILED").field).toBe("body");
    // Exactly at the limit is fine.
    const atLimit = await post(ctx, `<p>${"y".repeat(10_000 - 7)}</p>`);
    expect(atLimit.bodyText).toHaveLength(10_000 - 7);

    // Stale baseVersion: Alice edits first, Bea's edit based on version 1 is a conflict.
    const update = await post(ctx, "<p>Petro says the talks went well</p>");
    okData(await emitAck(ctx.alice, "feed:edit", { updateId: update.id, baseVersion: 1, body: "<p>Petro says the talks went very well</p>" }));
    ackError(await emitAck(ctx.bea, "feed:edit", { updateId: update.id, baseVersion: 1, body: "<p>Bea's version</p>" }), "CONFLICT");
    okData(await emitAck(ctx.alice, "feed:keyEvent", { updateId: update.id, keyEvent: true }));
    ackError(await emitAck(ctx.bea, "feed:edit", { updateId: update.id, baseVersion: 2, body: "<p>Bea again</p>" }), "CONFLICT");
    const note = await emitRaw(ctx.alice, "feed:edit", { updateId: update.id, baseVersion: 3, body: "<p>x</p>", correction: true, note: "n".repeat(301) });
    ackError(note, "VALIDATION_FAILED");
    expect(await stored(update.id)).toMatchObject({ bodyText: "Petro says the talks went very well", version: 3, keyEvent: true });

    // A desk client that has not joined a story cannot post.
    const stranger = await ctx.desk.connect();
    ackError(await emitAck(stranger, "feed:post", { body: "<p>Who am I</p>" }), "NOT_JOINED");

    expect(await count()).toBe(before + 2);
    expect(await ctx.db.liveUpdate.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ bodyText: "Another story's update", version: 1, keyEvent: false, deletedAt: null });
    // (A card's preview from an earlier test's publication may arrive meanwhile: not the feed's business.)
    const feedEvents = () => beaHears.events.map((e) => e.event).filter((e) => e.startsWith("feed:"));
    await expect.poll(feedEvents).toEqual(["feed:posted", "feed:posted", "feed:changed", "feed:changed"]);
    beaHears.stop();
    // The other story's reader heard only Carl's story.
    expect(otherHears.events).toEqual([]);
    carl.disconnect();
    stranger.disconnect();
  });
});
