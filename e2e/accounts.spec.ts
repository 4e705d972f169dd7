/**
 * Accounts and roles as people meet them: the desk asks a stranger to sign in (and brings them
 * back after), a viewer follows an editor's work live with every edit control disabled and
 * their forged socket writes refused, an admin adds a contributor whose drafts can go to review
 * but not be published and whose live updates wait for an editor, a role change applies at once,
 * and signing out or being deactivated ends the session.
 */
import { mkdirSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { CSRF_HEADER, type UserSummary } from "../lib/protocol/auth";
import { ADMIN_EMAIL, ADMIN_PASSWORD, PASSWORD, accountFor, ensureAccount, signIn } from "./fixtures/accounts";
import { card, createCard, editorText, expectConnected, expectTextSaved, openText, STORY_PATH, STORY_SLUG, test, uniqueTitle } from "./fixtures/desk";
import { forgeEvents } from "./fixtures/forge";

const SHOTS = "/tmp/shots";
mkdirSync(SHOTS, { recursive: true });

const signInUrl = /\/signin\?next=%2Fstories%2Fpetro-trump-white-house$/;

const signInForm = (page: Page) => page.getByRole("form", { name: "Sign in to the desk" });

async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("signed out, the desk asks for sign-in, says what is wrong, and comes back to the story after", async ({ page, baseURL }) => {
  const account = await ensureAccount(baseURL!, accountFor("Sina Signin", "editor"));
  await page.goto(STORY_PATH);
  await expect(page).toHaveURL(signInUrl);
  await expect(page.getByRole("heading", { name: "Sign in to the desk" })).toBeVisible();
  // Nothing of the desk is shown or named to a stranger.
  await expect(page.getByTestId("card")).toHaveCount(0);
  await expect(page).not.toHaveTitle(/Petro/);

  // A malformed email is named under its field, before anything is sent.
  await fillSignIn(page, "not-an-email", "whatever");
  await expect(page.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address");

  await fillSignIn(page, account.email, "not the password");
  await expect(signInForm(page).getByRole("alert")).toHaveText("Email or password is wrong");
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/Email or password is wrong/);
  await expect(page).toHaveURL(signInUrl);
  await page.screenshot({ path: `${SHOTS}/signin.png` });

  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${STORY_PATH}$`));
  await expectConnected(page);
  await expect(page.getByTestId("account-name")).toHaveText("Sina Signin");
  await expect(page.getByTestId("account-role")).toHaveText("Editor");
  await expect(page.getByTestId("presence")).toContainText("Sina Signin (you)");

  // Signed in, the sign-in page sends straight on.
  await page.goto(`/signin?next=${encodeURIComponent(STORY_PATH)}`);
  await expect(page).toHaveURL(new RegExp(`${STORY_PATH}$`));
});

test("after sign-in, a `next` pointing at another site is ignored", async ({ page, baseURL }) => {
  const account = await ensureAccount(baseURL!, accountFor("Sina Signin", "editor"));
  await page.goto(`/signin?next=${encodeURIComponent("//evil.example/phish")}`);
  await fillSignIn(page, account.email, account.password);
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(page.getByRole("heading", { name: "Stories" })).toBeVisible();
});

test("a viewer sees an editor's changes live, can change nothing, and forged writes are refused", async ({ openDesk }) => {
  const editor = await openDesk("Edna Editor");
  const viewer = await openDesk("Vera Viewer", "viewer");
  await expect(viewer.getByTestId("role-note")).toContainText("You are a viewer");
  await expect(viewer.getByTestId("account-role")).toHaveText("Viewer");

  // A new card, a rename and a live update all reach the viewer.
  const title = uniqueTitle("Talks on extradition");
  await createCard(editor, title, "What each side asked for.");
  await expect(card(viewer, title)).toBeVisible();
  const renamed = `${title} (updated)`;
  await card(editor, title).getByRole("button", { name: "Edit" }).click();
  await editor.getByLabel("Title", { exact: true }).fill(renamed);
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(card(viewer, renamed)).toBeVisible();
  const post = uniqueTitle("Both delegations arrive");
  const composer = editor.getByRole("region", { name: "Live updates" });
  await composer.getByRole("textbox", { name: "New live update" }).fill(post);
  await composer.getByRole("button", { name: "Post update" }).click();
  const viewerPost = viewer.getByTestId("feed-item").filter({ hasText: post });
  await expect(viewerPost).toBeVisible();

  // Text typed by the editor shows in the viewer's read-only text box.
  const editorBox = await openText(editor, renamed);
  await editorBox.click();
  await editor.keyboard.type("Typed by the editor.");
  await expectTextSaved(editor, renamed);
  const viewerCard = card(viewer, renamed);
  await viewerCard.getByRole("button", { name: "Read text" }).click();
  const viewerBox = viewerCard.getByRole("textbox", { name: /^Text of/ });
  await expect.poll(() => editorText(viewerBox)).toBe("Typed by the editor.");
  await expect(viewerBox).not.toBeEditable();
  await expect(viewerCard.getByTestId("sync-status")).toHaveText("Read only");
  await editor.keyboard.type(" And more.");
  await expect.poll(() => editorText(viewerBox)).toBe("Typed by the editor. And more.");
  await viewerBox.click();
  await viewer.keyboard.type("VIEWER WAS HERE");
  await expect.poll(() => editorText(editorBox)).toBe("Typed by the editor. And more.");
  await expect.poll(() => editorText(viewerBox)).toBe("Typed by the editor. And more.");

  // Every edit control is disabled or absent.
  for (const name of ["Edit", "Send to review", "Delete", /up$/, /down$/]) {
    await expect(viewerCard.getByRole("button", { name })).toBeDisabled();
  }
  await expect(viewer.getByRole("button", { name: "Activity", exact: true })).toHaveCount(0);
  const newCard = viewer.getByRole("form", { name: "New card" });
  await expect(newCard.getByLabel("New card title")).toBeDisabled();
  await expect(newCard.getByRole("button", { name: "Add card" })).toBeDisabled();
  await expect(viewer.getByRole("textbox", { name: "New live update" })).toHaveCount(0);
  for (const name of [/^Edit /, /^Pin /, /^Delete /, /^Key event /]) {
    await expect(viewerPost.getByRole("button", { name })).toHaveCount(0);
  }
  await viewer.screenshot({ path: `${SHOTS}/viewer-desk.png`, fullPage: true });

  // The same writes sent by hand from the viewer's browser are refused, and change nothing.
  const cardId = (await viewerCard.getAttribute("data-card-id"))!;
  const join = { event: "story:join", payload: { slug: STORY_SLUG, clientId: "forged-viewer-0001" } };
  const joined = await forgeEvents(viewer, [join]);
  expect(joined.connectError).toBeNull();
  const storyId = (joined.acks[0]?.data as { story: { id: string } }).story.id;
  const forged = uniqueTitle("Forged by a viewer");
  const result = await forgeEvents(viewer, [
    join,
    { event: "card:create", payload: { storyId, title: forged } },
    { event: "card:update", payload: { cardId, baseVersion: 1, changes: { title: forged } } },
    { event: "card:setStatus", payload: { cardId, baseVersion: 2, status: "in_review" } },
    { event: "card:delete", payload: { cardId } },
    { event: "feed:post", payload: { body: `<p>${forged}</p>` } },
  ]);
  expect(result.acks[0]?.ok).toBe(true);
  expect(result.acks.slice(1).map((a) => a?.error?.code)).toEqual(["FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN", "FORBIDDEN"]);
  await editor.reload();
  await expectConnected(editor);
  await expect(card(editor, renamed).getByTestId("status")).toHaveText("Draft");
  await expect(editor.getByText(forged)).toHaveCount(0);
  await expect(viewer.getByText(forged)).toHaveCount(0);

  // The editor can read who did what on the card.
  await card(editor, renamed).getByRole("button", { name: "Activity", exact: true }).click();
  const log = editor.getByTestId("activity-dialog");
  await expect(log.getByTestId("activity-entry").filter({ hasText: "created the card" })).toContainText("Edna Editor");
  await expect(log.getByTestId("activity-entry").filter({ hasText: "edited" }).first()).toContainText("Edna Editor");
  await expect(log.getByText("Vera Viewer")).toHaveCount(0);
});

test("an admin adds a contributor: drafts go to review but not to readers, updates wait for approval, a role change applies at once", async ({
  browser,
  openDesk,
}) => {
  // A whole newsroom flow with three people and four sign-ins: ~24 s on a quiet machine, close to
  // the 30-s default; it timed out under load at a different step each time (nothing stuck).
  test.slow();
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin.context().request, ADMIN_EMAIL, ADMIN_PASSWORD);
  await admin.goto("/admin/users");
  await expect(admin.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expect(admin.getByTestId("user-row").filter({ hasText: ADMIN_EMAIL })).toContainText("(you)");

  // Errors are named under their fields.
  const form = admin.getByRole("form", { name: "Add a person" });
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByLabel("Email")).toHaveAccessibleDescription("Enter a valid email address");
  await expect(form.getByLabel("Initial password")).toHaveAccessibleDescription(/at least 10 characters/);

  const suffix = Math.random().toString(36).slice(2, 7);
  const name = `Cora Contributor ${suffix}`;
  const email = `cora-${suffix}@e2e.test`;
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Role").selectOption("contributor");
  await form.getByLabel("Initial password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByRole("status")).toContainText(`${name} can now sign in as contributor`);
  const row = admin.getByTestId("user-row").filter({ hasText: email });
  await expect(row.getByRole("combobox", { name: `Role of ${name}` })).toHaveValue("contributor");
  await expect(row.getByTestId("user-active")).toHaveText("Active");
  // The same email twice is refused where it was typed.
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Initial password").fill(PASSWORD);
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(form.getByLabel("Email")).toHaveAccessibleDescription("An account with this email already exists.");
  await admin.screenshot({ path: `${SHOTS}/admin-users.png`, fullPage: true });

  // The contributor signs in through the page.
  const cora = await (await browser.newContext()).newPage();
  await cora.goto(STORY_PATH);
  await fillSignIn(cora, email, PASSWORD);
  await expectConnected(cora);
  await expect(cora.getByTestId("role-note")).toContainText("You are a contributor");

  // A draft of theirs: editable, and it can go to review; publishing is an editor's.
  const title = uniqueTitle("Coca eradication figures");
  await createCard(cora, title);
  const mine = card(cora, title);
  await expect(mine.getByRole("button", { name: "Edit" })).toBeEnabled();
  await expect(mine.getByRole("button", { name: "Delete" })).toBeDisabled();
  await mine.getByRole("button", { name: "Send to review" }).click();
  await expect(mine.getByTestId("status")).toHaveText("In review");
  await expect(mine.getByRole("button", { name: "Publish" })).toBeDisabled();
  await expect(mine.getByRole("button", { name: "Back to draft" })).toBeEnabled();
  await expect(mine.getByRole("button", { name: "Edit" })).toBeDisabled(); // drafts only
  const cardId = (await mine.getAttribute("data-card-id"))!;
  const publish = await forgeEvents(cora, [
    { event: "story:join", payload: { slug: STORY_SLUG, clientId: "forged-contributor-01" } },
    { event: "card:publish", payload: { cardId, baseVersion: 2 } },
  ]);
  expect(publish.acks[1]?.error?.code).toBe("FORBIDDEN");
  await expect(mine.getByTestId("status")).toHaveText("In review");

  // Their live update waits for an editor; readers see it only once approved.
  const text = uniqueTitle("Cora's note from the briefing");
  const panel = cora.getByRole("region", { name: "Live updates" });
  await panel.getByRole("textbox", { name: "New live update" }).fill(text);
  await panel.getByRole("button", { name: "Post update" }).click();
  await expect(cora.getByTestId("feed-item").filter({ hasText: text }).getByTestId("awaiting-approval")).toHaveText("Awaiting approval");

  const reader = await (await browser.newContext()).newPage();
  await reader.goto(`/live/${STORY_SLUG}`);
  await expect(reader.getByTestId("live-state")).toHaveText("Live");
  const editor = await openDesk("Edna Editor");
  const pending = editor.getByTestId("feed-item").filter({ hasText: text });
  await expect(pending.getByTestId("awaiting-approval")).toBeVisible();
  await expect(reader.getByText(text)).toHaveCount(0);
  await pending.getByRole("button", { name: "Approve" }).click();
  await expect(pending.getByTestId("awaiting-approval")).toHaveCount(0);
  await expect(cora.getByTestId("feed-item").filter({ hasText: text }).getByTestId("awaiting-approval")).toHaveCount(0);
  await expect(reader.getByTestId("live-feed").getByText(text)).toBeVisible();

  // The admin makes her a viewer: her open desk follows at once.
  await row.getByRole("combobox", { name: `Role of ${name}` }).selectOption("viewer");
  await expect(row.getByRole("status")).toHaveText("Now viewer.");
  await expect(cora.getByTestId("role-note")).toContainText("You are a viewer", { timeout: 10_000 });
  // The header's role badge follows too (it was stale until a reload).
  await expect(cora.getByTestId("account-role")).toHaveText("Viewer");
  await expectConnected(cora);
  await expect(cora.getByRole("textbox", { name: "New live update" })).toHaveCount(0);

  // Deactivated, she is out: the desk sends her to sign in, and her password no longer works.
  await row.getByRole("button", { name: "Deactivate" }).click();
  await admin.getByRole("dialog", { name: `Deactivate ${name}?` }).getByRole("button", { name: "Deactivate" }).click();
  await expect(row.getByTestId("user-active")).toHaveText("Deactivated");
  await expect(cora).toHaveURL(signInUrl, { timeout: 10_000 });
  await fillSignIn(cora, email, PASSWORD);
  await expect(signInForm(cora).getByRole("alert")).toHaveText("Email or password is wrong");
  for (const page of [admin, cora, reader]) await page.context().close();
});

test("signing out ends the session: the desk asks for sign-in again", async ({ openDesk }) => {
  const page = await openDesk("Sam Signout");
  await expect(page.getByTestId("account-name")).toHaveText("Sam Signout");
  await page.getByRole("button", { name: "Sign out" }).click();
  // The desk's connection also ends with the session; either way, the sign-in page is next.
  await expect(page).toHaveURL(/\/signin(\?next=%2Fstories%2Fpetro-trump-white-house)?$/);
  await expect(page.getByTestId("account")).toHaveCount(0);
  await page.goto(STORY_PATH);
  await expect(page).toHaveURL(signInUrl);
  // The old session is gone on the server too, not only in this browser.
  const forged = await forgeEvents(page, [{ event: "story:join", payload: { slug: STORY_SLUG, clientId: "after-signout-01" } }]);
  expect(forged.connectError).toMatch(/^UNAUTHORIZED/);
  // Signing out needs the session's CSRF token: a request without it is refused.
  const other = page.context().request;
  const { csrfToken } = await signIn(other, accountFor("Sam Signout", "editor").email, PASSWORD);
  expect((await other.post("/api/auth/signout")).status()).toBe(403);
  expect((await other.post("/api/auth/signout", { headers: { [CSRF_HEADER]: csrfToken } })).status()).toBe(204);
});

test("the admin page is for admins only", async ({ openDesk }) => {
  const page = await openDesk("Edna Editor");
  await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Admins only" })).toBeVisible();
  const res = await page.context().request.get("/api/admin/users");
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { users?: UserSummary[] }).users).toBeUndefined();
});
