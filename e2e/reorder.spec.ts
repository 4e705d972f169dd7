/**
 * Reordering cards in one step: drag a card's handle with the mouse, move it with the keyboard
 * (Space, arrows, Space), or send it to the top or the bottom; the other editor sees the new
 * order live, and keyboard focus stays on the moved card.
 */
import { expect, type Page } from "@playwright/test";
import { card, createCard, test, titlesInOrder, uniqueTitle } from "./fixtures/desk";

const positionOf = async (page: Page, title: string) => (await titlesInOrder(page)).indexOf(title);

test("a card goes to the top in one click, to the bottom in one more; drag and drop and the keyboard move it too", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const ben = await openDesk("Ben Ortiz");
  const title = uniqueTitle("Eleventh card");
  await createCard(ana, title);
  expect(await positionOf(ana, title)).toBe((await titlesInOrder(ana)).length - 1);

  // To the top: one click, seen by Ben; focus stays with the card (now on "to the bottom").
  await card(ana, title).getByRole("button", { name: `Move “${title}” to the top` }).click();
  await expect.poll(() => positionOf(ana, title)).toBe(0);
  await expect.poll(() => positionOf(ben, title)).toBe(0);
  await expect(card(ana, title).getByRole("button", { name: `Move “${title}” to the bottom` })).toBeFocused();
  await pressKey(ana, "Enter");
  const last = (await titlesInOrder(ana)).length - 1;
  await expect.poll(() => positionOf(ana, title)).toBe(last);
  await expect.poll(() => positionOf(ben, title)).toBe(last);

  // Keyboard drag: Space lifts, arrows move, Space drops.
  const handle = card(ana, title).getByRole("button", { name: `Drag “${title}” to reorder` });
  await handle.focus();
  await ana.keyboard.press("Space");
  const spoken = ana.locator("[id^=DndLiveRegion]");
  await expect(spoken).toContainText(`“${title}” is over position ${last + 1} of ${last + 1}.`);
  await ana.keyboard.press("ArrowUp");
  await expect(spoken).toContainText(`“${title}” is over position`);
  await expect(spoken).not.toContainText(`position ${last + 1} of`);
  await ana.keyboard.press("Space");
  await expect.poll(() => positionOf(ana, title)).toBeLessThan(last);
  await expect.poll(async () => positionOf(ben, title)).toBe(await positionOf(ana, title));

  // Mouse drag onto the first card.
  const first = (await titlesInOrder(ana))[0];
  const from = (await card(ana, title).getByRole("button", { name: `Drag “${title}” to reorder` }).boundingBox())!;
  const to = (await card(ana, first).boundingBox())!;
  await ana.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await ana.mouse.down();
  await ana.mouse.move(from.x + 20, from.y - 20, { steps: 5 });
  await ana.mouse.move(to.x + to.width / 2, to.y + to.height / 3, { steps: 20 });
  await ana.mouse.up();
  await expect.poll(() => positionOf(ana, title)).toBe(0);
  await expect.poll(() => positionOf(ben, title)).toBe(0);
});

/** A key press on the focused element. */
const pressKey = (page: Page, key: string) => page.keyboard.press(key);
