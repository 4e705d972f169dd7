/**
 * Rich live coverage as people use it: a live editor posts a photo and a YouTube link from the
 * keyboard alone; a reader gets the photo (srcset, fixed size) and a click-to-load placeholder with
 * no request to any third party until the click; the key-points box follows live; on a phone the
 * composer is one tap away.
 */
import { expect, request as playwrightRequest, type Page } from "@playwright/test";
import sharp from "sharp";
import { expectNoSeriousViolations } from "./fixtures/axe";
import { openDeskSocket } from "./fixtures/desk-socket";
import { accountFor, sessionCookie } from "./fixtures/accounts";
import { STORY_PATH, STORY_SLUG, expectConnected, signedInContext, test } from "./fixtures/desk";

const LIVE_PATH = `/live/${STORY_SLUG}`;
const unique = (text: string) => `${text} ${Math.random().toString(36).slice(2, 8)}`;

/** Every request the page makes to a host other than ours. */
function thirdPartyRequests(page: Page, baseURL: string): string[] {
  const ours = new URL(baseURL).host;
  const seen: string[] = [];
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.protocol.startsWith("http") && url.host !== ours) seen.push(req.url());
  });
  return seen;
}

/** Posts over the desk socket (set-up for the reader's tests), and returns the ack's data. */
async function postOverSocket(baseURL: string, payload: Record<string, unknown>) {
  const socket = await openDeskSocket(baseURL, await sessionCookie(baseURL, "Wire Desk"));
  try {
    expect((await socket.timeout(5_000).emitWithAck("story:join", { slug: STORY_SLUG, clientId: "e2e-rich-desk-01" })).ok).toBe(true);
    const ack = await socket.timeout(5_000).emitWithAck("feed:post", payload);
    expect(ack.ok, JSON.stringify(ack)).toBe(true);
    return ack.data as { id: number; version: number };
  } finally {
    socket.disconnect();
  }
}

