/**
 * Two editors on the same story in two browsers: each sees the other's changes live, and
 * everything survives a reload.
 */
import { expect } from "@playwright/test";
import { card, createCard, expectConnected, test, titlesInOrder, uniqueTitle } from "./fixtures/desk";

test("a rename and a move to review reach the other editor live and persist", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const ben = await openDesk("Ben Ortiz");

  // The seeded draft card about oil: Ana renames it and sends it to review.
  const original = "Oil on the agenda";
  const renamed = uniqueTitle("Oil and Venezuela's crude");
  await card(ana, original).getByRole("button", { name: "Edit" }).click();
  await ana.getByLabel("Title", { exact: true }).fill(renamed);
  await ana.getByRole("button", { name: "Save" }).click();
  await expect(card(ana, renamed)).toBeVisible();
  await card(ana, renamed).getByRole("button", { name: "Send to review" }).click();
  await expect(card(ana, renamed).getByTestId("status")).toHaveText("In review");

  // Ben sees both changes without reloading.
  await expect(card(ben, renamed)).toBeVisible();
  await expect(card(ben, renamed).getByTestId("status")).toHaveText("In review");
  await expect(card(ben, original)).toHaveCount(0);

  // Both survive a reload in both browsers.
  for (const page of [ana, ben]) {
    await page.reload();
    await expectConnected(page);
    await expect(card(page, renamed).getByTestId("status")).toHaveText("In review");
  }
});

test("new cards, moves and deletions appear for the other editor", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const ben = await openDesk("Ben Ortiz");

  const first = uniqueTitle("Reaction in Bogotá");
  const second = uniqueTitle("Reaction in Caracas");
  await createCard(ana, first, "What Colombian lawmakers say about the meeting.");
  await createCard(ana, second);
  await expect(card(ben, first)).toBeVisible();
  await expect(card(ben, first).getByTestId("card-summary")).toHaveText("What Colombian lawmakers say about the meeting.");

  // New cards go to the end, in the order they were added; Ana moves the last one up.
  expect((await titlesInOrder(ben)).slice(-2)).toEqual([first, second]);
  await card(ana, second).getByRole("button", { name: /up$/ }).click();
  await expect.poll(async () => (await titlesInOrder(ben)).slice(-2)).toEqual([second, first]);

  // Deleting asks first; cancelling keeps the card.
  await card(ana, first).getByRole("button", { name: "Delete" }).click();
  await ana.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
  await expect(card(ben, first)).toBeVisible();
  await card(ana, first).getByRole("button", { name: "Delete" }).click();
  await ana.getByRole("dialog").getByRole("button", { name: "Delete card" }).click();
  await expect(card(ben, first)).toHaveCount(0);
  await ben.reload();
  await expectConnected(ben);
  await expect(card(ben, first)).toHaveCount(0);
  await expect(card(ben, second)).toBeVisible();
});

test("each editor sees who is on the story and which card they are editing", async ({ openDesk }) => {
  // Names (so accounts) of their own: another spec's connection of "Ana Gómez" may still be
  // closing on the server (a connection dropped while offline lingers until its heartbeat
  // times out), and the same account on the story is rightly shown as present.
  const anaName = uniqueTitle("Ana");
  const benName = uniqueTitle("Ben");
  const ana = await openDesk(anaName);
  const ben = await openDesk(benName);
  await expect(ana.getByTestId("presence")).toContainText(benName);
  await expect(ben.getByTestId("presence")).toContainText(anaName);

  const title = "Venezuela after the Maduro operation";
  await card(ana, title).getByRole("button", { name: "Edit" }).click();
  await expect(card(ben, title).getByTestId("card-editors")).toContainText(`${anaName} editing`);
  await ana.getByRole("button", { name: "Cancel" }).click();
  await expect(card(ben, title).getByTestId("card-editors")).toHaveCount(0);

  await ana.close();
  await expect(ben.getByTestId("presence")).not.toContainText(anaName);
});
