/**
 * What the public can reach, on SQLite and Postgres: drafts, cards in review, unpublished and
 * deleted cards are unreachable through every public door (embed page, oEmbed, REST API, the
 * public socket namespace); published output is free of script whatever editors typed; oEmbed
 * answers are complete. The public card page and the framing headers are checked in e2e/ (they
 * need the Next.js server).
 */
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as cardApi } from "../app/api/cards/[id]/route";
import { GET as oembed } from "../app/api/oembed/route";
import { GET as storyApi } from "../app/api/stories/[slug]/route";
import { GET as storiesApi } from "../app/api/stories/route";
import { GET as updatesApi } from "../app/api/stories/[slug]/updates/route";
import { GET as atomFeed } from "../app/live/[slug]/atom.xml/route";
import { liveBlogPosting } from "../app/live/[slug]/structured-data";
import { GET as embedPage } from "../app/embed/cards/[id]/route";
import { BODY_FIELD } from "../lib/protocol/collab";
import type { Card } from "../lib/protocol/schemas";
import { publishServices } from "../server/services";
import { openText } from "./helpers/collab";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { PROVIDERS } from "./helpers/databases";
import { joinLive, readerEmit, recordLive, useReaders } from "./helpers/live";
import { newSuggestionId } from "../lib/protocol/suggestions";
import { emitAck, okData, SEED_SLUG, type DeskClient } from "./helpers/server";
import { waitFor } from "./helpers/wait";

const ORIGIN = "http://desk.test";
const SECRET = "EMBARGOED-7781";

const get = (path: string) => new Request(`${ORIGIN}${path}`, { headers: { host: "desk.test" } });
const embed = (id: string) => embedPage(get(`/embed/cards/${id}`), { params: Promise.resolve({ id }) });
const api = (id: string) => cardApi(get(`/api/cards/${id}`), { params: Promise.resolve({ id }) });
const story = () => storyApi(get(`/api/stories/${SEED_SLUG}`), { params: Promise.resolve({ slug: SEED_SLUG }) });
const oembedFor = (url: string, extra = "") => oembed(get(`/api/oembed?url=${encodeURIComponent(url)}${extra}`));

/** Known XSS vectors, as plain text (title, summary, note) — they must come out as text. */
const VECTORS = [
  `<script>alert("t")</script>`,
  `<img src=x onerror=alert(1)>`,
  `"><svg/onload=alert(2)>`,
  `<a href="javascript:alert(3)">x</a>`,
];

/**
 * No element, attribute or URL in `html` can run script.
 * Only real tags are inspected: escaped text such as "&lt;svg onload=…&gt;" is inert by definition.
 */
function expectInert(html: string): void {
  const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
  for (const tag of tags) {
    expect(tag).not.toMatch(/^<(script|img|svg|iframe|object|embed|math|style|link|meta|base)\b/i);
    expect(tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tag).not.toMatch(/javascript:/i);
  }
}

/** Writes a hostile body through the co-editing protocol: what a modified client could send. */
async function writeHostileBody(socket: DeskClient, cardId: string): Promise<void> {
  const { doc, provider } = openText({ socket }, cardId);
  await provider.whenSaved();
  const p = (...children: (Y.XmlText | Y.XmlElement)[]) => {
    const el = new Y.XmlElement("paragraph");
    el.insert(0, children);
    return el;
  };
  const link = new Y.XmlText();
  link.insert(0, "click me", { link: { href: "javascript:alert(4)" } });
  const script = new Y.XmlElement("script");
  script.insert(0, [new Y.XmlText("alert(5)")]);
  const img = new Y.XmlElement("image");
  img.setAttribute("src", "x");
  img.setAttribute("onerror", "alert(6)");
  const heading = new Y.XmlElement("heading");
  heading.setAttribute("level", `2 onmouseover=alert(7)` as unknown as string);
  heading.insert(0, [new Y.XmlText("Heading")]);
  const code = new Y.XmlElement("codeBlock");
  code.setAttribute("language", `js" onclick="alert(8)`);
  code.insert(0, [new Y.XmlText(`</code><script>alert(9)</script>`)]);
  doc.getXmlFragment(BODY_FIELD).insert(0, [
    p(new Y.XmlText(`${SECRET} <script>alert(10)</script> <svg onload=alert(11)>`)),
    p(link),
    script,
    img,
    heading,
    code,
  ]);
  await provider.whenSaved();
  provider.destroy();
  doc.destroy();
}

