/**
 * Links in card text are added, changed and removed from a small form under the toolbar (no
 * browser prompt): Enter applies, Escape closes and returns to the text, unsafe addresses are
 * refused with a message.
 */
import { expect } from "@playwright/test";
import { card, createCard, test, uniqueTitle } from "./fixtures/desk";

test("a link is added from the keyboard, an unsafe address is refused, and the link can be removed", async ({ openDesk }) => {
  const page = await openDesk("Ana Gómez");
  let prompted = false;
  page.on("dialog", (dialog) => {
    prompted = true;
    void dialog.dismiss();
  });
  const title = uniqueTitle("Links");
  await createCard(page, title);
  await card(page, title).getByRole("button", { name: "Write" }).click();
  const editor = card(page, title).getByRole("textbox", { name: /^Text of/ });
  await expect(card(page, title).getByTestId("sync-status")).toHaveAttribute("data-state", "saved");
  await editor.click();
  await page.keyboard.type("White House readout");
  await page.keyboard.press("Shift+Home");

  await card(page, title).getByRole("button", { name: "Link", exact: true }).click();
  const address = card(page, title).getByRole("textbox", { name: "Link address" });
  await expect(address).toBeFocused();
  await address.fill("javascript:alert(1)");
  await page.keyboard.press("Enter");
  await expect(card(page, title).getByRole("alert")).toContainText("https://");
  await expect(editor.locator("a")).toHaveCount(0);

  await address.fill("https://www.whitehouse.gov/briefings");
  await page.keyboard.press("Enter");
  await expect(editor.locator("a")).toHaveAttribute("href", "https://www.whitehouse.gov/briefings");
  await expect(editor.locator("a")).toHaveText("White House readout");
  await expect(address).toHaveCount(0);
  await expect(editor).toBeFocused();

  // Escape closes the form, not the card, and gives the text its focus back.
  await card(page, title).getByRole("button", { name: "Link", exact: true }).click();
  await expect(address).toHaveValue("https://www.whitehouse.gov/briefings");
  await page.keyboard.press("Escape");
  await expect(address).toHaveCount(0);
  await expect(editor).toBeFocused();

  await card(page, title).getByRole("button", { name: "Link", exact: true }).click();
  await card(page, title).getByRole("button", { name: "Remove link" }).click();
  await expect(editor.locator("a")).toHaveCount(0);
  await expect(editor).toContainText("White House readout");
  expect(prompted).toBe(false);
});
