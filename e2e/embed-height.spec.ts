/**
 * An oEmbed consumer sizes the iframe from the answer's `height` before the frame loads, and many
 * (WordPress among them) never resize it: the height must fit what the frame renders — the
 * correction box and the footer included — at the width asked for, within `maxheight`. Where
 * the consumer keeps the html's script, the frame then keeps sizing itself.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type APIRequestContext } from "@playwright/test";
import type { Socket } from "socket.io-client";
import { openDeskSocket } from "./fixtures/desk-socket";
import { sessionCookie } from "./fixtures/accounts";
import { STORY_SLUG, test } from "./fixtures/desk";

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };
interface WireCard {
  id: string;
  title: string;
  summary: string;
  status: string;
  version: number;
}

let socket: Socket;
let cards: WireCard[] = [];

async function send<T = WireCard>(event: string, payload: unknown): Promise<T> {
  const ack = (await socket.timeout(5_000).emitWithAck(event, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(`${event}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

test.beforeAll(async ({ baseURL }) => {
  const cookie = await sessionCookie(baseURL!, "Embed Height Desk");
  socket = await openDeskSocket(baseURL!, cookie);
  cards = (await send<{ story: { cards: WireCard[] } }>("story:join", { slug: STORY_SLUG, clientId: `e2e-embed-height-${Date.now()}` })).story.cards;
});
test.afterAll(() => socket?.disconnect());

async function oembed(request: APIRequestContext, baseURL: string, id: string, query: string) {
  const res = await request.get(`/api/oembed?url=${encodeURIComponent(`${baseURL}/cards/${id}`)}&format=json${query}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { width: number; height: number; html: string };
}

test("the oEmbed height fits the frame as rendered (correction and footer included) at every width, within maxheight", async ({ browser, request, baseURL }) => {
  // A published three-paragraph card, republished as a correction with a note.
  const target = cards.filter((c) => c.status === "published").at(-1)!;
  const edited = await send("card:update", { cardId: target.id, baseVersion: target.version, changes: { summary: `${target.summary} (figures checked)` } });
  await send("card:publish", {
    cardId: target.id,
    baseVersion: edited.version,
    kind: "correction",
    note: "An earlier version gave the wrong date for the phone call between the two presidents; it was in January.",
  });
  const published = cards.filter((c) => c.status === "published").map((c) => c.id);
  const page = await (await browser.newContext()).newPage();
  for (const id of published) {
    for (const width of [640, 480, 360]) {
      const answer = await oembed(request, baseURL!, id, `&maxwidth=${width}`);
      expect(answer.width).toBe(width);
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`/embed/cards/${id}`);
      const rendered = await page.locator("main").evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
      if (id === target.id) await expect(page.locator(".nd-corrections li")).toHaveCount(1);
      // Nothing cut off, and not a page of empty space either.
      expect(answer.height, `card ${id} at ${width}px: the frame renders ${rendered}px`).toBeGreaterThanOrEqual(rendered);
      expect(answer.height, `card ${id} at ${width}px: the frame renders ${rendered}px`).toBeLessThanOrEqual(Math.ceil(rendered * 1.3) + 24);
    }
  }
  // maxheight still wins.
  expect((await oembed(request, baseURL!, target.id, "&maxwidth=360&maxheight=200")).height).toBe(200);
  await page.context().close();
});

test("where the consumer keeps the oEmbed html's script, the frame sizes itself to its content", async ({ browser, request, baseURL }) => {
  const target = cards.find((c) => c.status === "published")!;
  // The answer for a tiny maxheight: the frame starts too short, then sizes itself.
  const answer = await oembed(request, baseURL!, target.id, "&maxwidth=480&maxheight=150");
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><body><main><p>Partner text.</p>${answer.html}<p id="after">After the card.</p></main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const iframe = page.locator("iframe");
    const frame = page.frameLocator("iframe");
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText(target.title);
    const inner = await frame.locator("main").evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
    await expect.poll(async () => Math.round((await iframe.boundingBox())!.height)).toBe(inner);
    await page.context().close();
  } finally {
    server.close();
  }
});
