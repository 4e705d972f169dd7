/**
 * The live feed as an editor and a reader see it: what the editor does in the desk's feed panel
 * reaches a reader's /live page within a second, without a reload; a reader who has scrolled
 * down is never moved; the page carries LiveBlogPosting data and the Atom feed has the posts.
 */
import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import type { Socket } from "socket.io-client";
import { openDeskSocket } from "./fixtures/desk-socket";
import { sessionCookie } from "./fixtures/accounts";
import { STORY_SLUG, test as deskTest } from "./fixtures/desk";

const LIVE_PATH = `/live/${STORY_SLUG}`;
/** How fast a change must show on the reader's page. */
const LIVE_MS = 1_000;

const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 8)}`;

/** `openReader()`: a fresh browser on the live page, connected. Closed after the test. */
const test = deskTest.extend<{ openReader: () => Promise<Page> }>({
  openReader: async ({ browser }, provide) => {
    const opened: Page[] = [];
    await provide(async () => {
      const page = await openReaderIn(browser);
      opened.push(page);
      return page;
    });
    for (const page of opened) await page.context().close();
  },
});

async function openReaderIn(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(LIVE_PATH);
  await expect(page.getByTestId("live-state")).toHaveText("Live");
  return page;
}

/** A reader's update with this text, in the feed (not the pinned copy). */
const readerUpdate = (reader: Page, text: string): Locator =>
  reader.getByTestId("live-feed").getByTestId("live-update").filter({ hasText: text });

const feedItem = (desk: Page, text: string): Locator => desk.getByTestId("feed-item").filter({ hasText: text });

async function postInDesk(desk: Page, text: string): Promise<void> {
  const panel = desk.getByRole("region", { name: "Live updates" });
  await panel.getByRole("textbox", { name: "New live update" }).fill(text);
  await panel.getByRole("button", { name: "Post update" }).click();
  await expect(feedItem(desk, text)).toBeVisible();
}

async function editInDesk(desk: Page, from: string, to: string, correction?: { note: string }): Promise<void> {
  // Held by id: once the text is replaced, the item no longer contains `from`.
  const id = await feedItem(desk, from).getAttribute("data-update-id");
  const item = desk.locator(`[data-testid="feed-item"][data-update-id="${id}"]`);
  await item.getByRole("button", { name: /^Edit update/ }).click();
  await item.getByRole("textbox", { name: "Edit update" }).fill(to);
  if (correction) {
    await item.getByLabel("Label as a correction").check();
    await item.getByLabel("Correction note").fill(correction.note);
    await item.getByRole("button", { name: "Publish correction" }).click();
  } else {
    await item.getByRole("button", { name: "Save" }).click();
  }
  await expect(feedItem(desk, to).getByTestId("feed-body")).toHaveText(to);
}

/** Posts straight over Socket.IO as an editor would (for bulk set-up), and disconnects. */
async function postOverSocket(baseURL: string, texts: string[]): Promise<void> {
  const cookie = await sessionCookie(baseURL, "Wire Desk");
  const socket: Socket = await openDeskSocket(baseURL, cookie);
  try {
    const join = await socket.timeout(5_000).emitWithAck("story:join", { slug: STORY_SLUG, clientId: "e2e-wire-desk-01" });
    expect(join.ok).toBe(true);
    for (const text of texts) {
      const ack = await socket.timeout(5_000).emitWithAck("feed:post", { body: `<p>${text}</p>` });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    }
  } finally {
    socket.disconnect();
  }
}

test("post, edit, correction, pin and delete in the desk reach the reader's page within a second", async ({ openDesk, openReader }) => {
  const desk = await openDesk("Elena Ruiz");
  const reader = await openReader();

  const posted = unique("Petro and Trump shake hands in the Oval Office");
  await postInDesk(desk, posted);
  await expect(readerUpdate(reader, posted)).toBeVisible({ timeout: LIVE_MS });
  // At the top of the page, the new post comes in first, without any button.
  await expect(reader.getByTestId("live-update").first()).toContainText(posted);
  await expect(reader.getByTestId("new-updates")).toHaveCount(0);

  // A quick fix right after posting: the text changes, no correction label.
  const fixed = unique("Petro and Trump shake hands in the Oval Office at 12.10");
  await editInDesk(desk, posted, fixed);
  await expect(readerUpdate(reader, fixed)).toBeVisible({ timeout: LIVE_MS });
  await expect(readerUpdate(reader, posted)).toHaveCount(0);
  await expect(readerUpdate(reader, fixed).getByTestId("correction")).toHaveCount(0);

  // A correction, labelled, with a note.
  const corrected = unique("Petro and Trump shake hands in the Cabinet Room at 12.10");
  await editInDesk(desk, fixed, corrected, { note: "The handshake was in the Cabinet Room" });
  await expect(readerUpdate(reader, corrected)).toBeVisible({ timeout: LIVE_MS });
  await expect(readerUpdate(reader, corrected).getByTestId("correction")).toHaveText(
    /^Corrected at \d\d:\d\d UTC: The handshake was in the Cabinet Room$/,
    { timeout: LIVE_MS },
  );
  await expect(feedItem(desk, corrected)).toContainText("Corrected at");

  // Pinned: shown on top of the reader's page.
  await feedItem(desk, corrected).getByRole("button", { name: "Pin" }).click();
  await expect(feedItem(desk, corrected).getByRole("button", { name: "Unpin" })).toBeVisible();
  await expect(reader.getByTestId("pinned-update")).toContainText(corrected, { timeout: LIVE_MS });
  await expect(reader.getByTestId("pinned-update")).toContainText("Pinned");

  // Deleted (after confirming): gone from the reader's feed and from the pinned slot.
  await feedItem(desk, corrected).getByRole("button", { name: "Delete" }).click();
  await desk.getByRole("dialog", { name: "Delete this update?" }).getByRole("button", { name: "Delete update" }).click();
  await expect(feedItem(desk, corrected)).toHaveCount(0);
  await expect(readerUpdate(reader, corrected)).toHaveCount(0, { timeout: LIVE_MS });
  await expect(reader.getByTestId("pinned-update")).toHaveCount(0, { timeout: LIVE_MS });

  // None of it needed a reload, and a reload agrees.
  await reader.reload();
  await expect(reader.getByText(corrected)).toHaveCount(0);
});

test("a reader who has scrolled down is not moved: new posts wait behind the “N new updates” button", async ({ openDesk, openReader, baseURL }) => {
  // Enough posts for a long page.
  await postOverSocket(baseURL!, Array.from({ length: 20 }, (_, i) => unique(`Background ${i + 1}: the long road to the White House.`)));
  const desk = await openDesk("Elena Ruiz");
  const reader = await openReader();
  await reader.evaluate(() => window.scrollTo(0, 800));
  await expect.poll(() => reader.evaluate(() => window.scrollY)).toBe(800);

  const first = unique("Trump: the talks were very good");
  await postInDesk(desk, first);
  const button = reader.getByTestId("new-updates");
  await expect(button).toHaveText(/^1 new update\b/, { timeout: LIVE_MS });
  await expect(button).toBeInViewport();
  expect(await reader.evaluate(() => window.scrollY)).toBe(800);
  await expect(readerUpdate(reader, first)).toHaveCount(0);

  const second = unique("Petro: we spoke about Venezuela");
  await postInDesk(desk, second);
  await expect(button).toHaveText(/^2 new updates\b/, { timeout: LIVE_MS });
  expect(await reader.evaluate(() => window.scrollY)).toBe(800);

  await button.click();
  await expect(readerUpdate(reader, second)).toBeVisible();
  await expect(readerUpdate(reader, first)).toBeVisible();
  await expect(reader.getByTestId("live-update").first()).toContainText(second);
  await expect(button).toHaveCount(0);
  await expect.poll(() => reader.evaluate(() => window.scrollY)).toBe(0);
  // The button is gone: a keyboard or screen-reader user lands on the newest post, not at the top.
  await expect(reader.getByTestId("live-update").first()).toBeFocused();
});

test("the live page carries LiveBlogPosting data and the Atom feed has the posts", async ({ page, request, baseURL }) => {
  const text = unique("Joint statement: cooperation against the ELN");
  await postOverSocket(baseURL!, [text]);

  await page.goto(LIVE_PATH);
  const json = await page.locator('script[type="application/ld+json"]').textContent();
  const ld = JSON.parse(json!) as { "@type": string; headline: string; liveBlogUpdate: { "@type": string; articleBody: string; url: string }[] };
  expect(ld["@type"]).toBe("LiveBlogPosting");
  expect(ld.headline).toBe("Petro meets Trump at the White House");
  const mine = ld.liveBlogUpdate.find((u) => u.articleBody === text);
  expect(mine).toMatchObject({ "@type": "BlogPosting" });
  expect(mine!.url).toMatch(new RegExp(`${LIVE_PATH}#update-\\d+$`));
  // The feed is advertised to browsers and readers.
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", /\/atom\.xml$/);

  const atom = await request.get(`${LIVE_PATH}/atom.xml`);
  expect(atom.status()).toBe(200);
  expect(atom.headers()["content-type"]).toContain("application/atom+xml");
  const xml = await atom.text();
  expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
  expect(xml).toContain(`<title>${text}</title>`);
  expect(xml).toContain(`&#60;p&#62;${text}&#60;/p&#62;`);
});
