/**
 * The desk with the keyboard only: focus stays where the person is after each action (a post,
 * a saved or escaped card form, a move), so a second Enter does the next step; repeated
 * buttons say which card or update they act on.
 */
import { expect } from "@playwright/test";
import { card, createCard, test, titlesInOrder, uniqueTitle } from "./fixtures/desk";

test("focus stays in place after posting, saving or escaping a card form, and moving a card", async ({ openDesk }) => {
  const page = await openDesk("Kim Keyboard");

  // Post update: the box is empty and still focused for the next one.
  const panel = page.getByRole("region", { name: "Live updates" });
  const box = panel.getByRole("textbox", { name: "New live update" });
  await box.fill(uniqueTitle("Keyboard post"));
  await panel.getByRole("button", { name: "Post update" }).focus();
  await page.keyboard.press("Enter");
  await expect(box).toHaveText("");
  await expect(box).toBeFocused();

  // The card form: Escape and Save both return to the card's Edit button, named after the card.
  const title = uniqueTitle("Keyboard card");
  await createCard(page, title);
  const edit = card(page, title).getByRole("button", { name: `Edit “${title}”` });
  await edit.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Title", { exact: true })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(edit).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.type(" v2");
  await page.keyboard.press("Enter"); // submits the form
  const renamed = card(page, `${title} v2`).getByRole("button", { name: `Edit “${title} v2”` });
  await expect(renamed).toBeFocused();
  await expect(card(page, `${title} v2`).getByRole("button", { name: `Delete “${title} v2”` })).toBeVisible();

  // Moving up twice with two Enters: focus follows the card.
  const before = await titlesInOrder(page);
  const from = before.indexOf(`${title} v2`);
  const up = card(page, `${title} v2`).getByRole("button", { name: `Move “${title} v2” up` });
  await up.focus();
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await titlesInOrder(page)).indexOf(`${title} v2`)).toBe(from - 1);
  await expect(up).toBeFocused();
  await page.keyboard.press("Enter");
  await expect.poll(async () => (await titlesInOrder(page)).indexOf(`${title} v2`)).toBe(from - 2);
  await expect(up).toBeFocused();
});

test("the card text offers only the subheading the toolbar has, and the toolbar shows before the text is focused", async ({ openDesk }) => {
  const page = await openDesk("Kim Keyboard");
  const title = uniqueTitle("Headings card");
  await createCard(page, title);
  await card(page, title).getByRole("button", { name: "Write" }).click();
  const toolbar = card(page, title).getByRole("toolbar", { name: "Formatting" });
  await expect(toolbar.getByRole("button", { name: "Bold" })).toBeVisible();
  await expect(toolbar.getByRole("button", { name: "Subheading" })).toBeVisible();
  const editor = card(page, title).getByRole("textbox", { name: /^Text of/ });
  await editor.click();
  await page.keyboard.type("# Not a big heading");
  await expect(editor.locator("h1")).toHaveCount(0);
  await page.keyboard.press("Enter");
  await page.keyboard.type("### A subheading");
  await expect(editor.locator("h3")).toHaveText("A subheading");
});
