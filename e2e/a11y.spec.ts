/**
 * Every page, scanned with axe-core (WCAG 2.1 A/AA rules) as a person using assistive technology
 * would meet it: the desk (with a card's text, the feed and a dialog open), the story list, a new
 * story, sign-in, your account, the user admin page, the public live page, a public card page and
 * the embed frame, review (comment form, notifications), on a desktop and on a phone. Serious and critical violations fail the test,
 * listed with the rule and the elements.
 */
import { expect } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD, signIn } from "./fixtures/accounts";
import { expectNoSeriousViolations } from "./fixtures/axe";
import { card, openText, STORY_PATH, STORY_SLUG, test } from "./fixtures/desk";

for (const viewport of [
  { name: "desktop", width: 1280, height: 900 },
  { name: "phone", width: 390, height: 844 },
]) {
  test.describe(`axe-core on every page (${viewport.name})`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("the desk, with a card's text open and a dialog", async ({ openDesk }) => {
      // Four full scans of the desk, whose open text now carries its review panel: ~33 s on a busy machine.
      test.slow();
      const page = await openDesk("Axel Access");
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await expectNoSeriousViolations(page, "desk");
      const first = (await page.getByTestId("card-title").first().textContent())!;
      await openText(page, first);
      await expectNoSeriousViolations(page, "desk with a card's text open");
      await card(page, first).getByRole("button", { name: /^Edit/ }).click();
      await expectNoSeriousViolations(page, "desk with a card form open");
      await page.keyboard.press("Escape");
      await card(page, first).getByRole("button", { name: /^Activity/ }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await expectNoSeriousViolations(page, "desk with the Activity dialog");
    });

    test("review: a comment form with its mention list, and the notifications panel", async ({ openDesk }) => {
      test.slow(); // two full scans of the desk with a card's text open
      const page = await openDesk("Axel Access");
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      const first = (await page.getByTestId("card-title").first().textContent())!;
      await openText(page, first);
      await card(page, first).getByRole("button", { name: "Comment", exact: true }).click();
      await card(page, first).getByRole("combobox", { name: "New comment" }).pressSequentially("@A");
      await expect(page.getByRole("listbox", { name: "People to mention" })).toBeVisible();
      await expectNoSeriousViolations(page, "desk with a comment form and its mention list");
      await page.getByTestId("bell").click();
      await expect(page.getByRole("region", { name: "Notifications" })).toBeVisible();
      if (process.env.E2E_SHOTS_DIR) await page.screenshot({ path: `${process.env.E2E_SHOTS_DIR}/review-bell-${viewport.name}.png` });
      await expectNoSeriousViolations(page, "desk with the notifications open");
    });

    test("the story list, a new story, your account and the user admin page", async ({ page }) => {
      await signIn(page.context().request, ADMIN_EMAIL, ADMIN_PASSWORD);
      for (const [path, where] of [
        ["/", "story list"],
        ["/stories/new", "new story"],
        ["/account", "your account"],
        ["/admin/users", "user admin"],
      ] as const) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
        await page.waitForLoadState("networkidle");
        await expectNoSeriousViolations(page, where);
      }
    });

    test("sign-in, with an error shown", async ({ page }) => {
      await page.goto(`/signin?next=${encodeURIComponent(STORY_PATH)}`);
      await expectNoSeriousViolations(page, "sign-in");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expectNoSeriousViolations(page, "sign-in with errors");
    });

    test("the public live page, a public card page and the embed frame", async ({ page, request }) => {
      await page.goto(`/live/${STORY_SLUG}`);
      await expect(page.getByTestId("live-state")).toHaveText("Live");
      await expectNoSeriousViolations(page, "live page");
      const story = (await (await request.get(`/api/stories/${STORY_SLUG}`)).json()) as { story: { cards: { id: string }[] } };
      const id = story.story.cards[0].id;
      await page.goto(`/cards/${id}`);
      await expectNoSeriousViolations(page, "public card page");
      await page.goto(`/embed/cards/${id}`);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoSeriousViolations(page, "embed frame");
    });
  });
}
