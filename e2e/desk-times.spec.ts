/**
 * One time style on the desk (lib/format/time.ts): the feed, Activity and the story's coverage
 * line write moments alike, and Activity says which card moved and names statuses by label.
 */
import { expect } from "@playwright/test";
import { card, createCard, test, uniqueTitle } from "./fixtures/desk";

const DATE_TIME = /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d (UTC|\([A-Za-z ]+\))$/;

test("the desk writes times one way, and Activity names the moved card and statuses by label", async ({ openDesk }) => {
  const page = await openDesk("Tess Times");
  const title = uniqueTitle("Times card");
  await createCard(page, title);
  const item = card(page, title);
  await item.getByRole("button", { name: "Send to review" }).click();
  await expect(item.getByTestId("status")).toHaveText("In review");
  await item.getByRole("button", { name: `Move “${title}” up` }).click();

  // The coverage line: in the story's zones, in the one style.
  for (const t of await page.getByTestId("local-times").first().locator("time").allTextContents()) expect(t).toMatch(DATE_TIME);

  // A live update: a clock with its zone.
  const panel = page.getByRole("region", { name: "Live updates" });
  const text = uniqueTitle("Times post");
  await panel.getByRole("textbox", { name: "New live update" }).fill(text);
  await panel.getByRole("button", { name: "Post update" }).click();
  await expect(page.getByTestId("feed-item").filter({ hasText: text }).locator("time").first()).toHaveText(/^\d\d:\d\d:\d\d UTC$/);

  await item.getByRole("button", { name: "Activity" }).click();
  const log = page.getByRole("dialog", { name: `Activity: “${title}”` });
  const entries = log.getByTestId("activity-entry");
  await expect(entries.filter({ hasText: `moved "${title}" to position` })).toHaveCount(1);
  await expect(entries.filter({ hasText: "status: Draft → In review" })).toHaveCount(1);
  await expect(log.getByText("in_review")).toHaveCount(0);
  for (const t of await entries.locator("time").allTextContents()) expect(t).toMatch(DATE_TIME);
});
