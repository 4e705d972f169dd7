/**
 * The public side on the real server: framing headers (embeds framable by anyone, everything
 * else by no one, the embed under a strict CSP), the public card page with oEmbed discovery, and
 * a draft that no public URL reveals.
 */
import { expect, type APIRequestContext } from "@playwright/test";
import { STORY_SLUG, createCard, test, uniqueTitle } from "./fixtures/desk";

type PublicCardJson = { id: string; title: string; summary: string };

async function publishedCards(request: APIRequestContext): Promise<PublicCardJson[]> {
  const res = await request.get(`/api/stories/${STORY_SLUG}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { story: { cards: PublicCardJson[] } }).story.cards;
}

test("the desk and public pages refuse framing; embed frames allow any site under a strict CSP", async ({ request }) => {
  const [card] = await publishedCards(request);
  for (const path of ["/", `/stories/${STORY_SLUG}`, `/live/${STORY_SLUG}`, `/cards/${card.id}`, "/api/health"]) {
    const res = await request.get(path);
    expect(res.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(res.headers()["x-frame-options"], path).toBe("DENY");
  }
  const embed = await request.get(`/embed/cards/${card.id}`);
  expect(embed.status()).toBe(200);
  const csp = embed.headers()["content-security-policy"];
  expect(csp).toContain("frame-ancestors *");
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(embed.headers()["x-frame-options"]).toBeUndefined();
});

test("a published card's public page shows its published revision and advertises oEmbed", async ({ page, request }) => {
  const [card] = await publishedCards(request);
  const response = await page.goto(`/cards/${card.id}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(card.title);
  const discovery = page.locator('link[rel="alternate"][type="application/json+oembed"]');
  const href = await discovery.getAttribute("href");
  expect(href).toContain("/api/oembed?url=");
  const oembed = await request.get(href!);
  expect(oembed.status()).toBe(200);
  expect(await oembed.json()).toMatchObject({ type: "rich", version: "1.0", title: card.title });
  // The story link leads to the live page.
  await page.getByRole("link", { name: /Petro meets Trump/ }).click();
  await expect(page).toHaveURL(new RegExp(`/live/${STORY_SLUG}$`));
});

test("a draft made on the desk is reachable through no public URL", async ({ openDesk, request }) => {
  const desk = await openDesk("Dora");
  const title = uniqueTitle("Embargoed draft");
  await createCard(desk, title, "Not for readers");
  const id = await desk.getByTestId("card").filter({ hasText: title }).getAttribute("data-card-id");
  expect(id).toBeTruthy();
  for (const path of [`/cards/${id}`, `/embed/cards/${id}`, `/api/cards/${id}`]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(404);
    expect(await res.text(), path).not.toContain(title);
  }
  const origin = new URL(desk.url()).origin;
  const oembed = await request.get(`/api/oembed?url=${encodeURIComponent(`${origin}/cards/${id}`)}`);
  expect(oembed.status()).toBe(404);
  expect(JSON.stringify(await publishedCards(request))).not.toContain(title);
  const live = await request.get(`/live/${STORY_SLUG}`);
  expect(await live.text()).not.toContain(title);
});
