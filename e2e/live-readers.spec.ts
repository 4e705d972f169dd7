/**
 * The light live page as readers meet it: no React runtime, one small script; a screen reader
 * hears of new posts through a polite live region; a reader whose network refuses WebSockets still
 * gets new posts, by polling the cached feed API with If-None-Match, without any alarming message;
 * the page and the card page are cacheable and answer conditional requests with 304.
 */
import { expect, type Request } from "@playwright/test";
import type { Socket } from "socket.io-client";
import { openDeskSocket } from "./fixtures/desk-socket";
import { sessionCookie } from "./fixtures/accounts";
import { STORY_SLUG, test } from "./fixtures/desk";

const LIVE_PATH = `/live/${STORY_SLUG}`;
/** The page polls every 10 s (components/live/poll.ts), give or take a second. */
const POLL_WINDOW_MS = 12_000;

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 8)}`;

async function postOverSocket(baseURL: string, text: string): Promise<void> {
  const cookie = await sessionCookie(baseURL, "Reader Desk");
  const socket: Socket = await openDeskSocket(baseURL, cookie);
  try {
    const join = await socket.timeout(5_000).emitWithAck("story:join", { slug: STORY_SLUG, clientId: "e2e-reader-desk-01" });
    expect(join.ok).toBe(true);
    const ack = await socket.timeout(5_000).emitWithAck("feed:post", { body: `<p>${text}</p>` });
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
  } finally {
    socket.disconnect();
  }
}

test("the live page runs on one small script, and a screen reader hears of new posts", async ({ page, baseURL }) => {
  const scripts: string[] = [];
  page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname));
  await page.goto(LIVE_PATH);
  await expect(page.getByTestId("live-state")).toHaveText("Live");
  expect(scripts).toEqual(["/live/page.js"]);
  await expect(page.getByRole("main")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Petro meets Trump at the White House");
  await expect(page.getByRole("region", { name: "Live updates" })).toBeVisible();

  const text = unique("Statement from the Oval Office");
  await postOverSocket(baseURL!, text);
  await expect(page.getByTestId("live-feed").getByText(text)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "new update" })).toHaveText("1 new update");
});

test("with WebSockets blocked, the page polls the cached feed API and shows a new post within its interval", async ({ page, baseURL }) => {
  // 5 s for the socket, up to 3 s to the first poll, then one 10 s interval: more than the default 30 s on a busy machine.
  test.setTimeout(60_000);
  // A proxy that refuses WebSockets: every upgrade is closed at once.
  await page.routeWebSocket(/\/socket\.io\//, (ws) => ws.close({ code: 1008, reason: "blocked" }));
  const polls: Request[] = [];
  page.on("request", (r) => r.url().includes(`/api/stories/${STORY_SLUG}/updates`) && polls.push(r));
  await page.goto(LIVE_PATH);
  // Polling is still live for the reader: no error, no "offline" (the page gives the socket 5 s first).
  await expect(page.getByTestId("live-state")).toHaveText("Live", { timeout: 20_000 });
  await expect.poll(() => polls.length).toBeGreaterThan(0);

  const text = unique("Posted while the reader polls");
  await postOverSocket(baseURL!, text);
  await expect(page.getByTestId("live-feed").getByText(text)).toBeVisible({ timeout: POLL_WINDOW_MS });
  // The second poll carried the first one's ETag.
  expect(polls.length).toBeGreaterThan(1);
  expect(await polls[1].headerValue("if-none-match")).toMatch(/^"[\w-]+"$/);
});

test("the live page and a card page are cacheable and answer a conditional request with 304", async ({ request }) => {
  const story = (await (await request.get(`/api/stories/${STORY_SLUG}`)).json()) as { story: { cards: { id: string }[] } };
  for (const path of [LIVE_PATH, `/cards/${story.story.cards[0].id}`, `/api/stories/${STORY_SLUG}/updates`, `${LIVE_PATH}/atom.xml`]) {
    const first = await request.get(path);
    expect(first.status(), path).toBe(200);
    expect(first.headers()["cache-control"], path).toMatch(/^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/);
    const etag = first.headers()["etag"];
    expect(etag, path).toBeTruthy();
    const again = await request.get(path, { headers: { "If-None-Match": etag } });
    expect(again.status(), path).toBe(304);
  }
  // Anything signed-in is never stored by a cache.
  expect((await request.get("/api/auth/me")).headers()["cache-control"]).toContain("no-store");
});