describe.each(PROVIDERS)("public exposure (%s)", (provider) => {
  const ctx = useDesk(provider);
  const readers = useReaders(() => ctx.desk);
  const cards: Record<"draft" | "review" | "unpublished" | "deleted" | "hostile", Card> = {} as never;

  const publish = async (card: Card) => {
    card = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: card.version, status: "in_review" }));
    return okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: card.version }));
  };
  /** Waits (outside a test: no expect.poll) until the card's derived body in the store shows `text`. */
  const bodyStored = (id: string, text: string) =>
    waitFor(async () => ((await ctx.store.findCard(id))?.body ?? "").includes(text), {
      timeoutMs: 10_000,
      intervalMs: 50,
      what: `card ${id}: body showing "${text}"`,
    });

  beforeAll(async () => {
    publishServices(ctx.desk.services);
    cards.draft = await createCardAs(ctx.alice, ctx.storyId, `Draft ${SECRET}`, `Draft summary ${SECRET}`);
    cards.review = await createCardAs(ctx.alice, ctx.storyId, `Review ${SECRET}`);
    cards.review = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: cards.review.id, baseVersion: cards.review.version, status: "in_review" }));
    cards.unpublished = await publish(await createCardAs(ctx.alice, ctx.storyId, `Unpublished ${SECRET}`));
    cards.unpublished = okData(
      await emitAck(ctx.alice, "card:setStatus", { cardId: cards.unpublished.id, baseVersion: cards.unpublished.version, status: "draft" }),
    );
    cards.deleted = await publish(await createCardAs(ctx.alice, ctx.storyId, `Deleted ${SECRET}`));
    okData(await emitAck(ctx.alice, "card:delete", { cardId: cards.deleted.id }));

    // Hostile: vectors in the title, summary, body and a correction note, then published.
    let hostile = await createCardAs(ctx.alice, ctx.storyId, VECTORS[1], VECTORS.join(" "));
    await writeHostileBody(ctx.alice, hostile.id);
    await bodyStored(hostile.id, SECRET);
    hostile = await publish(hostile);
    hostile = okData(await emitAck(ctx.alice, "card:update", { cardId: hostile.id, baseVersion: hostile.version, changes: { title: VECTORS[2] } }));
    cards.hostile = okData(
      await emitAck(ctx.alice, "card:publish", { cardId: hostile.id, baseVersion: hostile.version, kind: "correction", note: VECTORS[0] }),
    );
  });
  afterAll(() => publishServices(undefined));

  it("drafts, cards in review, unpublished and deleted cards are unreachable through every public door", async () => {
    const reader = await readers.connect();
    const snapshot = await joinLive(reader);
    const storyJson = await (await story()).text();
    for (const [name, card] of Object.entries(cards)) {
      if (name === "hostile") continue;
      const page = await embed(card.id);
      // Never published: 404; published once and withdrawn: 410. Neither shows any of the card.
      expect(page.status, name).toBe(name === "draft" || name === "review" ? 404 : 410);
      expect(await page.text(), name).not.toContain(SECRET);
      expect((await api(card.id)).status, name).toBe(404);
      for (const path of [`/cards/${card.id}`, `/embed/cards/${card.id}`]) {
        const answer = await oembedFor(`${ORIGIN}${path}`);
        expect(answer.status, `${name} ${path}`).toBe(404);
        expect(await answer.text()).not.toContain(SECRET);
      }
      expect(snapshot.cards.map((c) => c.id), name).not.toContain(card.id);
      expect((await readerEmit(reader, "live:watchCard", { cardId: card.id })).ok, name).toBe(false);
      expect(storyJson, name).not.toContain(card.id);
    }
    // The hostile card is published with the secret in its body; no other card's secret is public.
    expect(JSON.stringify(snapshot.cards.filter((c) => c.id !== cards.hostile.id))).not.toContain(SECRET);
    expect(storyJson.replaceAll(cards.hostile.id, "")).not.toMatch(/(Draft|Review|Unpublished|Deleted) EMBARGOED/);
    // Nonsense ids get the same answer as unknown ones.
    for (const id of ["no-such-card", "x".repeat(500), "../../etc/passwd", "☃"]) {
      expect((await embed(id)).status).toBe(404);
      expect((await api(id)).status).toBe(404);
    }
  });

  it("published output is inert whatever editors typed: embed page, oEmbed html, REST API and live events", async () => {
    const { hostile } = cards;
    const page = await embed(hostile.id);
    expect(page.status).toBe(200);
    const html = await page.text();
    // The head is the page's own (charset, stylesheet, frame.js); everything editors wrote is in the body.
    expect(html.slice(0, html.indexOf("<body>")).match(/<script\b[^>]*>/g)).toEqual(['<script src="/embed/frame.js" defer>']);
    expectInert(html.slice(html.indexOf("<body>")));
    expect(html).toContain(SECRET); // the text itself is there, as text
    expect(html).not.toContain(VECTORS[0]);
    expect(html).toMatch(/(&lt;|&#60;)script(&gt;|&#62;)alert/); // the note, escaped

    const body = (await (await api(hostile.id)).json()) as { card: { bodyHtml: string; title: string; corrections: { note: string }[] } };
    expectInert(body.card.bodyHtml);
    expect(body.card.bodyHtml).toContain(SECRET);
    expect(body.card.title).toBe(VECTORS[2]); // JSON carries the text; every HTML output escapes it
    expect(body.card.corrections.map((c) => c.note)).toEqual([VECTORS[0]]);

    const answer = (await (await oembedFor(`${ORIGIN}/cards/${hostile.id}`)).json()) as { html: string; title: string };
    // Exactly one iframe with fixed attributes (and our own loader): the title's quotes and
    // brackets are escaped, so nothing can break out of the attribute.
    expect(answer.html).toMatch(
      /^<iframe data-newsdesk-frame="[\w-]+" src="http:\/\/desk\.test\/embed\/cards\/[\w-]+" title="[^"<>]*" width="\d+" height="\d+" style="[^"<>]*" loading="lazy"><\/iframe><script async src="http:\/\/desk\.test\/embed\.js"><\/script>$/,
    );
    expect(answer.title).toBe(VECTORS[2]);

    const reader = await readers.connect();
    const snapshot = await joinLive(reader);
    const shown = snapshot.cards.find((c) => c.id === hostile.id);
    expect(shown).toBeDefined();
    expectInert(shown!.bodyHtml);
    const watched = okData((await readerEmit(reader, "live:watchCard", { cardId: hostile.id })) as never) as { bodyHtml: string };
    expectInert(watched.bodyHtml);
    // The revision as stored is the sanitised HTML, not what the client sent.
    const stored = await ctx.db.cardRevision.findMany({ where: { cardId: hostile.id } });
    for (const r of stored) expectInert(r.bodyHtml);
  });

  it("a story's source article and the proposals made from it never reach a public door", async () => {
    const SOURCE = "SOURCE-ONLY-5521";
    const article = `<p>The harbour of Valparaiso closed at noon ${SOURCE} after a storm.</p><p>Crews in Valparaiso moved ships ${SOURCE} out to sea.</p><script>alert(1)</script>`;
    const proposals = okData(await emitAck(ctx.alice, "story:propose", { article }));
    expect(proposals.proposals.length).toBeGreaterThan(0);
    const created = okData(
      await emitAck(ctx.alice, "story:create", {
        headline: "Storm closes Valparaiso harbour",
        slug: "valparaiso-storm",
        coverageStart: new Date().toISOString(),
        article,
        cards: proposals.proposals.map((p) => ({ title: `Proposed ${p.title}`, summary: p.summary })),
      }),
    );
    const slug = created.slug;
    const params = { params: Promise.resolve({ slug }) };
    const reader = await readers.connect();
    const snapshot = await joinLive(reader, slug);
    const doors = [
      await (await storiesApi(get("/api/stories"))).text(),
      await (await storyApi(get(`/api/stories/${slug}`), params)).text(),
      await (await updatesApi(get(`/api/stories/${slug}/updates`), { params: Promise.resolve({ slug }) })).text(),
      await (await atomFeed(get(`/live/${slug}/atom.xml`), { params: Promise.resolve({ slug }) })).text(),
      JSON.stringify(snapshot),
      JSON.stringify(liveBlogPosting(snapshot, ORIGIN)),
    ];
    for (const text of doors) {
      expect(text).not.toContain(SOURCE);
      expect(text).not.toContain("Proposed ");
      for (const p of proposals.proposals) if (p.summary) expect(text).not.toContain(p.summary);
    }
    // The desk has it, as sanitised text.
    const { source } = okData(await emitAck(ctx.alice, "story:source", { storyId: created.id }));
    expect(source).toContain(SOURCE);
    expect(source).not.toMatch(/<script|alert/);
  });

  it("a scheduled post reaches no public door before its time: live join, resume, feed API, Atom, structured data, key points", async () => {
    const EMBARGO = "SCHEDULED-ONLY-3391";
    const reader = await readers.connect();
    const heard: unknown[] = [];
    reader.onAny((event, payload) => heard.push({ event, payload }));
    const before = await joinLive(reader);
    const scheduled = okData(
      await emitAck(ctx.alice, "feed:post", {
        body: `<p>${EMBARGO} body</p>`,
        headline: `${EMBARGO} headline`,
        keyEvent: true,
        scheduleAt: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
    // Another post after it: the reader hears about that one, never the scheduled one.
    okData(await emitAck(ctx.alice, "feed:post", { body: "<p>Public meanwhile</p>" }));
    const params = { params: Promise.resolve({ slug: SEED_SLUG }) };
    const snapshot = await joinLive(reader);
    const resume = await readerEmit(reader, "live:join", { slug: SEED_SLUG, after: before.updates[0]?.id ?? 0 });
    const doors = [
      await (await updatesApi(get(`/api/stories/${SEED_SLUG}/updates`), params)).text(),
      await (await updatesApi(get(`/api/stories/${SEED_SLUG}/updates?after=1`), params)).text(),
      await (await atomFeed(get(`/live/${SEED_SLUG}/atom.xml`), params)).text(),
      JSON.stringify(snapshot),
      JSON.stringify(resume),
      JSON.stringify(liveBlogPosting(snapshot, ORIGIN)),
      JSON.stringify(heard),
    ];
    for (const text of doors) expect(text).not.toContain(EMBARGO);
    expect(JSON.stringify(heard)).toContain("Public meanwhile");
    okData(await emitAck(ctx.alice, "feed:delete", { updateId: scheduled.id }));
    // Events reach a socket in order: once this one is in, a removal would have arrived before it.
    okData(await emitAck(ctx.alice, "feed:post", { body: "<p>Barrier after cancel</p>" }));
    await expect.poll(() => JSON.stringify(heard)).toContain("Barrier after cancel");
    // Cancelling it tells readers nothing either: they never knew it.
    expect(JSON.stringify(heard)).not.toContain(`"id":${scheduled.id}`);
  });

  it("review comments and unaccepted suggestions never reach a public door, nor live readers", async () => {
    const COMMENT = "COMMENT-ONLY-4410";
    const SUGGESTED = "SUGGESTED-ONLY-9031";
    let card = await publish(await createCardAs(ctx.alice, ctx.storyId, "Reviewed in the open"));
    const reader = await readers.connect();
    await joinLive(reader);
    const heard = recordLive(reader);
    // A suggestion and a plain edit in the text, a thread on the card and one on a live post.
    const { doc, provider } = openText({ socket: ctx.alice }, card.id);
    await provider.whenSaved();
    const text = new Y.XmlText();
    text.insert(0, "Kept wording. ");
    text.insert(14, SUGGESTED, { insertion: { id: newSuggestionId(ctx.joined.me.id) } });
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [text]);
    doc.getXmlFragment(BODY_FIELD).insert(0, [paragraph]);
    await provider.whenSaved();
    provider.destroy();
    await bodyStored(card.id, "Kept wording.");
    okData(await emitAck(ctx.alice, "thread:create", { cardId: card.id, body: `Check this ${COMMENT}`, mentions: [ctx.joined.me.id] }));
    const post = okData(await emitAck(ctx.alice, "feed:post", { body: "<p>Public post</p>" }));
    okData(await emitAck(ctx.alice, "thread:create", { updateId: post.id, body: `Post note ${COMMENT}`, mentions: [] }));
    const fresh = (await ctx.store.findCard(card.id))!;
    card = okData(await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: fresh.version }));
    await new Promise((r) => setTimeout(r, 300)); // let the live announcements arrive
    heard.stop();

    const doors = [
      await (await embed(card.id)).text(),
      await (await api(card.id)).text(),
      await (await story()).text(),
      await (await updatesApi(get(`/api/stories/${SEED_SLUG}`), { params: Promise.resolve({ slug: SEED_SLUG }) })).text(),
      await (await atomFeed(get(`/live/${SEED_SLUG}/atom.xml`), { params: Promise.resolve({ slug: SEED_SLUG }) })).text(),
      JSON.stringify(await joinLive(await readers.connect())),
      JSON.stringify(heard.events),
      JSON.stringify(await ctx.db.cardRevision.findMany({ where: { cardId: card.id }, select: { bodyHtml: true, bodyText: true, title: true } })),
    ];
    expect(doors[0]).toContain("Kept wording.");
    for (const door of doors) {
      expect(door).not.toContain(COMMENT);
      expect(door).not.toContain(SUGGESTED);
    }
    // The revision's Yjs state (kept for reverts) has the suggestion rejected too.
    const revision = await ctx.db.cardRevision.findFirst({ where: { cardId: card.id }, orderBy: { number: "desc" } });
    const kept = new Y.Doc();
    Y.applyUpdate(kept, new Uint8Array(revision!.docState!));
    expect(kept.getXmlFragment(BODY_FIELD).toString()).not.toContain(SUGGESTED);
  });

  it("oEmbed: a complete rich answer that respects maxwidth/maxheight, 501 for other formats, 400 for bad requests", async () => {
    const seeded = (await story().then((r) => r.json())) as { story: { cards: { id: string; title: string }[] } };
    const card = seeded.story.cards[0];
    const res = await oembedFor(`${ORIGIN}/cards/${card.id}`, "&format=json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({
      version: "1.0",
      type: "rich",
      title: card.title,
      provider_name: "Newsdesk",
      provider_url: `${ORIGIN}/`,
      cache_age: expect.any(Number),
      width: expect.any(Number),
      height: expect.any(Number),
    });
    expect(answer.html).toBe(
      `<iframe data-newsdesk-frame="${card.id}" src="${ORIGIN}/embed/cards/${card.id}" title="${card.title}" width="${answer.width}" height="${answer.height}" style="border:0;max-width:100%" loading="lazy"></iframe>` +
        `<script async src="${ORIGIN}/embed.js"></script>`,
    );
    const small = (await (await oembedFor(`${ORIGIN}/embed/cards/${card.id}`, "&maxwidth=300&maxheight=150")).json()) as { width: number; height: number };
    expect(small.width).toBeLessThanOrEqual(300);
    expect(small.height).toBeLessThanOrEqual(150);

    expect((await oembedFor(`${ORIGIN}/cards/${card.id}`, "&format=xml")).status).toBe(501);
    expect((await oembed(get("/api/oembed"))).status).toBe(400);
    expect((await oembedFor(`${ORIGIN}/cards/${card.id}`, "&maxwidth=wide")).status).toBe(400);
    expect((await oembedFor(`${ORIGIN}/cards/${card.id}`, "&maxwidth=0")).status).toBe(400);
    // Another site's URL, a non-card path, garbage: not ours.
    expect((await oembedFor(`https://elsewhere.example/cards/${card.id}`)).status).toBe(404);
    expect((await oembedFor(`${ORIGIN}/live/${SEED_SLUG}`)).status).toBe(404);
    expect((await oembedFor("not a url")).status).toBe(404);
  });
});
