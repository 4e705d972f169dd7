import { describe, expect, it } from "vitest";
import { CARD_STATUSES } from "./schemas";
import { canTransition, STATUS_LABELS, STATUS_TRANSITIONS, transitionLabel } from "./workflow";

describe("card workflow", () => {
  it("allows exactly draft → review → published, sending back and unpublishing", () => {
    const allowed = CARD_STATUSES.flatMap((from) =>
      CARD_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(["draft→in_review", "in_review→draft", "in_review→published", "published→draft"]);
  });

  it("never offers staying in the same status as a transition", () => {
    for (const s of CARD_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it("covers every status with a label and a transition list", () => {
    expect(Object.keys(STATUS_TRANSITIONS).sort()).toEqual([...CARD_STATUSES].sort());
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...CARD_STATUSES].sort());
  });

  it("labels each allowed move as the desk shows it", () => {
    expect(transitionLabel("draft", "in_review")).toBe("Send to review");
    expect(transitionLabel("in_review", "published")).toBe("Publish");
    expect(transitionLabel("in_review", "draft")).toBe("Back to draft");
    expect(transitionLabel("published", "draft")).toBe("Unpublish");
  });
});
