/**
 * Embeds as a reader on a partner site sees them. The partner page is served from a second
 * origin (http://127.0.0.1:<port>, while the desk is http://localhost:<PORT>) and carries the
 * script snippet; the desk is driven over Socket.IO from Node, as an editor's browser would.
 *
 * - the card shows, sized to its content, with no CSP violation in the frame;
 * - a working-copy edit never reaches the embed; a republication does, without a reload, and the
 *   iframe grows with the text; a correction shows with its note;
 * - unpublishing replaces the card with "no longer available"; a draft's embed URL is a 404 that
 *   shows nothing of the draft; odd ids are 404s, never crashes;
 * - everything the embed loads as script fits in EMBED_JS_BUDGET_BYTES gzipped.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { expect, type Browser, type Frame, type Locator, type Page } from "@playwright/test";
import type { Socket } from "socket.io-client";
import { EMBED_JS_BUDGET_BYTES, EMBED_SIZE_MESSAGE, embedCardPath, scriptSnippet } from "../lib/protocol/embed";
import { openDeskSocket } from "./fixtures/desk-socket";
import { sessionCookie } from "./fixtures/accounts";
import { STORY_SLUG, test } from "./fixtures/desk";

/** How fast a republication must show in an embed. */
const LIVE_MS = 2_000;
const GONE = "This card is no longer available.";
const SHOTS = "/tmp/shots";

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 8)}`;

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
interface WireCard {
  id: string;
  title: string;
  summary: string;
  status: string;
  version: number;
}

/** The desk over Socket.IO from Node: one signed-in editor, joined to the seeded story. */
class DeskWire {
  private constructor(
    private readonly socket: Socket,
    readonly storyId: string,
    readonly cards: WireCard[],
  ) {}

  static async open(baseURL: string): Promise<DeskWire> {
    const cookie = await sessionCookie(baseURL, "Embed Desk");
    const socket = await openDeskSocket(baseURL, cookie);
    const join = (await socket
      .timeout(5_000)
      .emitWithAck("story:join", { slug: STORY_SLUG, clientId: `e2e-embed-${Date.now()}` })) as Ack<{
      story: { id: string; cards: WireCard[] };
    }>;
    if (!join.ok) throw new Error(`story:join: ${JSON.stringify(join)}`);
    return new DeskWire(socket, join.data.story.id, join.data.story.cards);
  }

  /** Sends a command and returns its data; a refusal fails the test with the server's words. */
  async send<T = WireCard>(event: string, payload: unknown): Promise<T> {
    const ack = (await this.socket.timeout(5_000).emitWithAck(event, payload)) as Ack<T>;
    if (!ack.ok) throw new Error(`${event}: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  /** A new card taken through review to its first publication. */
  async publishedCard(title: string, summary: string): Promise<WireCard> {
    const draft = await this.send("card:create", { storyId: this.storyId, title, summary });
    const inReview = await this.send("card:setStatus", { cardId: draft.id, baseVersion: draft.version, status: "in_review" });
    return this.send("card:publish", { cardId: draft.id, baseVersion: inReview.version });
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** A partner's site on another origin: an article with the script snippet for each card id in the path. */
async function startPartnerSite(deskOrigin: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://partner");
    const ids = url.searchParams.getAll("card");
    const snippets = ids.map((id) => scriptSnippet(deskOrigin, id)).join("\n");
    // ?twice: the loader included once more, as pasting a second snippet would.
    const again = url.searchParams.has("twice") ? `<script async src="${deskOrigin}/embed.js"></script>` : "";
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The Partner Gazette</title>
<style>body{font:17px/1.6 Georgia,serif;margin:0;background:#f6f4ef;color:#222}main{max-width:680px;margin:0 auto;padding:24px}h1{font-size:30px;line-height:1.2}</style>
</head><body><main>
<h1>Colombia and the United States: what to watch this week</h1>
<p>Our correspondents follow the meeting in Washington. The card below is kept up to date by the Newsdesk team.</p>
${snippets}
${again}
<p id="after">The rest of our coverage continues below the embedded card.</p>
</main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface Reader {
  page: Page;
  /** Console messages of the page and its frames that speak of a CSP violation or an error. */
  problems: string[];
  /** Every script response the page and its frames received: URL and gzipped size. */
  scripts: Promise<{ url: string; gzip: number }>[];
}

async function openPartnerPage(browser: Browser, url: string): Promise<Reader> {
  const page = await (await browser.newContext({ viewport: { width: 900, height: 1000 } })).newPage();
  const problems: string[] = [];
  const scripts: Reader["scripts"] = [];
  page.on("console", (m) => {
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) problems.push(`${m.location().url}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("response", (r) => {
    // A redirect or a 304 (a second frame revalidating its cached script) has no body of its own.
    if (r.request().resourceType() === "script" && (r.status() < 300 || r.status() >= 400)) {
      scripts.push(r.body().then((b) => ({ url: r.url(), gzip: gzipSync(b, { level: 9 }).byteLength })));
    }
  });
  await page.goto(url);
  return { page, problems, scripts };
}

const embedFrame = (page: Page, nth = 0): Locator => page.locator("[data-newsdesk-card] iframe").nth(nth);
const inFrame = (page: Page, nth = 0) => embedFrame(page, nth).contentFrame();

async function frameOf(page: Page, nth = 0): Promise<Frame> {
  const frame = await (await embedFrame(page, nth).elementHandle())!.contentFrame();
  return frame!;
}

/** The iframe's height on the partner page and the height of the card inside it. */
async function heights(page: Page, nth = 0): Promise<{ outer: number; inner: number }> {
  const outer = (await embedFrame(page, nth).boundingBox())!.height;
  const inner = await inFrame(page, nth).locator("main").evaluate((el) => el.getBoundingClientRect().height);
  return { outer, inner };
}

/** The iframe is exactly as tall as its content: no scrollbar, no gap. */
async function expectSizedToContent(page: Page, nth = 0) {
  await expect
    .poll(async () => {
      const { outer, inner } = await heights(page, nth);
      return Math.abs(outer - Math.ceil(inner));
    })
    .toBeLessThanOrEqual(1);
}

let partner: { origin: string; server: Server };
let wire: DeskWire;

test.beforeAll(async ({ baseURL }) => {
  mkdirSync(SHOTS, { recursive: true });
  partner = await startPartnerSite(new URL(baseURL!).origin);
  wire = await DeskWire.open(baseURL!);
});

test.afterAll(async () => {
  wire?.close();
  await new Promise((resolve) => partner?.server.close(resolve));
});

test("a published card embedded on another site shows, sized to its content, within the JS budget and without CSP violations", async ({ browser }) => {
  const seeded = wire.cards.find((c) => c.status === "published")!;
  const reader = await openPartnerPage(browser, `${partner.origin}/?card=${encodeURIComponent(seeded.id)}`);
  const { page } = reader;
  const frame = inFrame(page);

  await expect(frame.getByRole("heading", { level: 1 })).toHaveText(seeded.title);
  await expect(frame.locator(".nd-summary")).toHaveText(seeded.summary);
  await expect(frame.locator(".nd-body p").first()).toBeVisible();
  // The seeded story happens in Bogotá: its embeds show Bogotá time.
  await expect(frame.getByText(/^Updated \d{1,2} \w{3} \d{4}, \d\d:\d\d \(Bogota\)$/)).toBeVisible();
  const via = frame.getByRole("link", { name: "via Newsdesk" });
  await expect(via).toHaveAttribute("href", `/cards/${seeded.id}`);
  await expect(via).toHaveAttribute("target", "_blank");
  await expect(embedFrame(page)).toHaveAttribute("title", "Newsdesk card");

  // Sized to its content, not the 400px default: the partner's next paragraph follows right after.
  await expectSizedToContent(page);
  const { outer } = await heights(page);
  expect(outer).not.toBe(400);
  await page.screenshot({ path: `${SHOTS}/embed-host.png`, fullPage: true });

  // Everything the embed loaded as script (the loader, the frame's bundle), gzipped.
  const scripts = await Promise.all(reader.scripts);
  const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
  console.log(`Scripts the embed loaded (gzipped): ${scripts.map((s) => `${new URL(s.url).pathname} ${s.gzip} B`).join(", ")}; total ${total} B of ${EMBED_JS_BUDGET_BYTES} B`);
  expect(scripts.map((s) => new URL(s.url).pathname).sort()).toEqual(["/embed.js", "/embed/frame.js"]);
  expect(total).toBeLessThanOrEqual(EMBED_JS_BUDGET_BYTES);

  expect(reader.problems).toEqual([]);
  await page.context().close();
});

test("republishing reaches the embed live and resizes it; working-copy edits never do; unpublishing withdraws it", async ({ browser, request }) => {
  const title = unique("Embedded: talks on drug-boat strikes");
  const summary = "The two governments discuss the US strikes on boats.";
  const card = await wire.publishedCard(title, summary);
  const reader = await openPartnerPage(browser, `${partner.origin}/?card=${encodeURIComponent(card.id)}`);
  const { page } = reader;
  const frame = inFrame(page);
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(frame.locator(".nd-summary")).toHaveText(summary);
  await expectSizedToContent(page);
  const before = await heights(page);
  // Marks on the partner page and in the frame: a reload of either would lose them.
  await page.evaluate(() => ((window as unknown as { mark: number }).mark = 1));
  const frameHandle = await frameOf(page);
  await frameHandle.evaluate(() => ((window as unknown as { mark: number }).mark = 1));

  // An edit of the working copy is the desk's business: the embed keeps the published text.
  const draftSummary = unique("Unpublished working copy");
  let current = await wire.send("card:update", { cardId: card.id, baseVersion: card.version, changes: { summary: draftSummary } });
  await page.waitForTimeout(1_000);
  await expect(frame.locator("main")).not.toContainText(draftSummary);
  expect(await (await request.get(embedCardPath(card.id))).text()).not.toContain(draftSummary);

  // Republished with a new title and a much longer summary: shown live, and the iframe grows.
  const newTitle = unique("Embedded: strikes on drug boats top the agenda");
  const longSummary = Array.from({ length: 12 }, (_, i) => `Point ${i + 1}: the strikes on boats in the Caribbean and the Pacific weigh on the talks.`).join(" ");
  current = await wire.send("card:update", { cardId: card.id, baseVersion: current.version, changes: { title: newTitle, summary: longSummary } });
  current = await wire.send("card:publish", { cardId: card.id, baseVersion: current.version, kind: "update" });
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText(newTitle, { timeout: LIVE_MS });
  await expect(frame.locator(".nd-summary")).toHaveText(longSummary);
  await expectSizedToContent(page);
  const grown = await heights(page);
  expect(grown.outer).toBeGreaterThan(before.outer + 100);
  expect(await page.evaluate(() => (window as unknown as { mark?: number }).mark)).toBe(1);
  expect(await frameHandle.evaluate(() => (window as unknown as { mark?: number }).mark)).toBe(1);

  // A correction: labelled, with its note and date.
  const note = "An earlier version said the talks were on Monday.";
  current = await wire.send("card:update", { cardId: card.id, baseVersion: current.version, changes: { summary: `${longSummary} The talks are on Tuesday.` } });
  current = await wire.send("card:publish", { cardId: card.id, baseVersion: current.version, kind: "correction", note });
  const correction = frame.locator(".nd-corrections li");
  await expect(correction).toHaveCount(1, { timeout: LIVE_MS });
  await expect(correction).toContainText(`Correction: ${note}`);
  await expect(correction.locator("time")).toHaveText(/^\d{1,2} \w{3} \d{4}, \d\d:\d\d \(Bogota\)$/);
  await expectSizedToContent(page);
  await page.screenshot({ path: `${SHOTS}/embed-host-live.png`, fullPage: true });

  // Forged size messages from the partner page itself are ignored (wrong origin and source).
  const sized = (await heights(page)).outer;
  await page.evaluate(
    ([type, id]) => window.postMessage({ type, cardId: id, height: 3000 }, "*"),
    [EMBED_SIZE_MESSAGE, card.id] as const,
  );
  await page.waitForTimeout(300);
  expect((await heights(page)).outer).toBe(sized);

  // Unpublished: the embed says so, and the card's text leaves the page.
  await wire.send("card:setStatus", { cardId: card.id, baseVersion: current.version, status: "draft" });
  await expect(frame.getByText(GONE)).toBeVisible({ timeout: LIVE_MS });
  expect(await frame.locator("main").evaluate((el) => (el as HTMLElement).innerText.trim())).toBe(GONE);
  await expect(frame.locator("main")).not.toContainText(newTitle);
  await expect(frame.locator("main")).not.toContainText("Point 1:");
  await expectSizedToContent(page);
  expect((await heights(page)).outer).toBeLessThan(before.outer);

  // Its URL now answers 410, with nothing of the card.
  const gone = await request.get(embedCardPath(card.id));
  expect(gone.status()).toBe(410);
  const goneHtml = await gone.text();
  expect(goneHtml).toContain(GONE);
  expect(goneHtml).not.toContain(newTitle);

  expect(reader.problems).toEqual([]);
  await page.context().close();
  await wire.send("card:delete", { cardId: card.id });
});

test("a draft's embed URL is a 404 that shows nothing of the draft; odd ids are 404s too", async ({ request }) => {
  const title = unique("Embargoed draft about the ELN");
  const summary = unique("Secret working notes");
  const draft = await wire.send("card:create", { storyId: wire.storyId, title, summary });
  try {
    const res = await request.get(embedCardPath(draft.id));
    expect(res.status()).toBe(404);
    const html = await res.text();
    expect(html).toContain("This card is not available.");
    expect(html).not.toContain(title);
    expect(html).not.toContain(summary);
    expect(res.headers()["cache-control"]).toBe("no-store");
    expect(res.headers()["content-type"]).toContain("text/html");
  } finally {
    await wire.send("card:delete", { cardId: draft.id });
  }

  for (const id of ["../../../etc/passwd", "ünïcødé ✓ 卡片", "x".repeat(5_000), `"><script>alert(1)</script>`, "%", " "]) {
    const res = await request.get(embedCardPath(id));
    expect(res.status(), id.slice(0, 40)).toBe(404);
    expect(await res.text()).not.toContain("<script>alert");
  }
  // A malformed escape never reaches the route (Next refuses it for every dynamic route), and
  // the server keeps serving.
  const malformed = await request.get("/embed/cards/%E0%A4%A");
  expect(malformed.ok()).toBe(false);
  expect((await request.get("/api/health")).ok()).toBe(true);
});

test("the loader embeds each placeholder once, even when included twice, and placeholders added later", async ({ browser }) => {
  const [a, b] = wire.cards.filter((c) => c.status === "published");
  const reader = await openPartnerPage(browser, `${partner.origin}/?card=${encodeURIComponent(a.id)}&twice`);
  const { page } = reader;
  await expect(inFrame(page).getByRole("heading", { level: 1 })).toHaveText(a.title);
  await expect(page.locator("iframe")).toHaveCount(1);

  await page.evaluate((id) => {
    const el = document.createElement("div");
    el.setAttribute("data-newsdesk-card", id);
    document.getElementById("after")!.before(el);
  }, b.id);
  await expect(page.locator("iframe")).toHaveCount(2);
  await expect(inFrame(page, 1).getByRole("heading", { level: 1 })).toHaveText(b.title);
  await expectSizedToContent(page, 1);
  for (const el of await page.locator("[data-newsdesk-card]").all()) await expect(el.locator("iframe")).toHaveCount(1);
  expect(reader.problems).toEqual([]);
  await page.context().close();
});
