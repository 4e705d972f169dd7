/**
 * The desk chief's publishing work: publish from review, see that the working copy changed,
 * republish as a labelled correction, read the history with a word-level diff, restore an old
 * revision into the working copy, and get the embed codes of a published card.
 */
import { expect, type Locator, type Page } from "@playwright/test";
import { card, createCard, editorText, expectTextSaved, openText, test, uniqueTitle } from "./fixtures/desk";

/** Set E2E_SHOTS_DIR to keep screenshots of the dialogs for a visual check. */
const SHOTS = process.env.E2E_SHOTS_DIR;

const expectEditorText = (editor: Locator, text: string) =>
  expect.poll(() => editorText(editor), { timeout: 10_000 }).toBe(text);

async function replaceText(page: Page, title: string, editor: Locator, text: string) {
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
  await expectEditorText(editor, text);
  await expectTextSaved(page, title);
}

/** A card with text, sent to review and published: revision 1. */
async function publishedCard(page: Page, prefix: string, text: string) {
  const title = uniqueTitle(prefix);
  await createCard(page, title, "When and where the two presidents meet");
  const item = card(page, title);
  const editor = await openText(page, title);
  await replaceText(page, title, editor, text);

  await item.getByRole("button", { name: "Send to review" }).click();
  await expect(item.getByTestId("status")).toHaveText("In review");
  // Publishing first shows what readers will see; nothing goes out until it is confirmed.
  await item.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Publish “${title}”` });
  const preview = dialog.getByRole("region", { name: "What readers will see" });
  await expect(preview.getByRole("heading", { name: title })).toBeVisible();
  await expect(preview).toContainText(text);
  await expect(item.getByTestId("status")).toHaveText("In review");
  await dialog.getByRole("button", { name: "Publish now" }).click();
  await expect(dialog).toBeHidden();
  await expect(item.getByTestId("status")).toHaveText("Published");
  await expect(item.getByTestId("unpublished-changes")).toHaveCount(0);
  return { title, item, editor };
}

test("Unpublish asks first, naming how many embeds show the card now; Keep it published keeps it", async ({ openDesk, browser }) => {
  const page = await openDesk("Dana Chief");
  const { title, item } = await publishedCard(page, "Unpublish me", "Readers and partner sites see this text.");
  const cardId = (await item.getAttribute("data-card-id"))!;
  // A partner's embed of the card, open right now.
  const partner = await (await browser.newContext()).newPage();
  await partner.goto(`/embed/cards/${cardId}`);
  await expect(partner.getByRole("heading", { level: 1 })).toHaveText(title);

  await item.getByRole("button", { name: "Unpublish", exact: true }).click();
  const ask = page.getByRole("dialog", { name: `Unpublish “${title}”?` });
  await expect(ask.getByTestId("unpublish-embeds")).toHaveText("1 embed on a partner site is showing it right now; they will say “no longer available” instead.");
  await ask.getByRole("button", { name: "Keep it published" }).click();
  await expect(ask).toBeHidden();
  await expect(item.getByTestId("status")).toHaveText("Published");
  await expect(partner.getByRole("heading", { level: 1 })).toHaveText(title);

  await item.getByRole("button", { name: "Unpublish", exact: true }).click();
  await page.getByRole("dialog", { name: `Unpublish “${title}”?` }).getByRole("button", { name: "Unpublish", exact: true }).click();
  await expect(item.getByTestId("status")).toHaveText("Draft");
  await expect(partner.getByText("This card is no longer available.")).toBeVisible();
  await partner.context().close();
});

test("publish, correct with a note, compare revisions and restore the first into the working copy", async ({ openDesk }) => {
  const page = await openDesk("Dana Chief");
  const first = "The meeting starts at noon on Tuesday in the Oval Office.";
  const second = "The meeting starts at noon on Wednesday in the Oval Office.";
  const { title, item, editor } = await publishedCard(page, "Meeting time", first);
  await expect(item.getByRole("button", { name: "History" })).toBeVisible();
  await expect(item.getByRole("button", { name: "Embed", exact: true })).toBeVisible();
  // Nothing changed yet: nothing to republish.
  await expect(item.getByRole("button", { name: "Publish changes" })).toHaveCount(0);

  // Editing the working copy of a published card: the desk says readers do not see it yet.
  await replaceText(page, title, editor, second);
  await expect(item.getByTestId("unpublished-changes")).toHaveText("Unpublished changes", { timeout: 10_000 });

  // Republish as a correction: the note is required and shown to readers.
  await item.getByRole("button", { name: "Publish changes" }).click();
  const publish = page.getByRole("dialog", { name: `Publish changes to “${title}”` });
  await expect(publish).toBeVisible();
  await publish.getByRole("radio", { name: /Correction/ }).check();
  await publish.getByRole("button", { name: "Publish correction" }).click();
  await expect(publish.getByRole("alert")).toHaveText("A correction needs a note for readers.");
  const note = "An earlier version gave the wrong day for the meeting.";
  await publish.getByLabel(/Correction note/).fill(note);
  await publish.getByRole("button", { name: "Publish correction" }).click();
  await expect(publish).toBeHidden();
  await expect(item.getByTestId("unpublished-changes")).toHaveCount(0);
  await expect(item.getByTestId("status")).toHaveText("Published");

  // History: both revisions, newest first, with kind, author and the correction note.
  await item.getByRole("button", { name: "History" }).click();
  const history = page.getByRole("dialog", { name: `History of “${title}”` });
  const revisions = history.getByTestId("revision");
  await expect(revisions).toHaveCount(2);
  await expect(revisions.nth(0)).toContainText("Revision 2");
  await expect(revisions.nth(0)).toContainText("Correction");
  await expect(revisions.nth(0)).toContainText(`Correction note: ${note}`);
  await expect(revisions.nth(0)).toContainText("by Dana Chief");
  await expect(revisions.nth(1)).toContainText("Revision 1");
  await expect(revisions.nth(1)).toContainText("Published");

  // The diff of the two revisions shows the changed word, and nothing else as changed.
  await history.getByRole("combobox", { name: "From", exact: true }).selectOption({ label: "Revision 1 (Published)" });
  await history.getByRole("combobox", { name: "To", exact: true }).selectOption({ label: "Revision 2 (Correction)" });
  const text = history.getByTestId("diff-text");
  await expect(text.locator("del")).toHaveText(["[removed: Tuesday]"]);
  await expect(text.locator("ins")).toHaveText(["[added: Wednesday]"]);
  await expect(history.getByTestId("diff-title")).toContainText("no changes");
  if (SHOTS) await history.screenshot({ path: `${SHOTS}/history.png` });

  // Restore revision 1 into the working copy, after a confirmation.
  await revisions.nth(1).getByRole("button", { name: "Restore into working copy" }).click();
  const confirm = page.getByRole("dialog", { name: "Restore revision 1 into the working copy?" });
  await confirm.getByRole("button", { name: "Restore" }).click();
  await expect(history.getByRole("status").filter({ hasText: "Revision 1 is back in the working copy" })).toBeVisible();
  // The history is kept as it was.
  await expect(revisions).toHaveCount(2);

  // Comparing revision 2 with the working copy now shows the old word coming back.
  await history.getByRole("combobox", { name: "From", exact: true }).selectOption({ label: "Revision 2 (Correction)" });
  await history.getByRole("combobox", { name: "To", exact: true }).selectOption({ label: "Working copy" });
  await expect(text.locator("ins")).toHaveText(["[added: Tuesday]"], { timeout: 10_000 });

  await history.getByRole("button", { name: "Close" }).click();
  await expect(history).toBeHidden();

  // The open editor shows the restored text; readers still see revision 2 until it is published.
  await expectEditorText(editor, first);
  await expect(item.getByTestId("unpublished-changes")).toBeVisible({ timeout: 10_000 });
  await expect(item.getByTestId("status")).toHaveText("Published");
});

test("the embed dialog gives the three embed codes and copies them", async ({ openDesk }) => {
  const page = await openDesk("Dana Chief");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const { title, item } = await publishedCard(page, "Embed me", "Oil, drugs and the border are on the agenda.");
  const cardId = await item.getAttribute("data-card-id");
  expect(cardId).toBeTruthy();
  const origin = new URL(page.url()).origin;

  await item.getByRole("button", { name: "Embed", exact: true }).click();
  const embed = page.getByRole("dialog", { name: `Embed “${title}”` });
  await expect(embed).toBeVisible();

  const iframeCode = embed.getByRole("textbox", { name: "Iframe snippet" });
  await expect(iframeCode).toHaveValue(new RegExp(`^<iframe src="${origin}/embed/cards/${cardId}"`));
  await expect(embed.getByRole("textbox", { name: "Script snippet" })).toHaveValue(
    `<div data-newsdesk-card="${cardId}"></div>\n<script async src="${origin}/embed.js"></script>`,
  );
  await expect(embed.getByRole("textbox", { name: "oEmbed URL" })).toHaveValue(
    `${origin}/api/oembed?url=${encodeURIComponent(`${origin}/cards/${cardId}`)}&format=json`,
  );
  await expect(embed.locator("iframe")).toHaveAttribute("src", `/embed/cards/${cardId}`);

  await embed.getByRole("button", { name: "Copy Iframe snippet" }).click();
  await expect(embed.getByTestId("embed-code").first().getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await iframeCode.inputValue());

  await embed.getByRole("button", { name: "Copy oEmbed URL" }).click();
  await expect(embed.getByTestId("embed-code").nth(2).getByRole("status")).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("/api/oembed?url=");
  if (SHOTS) await embed.screenshot({ path: `${SHOTS}/embed-dialog.png` });

  await page.keyboard.press("Escape");
  await expect(embed).toBeHidden();
});
