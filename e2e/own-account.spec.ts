/**
 * What people change about their own account: their display name (the byline readers see), an
 * admin renaming someone else, and an admin setting their own password without being thrown out.
 */
import { expect } from "@playwright/test";
import { accountFor, ensureAccount, signInContext } from "./fixtures/accounts";
import { test } from "./fixtures/desk";

test("anyone renames themself on Your account; the header follows", async ({ browser, baseURL }) => {
  const account = await ensureAccount(baseURL!, accountFor(`Rita Renamed ${Math.random().toString(36).slice(2, 6)}`, "contributor"));
  const context = await browser.newContext();
  await signInContext(context, account);
  const page = await context.newPage();
  await page.goto("/");
  await page.getByTestId("account-name").click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  const field = page.getByLabel("Display name");
  await field.fill("  ");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(field).toHaveAccessibleDescription("A name is required");
  await field.fill("Rita Moreno");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved: you are now Rita Moreno.");
  await expect(page.getByTestId("account-name")).toHaveText("Rita Moreno");
  await page.reload();
  await expect(page.getByTestId("account-name")).toHaveText("Rita Moreno");
  await context.close();
});

test("an admin renames a colleague, and setting their own password keeps them signed in (and says so)", async ({ browser, baseURL }) => {
  const suffix = Math.random().toString(36).slice(2, 6);
  const admin = await ensureAccount(baseURL!, accountFor(`Second Admin ${suffix}`, "admin"));
  const colleague = await ensureAccount(baseURL!, accountFor(`Colleague ${suffix}`, "editor"));
  const context = await browser.newContext();
  await signInContext(context, admin);
  const page = await context.newPage();
  await page.goto("/admin/users");

  const row = page.getByTestId("user-row").filter({ hasText: colleague.email });
  await row.getByRole("button", { name: `Rename ${colleague.name}` }).click();
  await row.getByRole("textbox", { name: "Display name" }).fill(`Colleague Renamed ${suffix}`);
  await row.getByRole("button", { name: "Save name", exact: true }).click();
  const renamed = page.getByTestId("user-row").filter({ hasText: colleague.email });
  await expect(renamed.getByRole("rowheader")).toHaveText(`Colleague Renamed ${suffix}`);

  const mine = page.getByTestId("user-row").filter({ hasText: admin.email });
  await mine.getByRole("button", { name: `Reset password of ${admin.name}` }).click();
  await mine.getByRole("textbox", { name: "New password" }).fill("a fresh admin password");
  await mine.getByRole("button", { name: "Set password", exact: true }).click();
  await expect(mine.getByRole("status")).toHaveText("Password changed. You stay signed in here; your other sessions were signed out.");
  // The next click does not land on the sign-in page.
  await page.getByRole("link", { name: "Newsdesk" }).first().click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("account-name")).toHaveText(admin.name);
  await context.close();
});
