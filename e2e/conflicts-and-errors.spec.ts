/**
 * What an editor sees when things go wrong: a concurrent edit of the same field, bad input,
 * forged socket events and a lost connection. Errors are shown; nothing crashes or is lost.
 */
import { expect } from "@playwright/test";
import { io } from "socket.io-client";
import { PROTOCOL_VERSION } from "../lib/protocol/events";
import { accountFor, ensureAccount, sessionCookie, signInContext } from "./fixtures/accounts";
import { card, createCard, expectConnected, test, STORY_PATH, uniqueTitle } from "./fixtures/desk";

test("a concurrent edit of the same title is refused and shows the current value", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const ben = await openDesk("Ben Ortiz");
  const title = uniqueTitle("DEA cooperation");
  await createCard(ana, title);
  await expect(card(ben, title)).toBeVisible();

  // Both start editing the same card before either saves.
  await card(ana, title).getByRole("button", { name: "Edit" }).click();
  await card(ben, title).getByRole("button", { name: "Edit" }).click();
  const anas = `${title} (Ana)`;
  await ana.getByLabel("Title", { exact: true }).fill(anas);
  await ana.getByRole("button", { name: "Save" }).click();
  await expect(card(ana, anas)).toBeVisible();

  await ben.getByLabel("Title", { exact: true }).fill(`${title} (Ben)`);
  await ben.getByRole("button", { name: "Save" }).click();
  await expect(ben.getByRole("form", { name: /^Edit card/ }).getByRole("alert")).toContainText("changed by Ana Gómez");
  await expect(ben.getByTestId("conflict-current")).toHaveText(anas);
  await expect(ben.getByLabel("Title", { exact: true })).toHaveValue(`${title} (Ben)`); // Ben's text is not thrown away

  // Ben decides to keep his version, knowingly: the button saves it (no second Save needed).
  await ben.getByRole("button", { name: "Keep mine (save over it)" }).click();
  await expect(card(ana, `${title} (Ben)`)).toBeVisible();
  await expect(ben.getByRole("form", { name: /^Edit card/ })).toHaveCount(0);
  await expect(card(ben, `${title} (Ben)`)).toBeVisible();
});

test("Take theirs takes only the contested field and keeps (and saves) my other change", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const ben = await openDesk("Ben Ortiz");
  const title = uniqueTitle("Oil talks");
  await createCard(ana, title, "Old summary");
  await expect(card(ben, title)).toBeVisible();

  await card(ana, title).getByRole("button", { name: "Edit" }).click();
  await card(ben, title).getByRole("button", { name: "Edit" }).click();
  const bens = `${title} (Ben)`;
  await ben.getByLabel("Title", { exact: true }).fill(bens);
  await ben.getByRole("button", { name: "Save" }).click();
  await expect(card(ben, bens)).toBeVisible();

  // Ana changed both title and summary; only the title conflicts.
  await ana.getByLabel("Title", { exact: true }).fill(`${title} (Ana)`);
  await ana.getByLabel("Summary", { exact: true }).fill("Ana's new summary");
  await ana.getByRole("button", { name: "Save" }).click();
  await expect(ana.getByTestId("conflict-current")).toHaveText(bens);
  await ana.getByRole("button", { name: "Take theirs" }).click();

  // Ben's title wins; Ana's summary is not thrown away: it is saved, and Ben sees it too.
  await expect(card(ana, bens).getByTestId("card-summary")).toHaveText("Ana's new summary");
  await expect(card(ben, bens).getByTestId("card-summary")).toHaveText("Ana's new summary");
});

test("an empty title is refused with a message and the card keeps its title", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const title = uniqueTitle("ELN on the border");
  await createCard(ana, title);
  await card(ana, title).getByRole("button", { name: "Edit" }).click();
  await ana.getByLabel("Title", { exact: true }).fill("   ");
  await ana.getByRole("button", { name: "Save" }).click();
  await expect(ana.getByTestId("card").getByRole("alert")).toContainText("Title cannot be empty");
  await ana.getByRole("button", { name: "Cancel" }).click();
  await ana.reload();
  await expectConnected(ana);
  await expect(card(ana, title)).toBeVisible();
});

test("forged and malformed socket events get error acks and the desk keeps working", async ({ openDesk, baseURL }) => {
  const ana = await openDesk("Ana Gómez");
  // Signed in (an editor's session): past the door, the events themselves are checked.
  const cookie = await sessionCookie(baseURL!, "Forge Smith");
  const forger = io(baseURL!, { auth: { protocol: PROTOCOL_VERSION }, transports: ["websocket"], extraHeaders: { cookie } });
  try {
    const send = (event: string, payload: unknown) =>
      forger.timeout(5_000).emitWithAck(event, payload) as Promise<{ ok: boolean; error?: { code: string } }>;
    expect((await send("card:update", "not an object")).error?.code).toBe("VALIDATION_FAILED");
    expect((await send("card:delete", { cardId: "whatever" })).error?.code).toBe("NOT_JOINED");
    expect((await send("drop:tables", {})).error?.code).toBe("UNKNOWN_EVENT");
    expect((await send("card:create", { storyId: "x", title: "x".repeat(70_000) })).error?.code).toBe("PAYLOAD_TOO_LARGE");
  } finally {
    forger.disconnect();
  }
  // The server is still up and the page still edits.
  const title = uniqueTitle("Still working");
  await createCard(ana, title);
  await expectConnected(ana);
});

test("the desk says when it is offline and reconnects on its own", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  await ana.context().setOffline(true);
  await expect(ana.getByTestId("connection")).toHaveAttribute("data-state", /offline|reconnecting/);
  await expect(ana.getByRole("button", { name: "Add card" })).toBeDisabled();
  await ana.context().setOffline(false);
  await expect(ana.getByTestId("connection")).toHaveAttribute("data-state", "connected", { timeout: 15_000 });
  await expect(ana.getByRole("button", { name: "Add card" })).toBeEnabled();
});

test("unknown stories get a 404 page and the API answers 404 JSON", async ({ page, request, baseURL }) => {
  await signInContext(page.context(), await ensureAccount(baseURL!, accountFor("Ana Gómez", "editor")));
  const response = await page.goto("/stories/no-such-story");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const api = await request.get("/api/cards/no-such-card");
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe("NOT_FOUND");
  // The story list links to the seeded story.
  await page.goto("/");
  await page.getByRole("link", { name: /Petro meets Trump/ }).click();
  await expect(page).toHaveURL(new RegExp(`${STORY_PATH}$`));
});