test("a live editor posts a photo with alt text and a YouTube link with the keyboard only", async ({ openDesk, baseURL }) => {
  // A desk sign-in, an upload processed by sharp and a post: ~20 s on a busy 2-core machine.
  test.slow();
  const desk = await openDesk("Keyboard Kim");
  const outside = thirdPartyRequests(desk, baseURL!);
  const headline = unique("Handshake at the Oval Office");
  const photo = await sharp({ create: { width: 1400, height: 900, channels: 3, background: "#2b4c7e" } }).jpeg().toBuffer();

  // From anywhere on the desk, the shortcut lands in the composer.
  await desk.keyboard.press("Alt+Shift+L");
  const box = desk.getByRole("textbox", { name: "New live update" });
  await expect(box).toBeFocused();
  // /photo opens the file picker; the keyboard then waits in the alt-text field.
  const chooser = desk.waitForEvent("filechooser");
  await desk.keyboard.type("/photo");
  await desk.keyboard.press("Space");
  await (await chooser).setFiles({ name: "handshake.jpg", mimeType: "image/jpeg", buffer: photo });
  const alt = desk.getByRole("textbox", { name: "Alt text (required)" });
  await expect(alt).toBeFocused();
  await expectNoSeriousViolations(desk, "desk composer with a photo attached");
  await desk.keyboard.type("Petro and Trump shake hands in the Oval Office");
  // Back to the text, then the headline field right above it.
  await desk.keyboard.press("Alt+Shift+L");
  await desk.keyboard.type("The two presidents greet each other before the talks.");
  await desk.keyboard.press("Enter");
  await desk.keyboard.type("/embed");
  await desk.keyboard.press("Space");
  await expect(desk.getByRole("textbox", { name: /Link or post from X, YouTube/ })).toBeFocused();
  await desk.keyboard.type("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  await desk.getByRole("textbox", { name: "Headline (optional)" }).first().focus();
  await desk.keyboard.type(headline);
  await desk.keyboard.press("Control+Enter");

  const item = desk.getByTestId("feed-item").filter({ hasText: headline });
  await expect(item).toBeVisible();
  await expect(item.getByRole("img", { name: "Petro and Trump shake hands in the Oval Office" })).toBeVisible();
  await expect(item.getByText("YouTube post:")).toBeVisible();
  // Ready for the next one: an empty composer with the keyboard in it, every field reset.
  await expect(box).toBeFocused();
  await expect(box).toHaveText("");
  await expect(desk.getByRole("textbox", { name: "Headline (optional)" }).first()).toHaveValue("");
  await expect(desk.getByRole("combobox", { name: "About" })).toHaveValue("");
  await expect(desk.getByRole("textbox", { name: /Link or post from/ })).toHaveValue("");
  await expect(desk.getByText("Add photo")).toBeVisible();
  // The desk's preview never called YouTube.
  expect(outside).toEqual([]);
});

test("a reader sees the photo with srcset and the placeholder, and nothing loads from a platform before the click", async ({ browser, baseURL }) => {
  // Two sign-ins, an upload processed by sharp, the live page and an axe scan of it.
  test.slow();
  const headline = unique("Reader photo and video");
  // The photo goes through the real upload route, as the desk sends it.
  const cookie = await sessionCookie(baseURL!, "Wire Desk");
  const api = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie } });
  const { csrfToken: csrf } = (await (await api.get("/api/auth/me")).json()) as { csrfToken: string };
  const file = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#7e2b2b" } }).jpeg().toBuffer();
  const upload = await api.post("/api/photos", { data: file, headers: { "content-type": "application/octet-stream", "x-csrf-token": csrf } });
  expect(upload.status(), await upload.text()).toBe(201);
  const { key } = (await upload.json()) as { key: string };
  const refused = await api.post("/api/photos", { data: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), headers: { "x-csrf-token": csrf } });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/SVG/);
  const noToken = await api.post("/api/photos", { data: file });
  expect(noToken.status()).toBe(403);
  await api.dispose();
  await postOverSocket(baseURL!, { body: "<p>Photo and video</p>", headline, photo: { key, alt: "The Oval Office", caption: "Before the talks" }, embedUrl: "https://youtu.be/dQw4w9WgXcQ" });

  const page = await (await browser.newContext()).newPage();
  const outside = thirdPartyRequests(page, baseURL!);
  // Nothing may leave this machine: a platform frame gets a stub once the reader asks for it.
  await page.route("https://www.youtube-nocookie.com/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<p>video</p>" }));
  await page.goto(LIVE_PATH);
  await expect(page.getByTestId("live-state")).toHaveText("Live");
  const post = page.getByTestId("live-feed").getByTestId("live-update").filter({ hasText: headline });
  await expect(post.getByRole("heading", { name: headline })).toBeVisible();
  const img = post.getByRole("img", { name: "The Oval Office" });
  await expect(img).toHaveAttribute("srcset", new RegExp(`/media/photos/${key}/320\\.jpg 320w, .*1200\\.jpg 1200w`));
  await expect(img).toHaveAttribute("width", "1200");
  await expect(img).toHaveAttribute("height", "800");
  await expect(post.locator("picture source[type='image/webp']")).toHaveAttribute("srcset", /640\.webp 640w/);
  const photo = await page.request.get(`/media/photos/${key}/640.webp`);
  expect(photo.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(photo.headers()["content-type"]).toBe("image/webp");

  const placeholder = post.getByTestId("embed-placeholder");
  await expect(placeholder).toContainText("YouTube");
  await expectNoSeriousViolations(page, "live page with a photo and an embed placeholder");
  const before = await placeholder.boundingBox();
  await page.waitForLoadState("networkidle");
  expect(outside).toEqual([]);
  expect(await page.locator("iframe").count()).toBe(0);

  await placeholder.getByRole("button", { name: "Load post from YouTube" }).click();
  const frame = post.locator("iframe");
  await expect(frame).toHaveAttribute("src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
  await expect.poll(() => outside.some((u) => u.startsWith("https://www.youtube-nocookie.com/"))).toBe(true);
  // The frame takes the placeholder's place: same size, nothing below moves.
  const after = await post.getByTestId("embed-placeholder").boundingBox();
  expect(Math.round(after!.height)).toBe(Math.round(before!.height));
  await page.context().close();
});

test("the key-points box follows live: a post marked as key appears at its top, with its headline linking to it", async ({ browser, baseURL }) => {
  const headline = unique("Key: talks end");
  const page = await (await browser.newContext()).newPage();
  await page.goto(LIVE_PATH);
  await expect(page.getByTestId("live-state")).toHaveText("Live");
  const { id } = await postOverSocket(baseURL!, { body: "<p>The meeting is over.</p>", headline, keyEvent: true });
  const keyPoints = page.getByRole("region", { name: "Key points" });
  await expect(keyPoints.getByRole("link").first()).toHaveText(headline);
  await expect(keyPoints.getByRole("link").first()).toHaveAttribute("href", `#update-${id}`);
  await page.context().close();
});

test("on a phone, the composer is one tap away from anywhere on the desk", async ({ browser, baseURL }) => {
  const context = await signedInContext(browser, baseURL!, accountFor("Phone Pia", "editor"));
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(STORY_PATH);
  await expectConnected(page);
  const box = page.getByRole("textbox", { name: "New live update" });
  await expect(box).not.toBeInViewport();
  await page.getByTestId("desk-tabs").getByRole("button", { name: "Live" }).click();
  await expect(box).toBeInViewport();
  await expect(box).toBeFocused();
  await page.screenshot({ path: "test-results/phone-live-composer.png" });
  await context.close();
});
