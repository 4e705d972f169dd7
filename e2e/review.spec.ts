/**
 * Review inside the desk: a desk chief comments on a sentence and mentions a colleague, who is
 * told by the bell and lands on the thread from it; a contributor suggests changes to a
 * published card; the chief accepts one and rejects the other, and the republished card has
 * exactly the accepted change.
 */
import { expect, type Locator, type Page } from "@playwright/test";
import { card, createCard, editorText, expectTextSaved, openText, STORY_SLUG, test, uniqueTitle } from "./fixtures/desk";

/** Set E2E_SHOTS_DIR to keep screenshots for a visual check. */
const SHOTS = process.env.E2E_SHOTS_DIR;

async function typeText(page: Page, title: string, editor: Locator, text: string) {
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
  await expect.poll(() => editorText(editor), { timeout: 10_000 }).toBe(text);
  await expectTextSaved(page, title);
}

/** Selects the first `length` characters of the text. */
async function selectStart(page: Page, editor: Locator, length: number) {
  await editor.click();
  await page.keyboard.press("ControlOrMeta+Home");
  for (let i = 0; i < length; i++) await page.keyboard.press("Shift+ArrowRight");
}

async function publish(page: Page, title: string, button = "Publish") {
  const item = card(page, title);
  await item.getByRole("button", { name: button, exact: true }).click();
  const dialog = page.getByTestId("publish-dialog");
  await dialog.getByRole("button", { name: /^Publish (now|update)$/ }).click();
  await expect(dialog).toBeHidden();
  await expect(item.getByTestId("status")).toHaveText("Published");
}

test("Ana comments on a sentence and mentions Ben; Ben's bell shows 1 and its link opens the thread", async ({ openDesk }) => {
  // Two people, accounts made on first use, typing and a page load: more than the default 30 s here.
  test.slow();
  const ben = await openDesk("Ben Review");
  const ana = await openDesk("Ana Review");
  const title = uniqueTitle("Comment here");
  await createCard(ana, title);
  const editor = await openText(ana, title);
  await typeText(ana, title, editor, "Petro met Trump. They spoke for two hours.");

  await selectStart(ana, editor, 15);
  await card(ana, title).getByRole("button", { name: "Comment", exact: true }).click();
  const box = card(ana, title).getByRole("combobox", { name: "New comment" });
  await box.pressSequentially("@Be");
  await ana.getByRole("option", { name: "Ben Review" }).click();
  await box.pressSequentially("can you confirm the time?");
  await card(ana, title).getByRole("button", { name: "Comment", exact: true }).click();
  const thread = card(ana, title).getByTestId("thread");
  await expect(thread).toContainText("On “Petro met Trump”");
  await expect(thread).toContainText("@Ben Review can you confirm the time?");
  // The commented words are highlighted in the text itself.
  await expect(editor.locator(".comment-highlight")).toHaveText("Petro met Trump");

  // Ben's bell, live.
  await expect(ben.getByTestId("bell-count")).toHaveText("1");
  if (SHOTS) await ben.screenshot({ path: `${SHOTS}/review-bell.png` });
  await ben.getByTestId("bell").click();
  await ben.getByTestId("notification").first().click();
  await expect(ben).toHaveURL(/thread=/);
  const opened = card(ben, title).getByTestId("thread");
  await expect(opened).toBeVisible();
  await expect(opened).toHaveClass(/ring-2/);
  await expect(opened.getByTestId("detached")).toHaveCount(0);
  await expect(ben.getByTestId("bell-count")).toHaveCount(0);
  // The commented words are deleted: the thread stays, marked detached.
  await selectStart(ana, editor, 17);
  await ana.keyboard.press("Backspace");
  await expect(opened.getByTestId("detached")).toHaveText("text deleted");
  await expect(thread.getByTestId("detached")).toHaveText("text deleted");
  if (SHOTS) await ben.screenshot({ path: `${SHOTS}/review-thread.png`, fullPage: true });
});

