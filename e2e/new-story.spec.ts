/**
 * The next story, in browsers: an editor pastes an article, edits the proposed cards and creates
 * the story; a colleague sees it appear in the story list without reloading and opens it; the
 * first editor ends coverage and an anonymous reader on the live page sees it end, live.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { accountFor } from "./fixtures/accounts";
import { expectConnected, signedInContext, test } from "./fixtures/desk";

const ARTICLE = readFileSync(join(process.cwd(), "tests/fixtures/articles/harbour-strike.txt"), "utf8");

async function openList(page: Page) {
  await page.goto("/");
  await expect(page.locator("section[data-watching='true']")).toBeVisible();
}

test("paste an article, edit the proposals, create the story; a colleague opens it; ending coverage reaches readers live", async ({ browser, baseURL }) => {
  const suffix = Math.random().toString(36).slice(2, 7);
  const headline = `Rotterdam dockers strike ${suffix}`;
  const ana = await (await signedInContext(browser, baseURL!, accountFor("Ana Gómez", "editor"))).newPage();
  const ben = await (await signedInContext(browser, baseURL!, accountFor("Ben Ortiz", "editor"))).newPage();
  const reader = await (await browser.newContext()).newPage();
  try {
    await openList(ben);
    await openList(ana);
    await ana.getByRole("link", { name: "New story" }).click();
    await expect(ana.getByRole("heading", { name: "New story" })).toBeVisible();

    await ana.getByLabel("Headline").fill(headline);
    await expect(ana.getByLabel("Slug (its public address)")).toHaveValue(`rotterdam-dockers-strike-${suffix}`);
    await ana.getByLabel("Time zones of the event").fill("Europe/Amsterdam, Mars/Base");
    await expect(ana.getByText('"Mars/Base" is not a time-zone name')).toBeVisible();
    await ana.getByLabel("Time zones of the event").fill("Europe/Amsterdam, America/New_York");
    await ana.getByRole("textbox", { name: "Source article" }).fill(ARTICLE);
    await ana.getByRole("button", { name: "Propose cards" }).click();

    const proposals = ana.getByTestId("proposal");
    await expect(proposals.first()).toBeVisible();
    const proposed = await proposals.count();
    expect(proposed).toBeGreaterThan(3);
    // Rename the first, drop the second, merge the (new) second with the third, add one by hand.
    await ana.getByLabel("Title of card 1").fill("The strike and the union's demands");
    await proposals.nth(1).getByRole("button", { name: "Drop" }).click();
    await proposals.nth(1).getByRole("button", { name: "Merge with next" }).click();
    await ana.getByLabel("Move card 2 up").click();
    await ana.getByRole("button", { name: "Add a card" }).click();
    const last = await proposals.count();
    await ana.getByLabel(`Title of card ${last}`).fill("What readers can do");
    expect(last).toBe(proposed - 1);
    await expect(ana.getByLabel("Title of card 2")).toHaveValue("The strike and the union's demands");

    if (process.env.SCREENSHOTS) {
      await ana.screenshot({ path: "docs/screenshot-new-story.png", fullPage: true });
      await ana.setViewportSize({ width: 390, height: 844 });
      await ana.getByRole("heading", { name: "3. Draft cards" }).scrollIntoViewIfNeeded();
      await ana.screenshot({ path: "docs/screenshot-new-story-phone.png" });
      await ana.setViewportSize({ width: 1280, height: 720 });
    }

    await ana.getByRole("button", { name: `Create story with ${last} cards` }).click();
    await ana.waitForURL(`**/stories/rotterdam-dockers-strike-${suffix}`);
    await expectConnected(ana);
    await expect(ana.getByTestId("card")).toHaveCount(last);
    await expect(ana.getByTestId("card-title").nth(1)).toHaveText("The strike and the union's demands");
    await expect(ana.getByTestId("story-state")).toContainText("(Amsterdam)");

    // Ben's list shows the story without a reload; he opens it.
    const item = ben.getByTestId("story-item").filter({ hasText: headline });
    await expect(item).toBeVisible();
    await expect(item).toContainText(`${last} cards`);
    await item.click();
    await expectConnected(ben);
    await expect(ben.getByTestId("card")).toHaveCount(last);

    // The source is on the desk, never on the live page.
    await ben.getByRole("button", { name: "Source" }).click();
    await expect(ben.getByTestId("source-dialog")).toContainText("Dock workers at the port of Rotterdam");

    await reader.goto(`/live/rotterdam-dockers-strike-${suffix}`);
    await expect(reader.getByTestId("live-state")).toHaveText(/Live/);
    await expect(reader.getByTestId("coverage-window")).toContainText("(New York)");
    await expect(reader.locator("body")).not.toContainText("Dock workers at the port");

    await ana.getByRole("button", { name: "End coverage" }).click();
    await expect(reader.getByTestId("coverage-ended")).toHaveText("Live coverage has ended.");
    await expect(ben.getByTestId("story-state")).toContainText("Coverage ended");
    await expect(ana.getByRole("button", { name: "Reopen coverage" })).toBeVisible();
  } finally {
    await ana.context().close();
    await ben.context().close();
    await reader.context().close();
  }
});
