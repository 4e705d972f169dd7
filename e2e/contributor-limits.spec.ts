/**
 * What a contributor's desk offers follows the rules the server enforces (lib/protocol/roles.ts):
 * a published card's place is public, so they cannot move it; a post awaiting approval cannot be
 * pinned for readers who cannot see it.
 */
import { expect } from "@playwright/test";
import { test, uniqueTitle } from "./fixtures/desk";

test("a contributor cannot move a published card, and nobody is offered Pin on a post awaiting approval", async ({ openDesk }) => {
  const cora = await openDesk("Cora Limits", "contributor");
  const published = cora.getByTestId("card").filter({ has: cora.getByTestId("status").getByText("Published", { exact: true }) }).nth(1);
  await expect(published.getByRole("button", { name: /^Move .* up$/ })).toBeDisabled();
  await expect(published.getByRole("button", { name: /^Move .* down$/ })).toBeDisabled();

  const text = uniqueTitle("Cora's pending note");
  const panel = cora.getByRole("region", { name: "Live updates" });
  await panel.getByRole("textbox", { name: "New live update" }).fill(text);
  await panel.getByRole("button", { name: "Post update" }).click();

  const editor = await openDesk("Edna Limits");
  const pending = editor.getByTestId("feed-item").filter({ hasText: text });
  await expect(pending.getByTestId("awaiting-approval")).toBeVisible();
  await expect(pending.getByRole("button", { name: /^Edit update/ })).toBeVisible();
  await expect(pending.getByRole("button", { name: /^Pin update/ })).toHaveCount(0);
  await pending.getByRole("button", { name: "Approve" }).click();
  const approved = editor.getByTestId("feed-item").filter({ hasText: text });
  await expect(approved.getByTestId("awaiting-approval")).toHaveCount(0);
  await expect(approved.getByRole("button", { name: /^Pin update/ })).toBeVisible();
  // The editor's up arrow on the same published card is enabled (index 1 is not the top).
  const same = editor.getByTestId("card").filter({ has: editor.getByTestId("status").getByText("Published", { exact: true }) }).nth(1);
  await expect(same.getByRole("button", { name: /^Move .* up$/ })).toBeEnabled();
});