test("Carla suggests on a published card; Ana accepts one suggestion and rejects another; the republished card has exactly the accepted change", async ({ openDesk, page: reader }) => {
  test.slow(); // two people, two publications, a contributor's typing
  const ana = await openDesk("Ana Review");
  const title = uniqueTitle("Suggest here");
  await createCard(ana, title);
  const editor = await openText(ana, title);
  await typeText(ana, title, editor, "Petro met Trump at the White House.");
  await card(ana, title).getByRole("button", { name: "Send to review" }).click();
  await publish(ana, title);

  const carla = await openDesk("Carla Review", "contributor");
  await card(carla, title).getByRole("button", { name: "Suggest changes" }).click();
  const text = card(carla, title).getByRole("textbox", { name: /^Text of/ });
  await expectTextSaved(carla, title);
  await expect(card(carla, title).getByRole("button", { name: "Suggesting" })).toBeDisabled();
  // An insertion at the end, and a deletion of the first word.
  await text.click();
  await carla.keyboard.press("ControlOrMeta+End");
  await carla.keyboard.type(" Officials confirmed it.");
  await selectStart(carla, text, 6);
  await carla.keyboard.press("Backspace");
  await expectTextSaved(carla, title);
  await expect(card(carla, title).getByTestId("suggestion")).toHaveCount(2);
  // A paragraph break cannot be a suggestion: it is kept out, Carla is told why, and the text stays in sync.
  await carla.keyboard.press("ControlOrMeta+End");
  await carla.keyboard.press("Enter");
  await expect(card(carla, title).getByTestId("suggest-blocked")).toContainText("Only words can be suggested");
  await expect(text.locator("p")).toHaveCount(1);
  await expect(card(carla, title).getByTestId("sync-status")).toHaveAttribute("data-state", "saved");
  await expect(card(carla, title).getByTestId("suggestion")).toHaveCount(2);
  if (SHOTS) await carla.screenshot({ path: `${SHOTS}/review-suggestions.png`, fullPage: true });

  const list = card(ana, title).getByTestId("suggestion");
  await expect(list).toHaveCount(2);
  await card(ana, title).getByRole("button", { name: "Accept: Officials confirmed it." }).click();
  await card(ana, title).getByRole("button", { name: "Reject: Petro" }).click();
  await expect(list).toHaveCount(0);
  await expect.poll(() => editorText(editor), { timeout: 10_000 }).toBe("Petro met Trump at the White House. Officials confirmed it.");
  await expect(card(ana, title).getByTestId("unpublished-changes")).toBeVisible({ timeout: 10_000 });
  await publish(ana, title, "Publish changes");

  const cardId = (await card(ana, title).getAttribute("data-card-id"))!;
  await reader.goto(`/embed/cards/${cardId}`);
  await expect(reader.locator("body")).toContainText("Petro met Trump at the White House. Officials confirmed it.");

  // The log names who decided.
  await card(ana, title).getByRole("button", { name: "Activity" }).click();
  const log = ana.getByRole("dialog");
  await expect(log).toContainText("accepted a suggestion");
  await expect(log).toContainText("rejected a suggestion");
});

test("an editor comments on a contributor's update awaiting approval; the contributor sees it and replies; readers never do", async ({ openDesk }) => {
  test.slow(); // two people and a page load
  const dora = await openDesk("Dora Contributor", "contributor");
  const ana = await openDesk("Ana Review");
  const text = `Petro lands at Andrews ${Date.now()}`;
  const doraPanel = dora.getByRole("region", { name: "Live updates" });
  await doraPanel.getByRole("textbox", { name: "New live update" }).fill(text);
  await doraPanel.getByRole("button", { name: "Post update" }).click();

  const post = ana.getByTestId("feed-item").filter({ hasText: text });
  await expect(post.getByTestId("awaiting-approval")).toBeVisible();
  await post.getByRole("button", { name: /^Comments on the update/ }).click();
  await post.getByRole("button", { name: "Comment on this update" }).click();
  await post.getByRole("combobox", { name: /^New comment on the update/ }).pressSequentially("Which airport exactly? Add the time.");
  await post.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(post.getByTestId("thread")).toContainText("Which airport exactly? Add the time.");

  // Dora's copy of her post shows the thread, live, and she answers in it.
  const mine = dora.getByTestId("feed-item").filter({ hasText: text });
  await expect(mine.getByRole("button", { name: /^Comments on the update/ })).toHaveText("Comments (1)");
  await mine.getByRole("button", { name: /^Comments on the update/ }).click();
  await expect(mine.getByTestId("thread")).toContainText("Which airport exactly?");
  await mine.getByRole("combobox", { name: "Reply" }).pressSequentially("Joint Base Andrews, 11:40.");
  await mine.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(post.getByTestId("thread")).toContainText("Joint Base Andrews, 11:40.");

  // Readers see neither the post (not approved) nor anything of the conversation.
  const live = await (await ana.request.get(`/live/${STORY_SLUG}`)).text();
  expect(live).not.toContain("Which airport exactly");
  expect(live).not.toContain(text);
});
