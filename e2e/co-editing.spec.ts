/**
 * Two editors writing one card's text at once, as in a shared document: nothing typed is lost
 * or doubled, each sees the other's named cursor, and offline typing merges on reconnect —
 * even after the tab was closed while offline.
 */
import { expect, type Locator, type Page, type Route } from "@playwright/test";
import { card, createCard, test, uniqueTitle } from "./fixtures/desk";

async function openText(page: Page, title: string) {
  await card(page, title).getByRole("button", { name: "Write" }).click();
  const editor = card(page, title).getByRole("textbox", { name: /^Text of/ });
  await expect(editor).toBeVisible();
  await expect(card(page, title).getByTestId("sync-status")).toHaveAttribute("data-state", "saved");
  return editor;
}

/** The document's text as the editor shows it, without the others' cursor labels. */
function textOf(editor: Locator): Promise<string> {
  return editor.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret").forEach((c) => c.remove());
    return copy.textContent ?? "";
  });
}

const expectText = (editor: Locator, text: string) => expect.poll(() => textOf(editor), { timeout: 10_000 }).toBe(text);

const saved = (page: Page, title: string) =>
  expect(card(page, title).getByTestId("sync-status")).toHaveAttribute("data-state", "saved", { timeout: 10_000 });

test("two editors typing in the same paragraph end with the same text holding both", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const ben = await openDesk("Ben Ortiz");
  const title = uniqueTitle("Meeting agenda");
  await createCard(ana, title);
  const anaText = await openText(ana, title);
  const benText = await openText(ben, title);

  await anaText.click();
  await ana.keyboard.type("Petro arrives at noon.");
  await expectText(benText, "Petro arrives at noon.");

  // Both type into that one paragraph at the same moment: Ana at its start, Ben at its end.
  await anaText.focus();
  await ana.keyboard.press("Control+Home");
  await benText.focus();
  await ben.keyboard.press("Control+End");
  await Promise.all([
    ana.keyboard.type("[Ana] ", { delay: 40 }),
    ben.keyboard.type(" [Ben] Trump greets him.", { delay: 40 }),
  ]);
  await saved(ana, title);
  await saved(ben, title);
  const expected = "[Ana] Petro arrives at noon. [Ben] Trump greets him.";
  await expectText(anaText, expected);
  await expectText(benText, expected);

  // Each sees the other's cursor with their name.
  await expect(anaText.locator(".collaboration-carets__label", { hasText: "Ben Ortiz" })).toBeVisible();
  await expect(benText.locator(".collaboration-carets__label", { hasText: "Ana Gómez" })).toBeVisible();

  // The text is stored: a reload shows it once, and the desk's preview has it.
  await ben.reload();
  await expectText(await openText(ben, title), expected);
  await card(ben, title).getByRole("button", { name: "Close text" }).click();
  await expect(card(ben, title).getByTestId("card-body")).toContainText(expected);
});

test("typing while offline merges when the connection returns", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const ben = await openDesk("Ben Ortiz");
  const title = uniqueTitle("Oil talks");
  await createCard(ana, title);
  const anaText = await openText(ana, title);
  const benText = await openText(ben, title);
  await anaText.click();
  await ana.keyboard.type("Crude exports.");
  await expectText(benText, "Crude exports.");

  await ana.context().setOffline(true);
  await expect(card(ana, title).getByTestId("sync-status")).toHaveAttribute("data-state", "offline");
  await ana.keyboard.press("End");
  await ana.keyboard.type(" Written offline.");
  await benText.click();
  await ben.keyboard.press("Home");
  await ben.keyboard.type("Live: ");
  await expectText(benText, "Live: Crude exports.");

  await ana.context().setOffline(false);
  await saved(ana, title);
  await expectText(anaText, "Live: Crude exports. Written offline.");
  await expectText(benText, "Live: Crude exports. Written offline.");
});

test("edits made offline survive closing the tab and are sent on the next visit", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const ben = await openDesk("Ben Ortiz");
  const title = uniqueTitle("ELN border");
  await createCard(ana, title);
  const anaText = await openText(ana, title);
  const benText = await openText(ben, title);

  await ana.context().setOffline(true);
  await expect(card(ana, title).getByTestId("sync-status")).toHaveAttribute("data-state", "offline");
  await anaText.click();
  await ana.keyboard.type("Kept in the browser.");
  await ana.waitForTimeout(300); // let IndexedDB write
  const context = ana.context();
  await ana.close();
  await expectText(benText, "");

  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(ana.url());
  await openText(again, title);
  await expectText(benText, "Kept in the browser.");
});

test("offline text from a closed tab is synced as soon as the desk connects, without opening the card; the desk says which cards wait", async ({ openDesk }) => {
  const ana = await openDesk("Ana Gómez");
  const ben = await openDesk("Ben Ortiz");
  const title = uniqueTitle("Oil exports");
  await createCard(ana, title);
  const anaText = await openText(ana, title);
  const benText = await openText(ben, title);

  const context = ana.context();
  await context.setOffline(true);
  await expect(card(ana, title).getByTestId("sync-status")).toHaveAttribute("data-state", "offline");
  await anaText.click();
  await ana.keyboard.type("Typed on the plane.");
  await ana.waitForTimeout(300); // let IndexedDB write
  await ana.close();

  // The desk reopened while its live connection cannot get through yet: it says which card's
  // text waits.
  await context.setOffline(false);
  const blockSocket = (route: Route) => route.abort();
  await context.route("**/socket.io/**", blockSocket);
  const offline = await context.newPage();
  await offline.goto(ana.url());
  await expect(offline.getByTestId("text-waiting")).toContainText(`“${title}”`);
  await expect(card(offline, title).getByTestId("text-waiting-badge")).toBeVisible();
  await expectText(benText, "");

  // Connected: the text reaches Ben with nobody opening the card's editor, and the note goes.
  await context.unroute("**/socket.io/**", blockSocket);
  await expectText(benText, "Typed on the plane.");
  await expect(offline.getByTestId("text-waiting")).toHaveCount(0, { timeout: 10_000 });
  await expect(card(offline, title).getByTestId("text-waiting-badge")).toHaveCount(0);
  await expect(card(offline, title).getByTestId("card-text-editor")).toHaveCount(0);
});
