import { describe, expect, it } from "vitest";
import { readableSummary } from "./activity-text";

describe("activity summaries", () => {
  it("names statuses by their labels", () => {
    expect(readableSummary("status: draft → in_review")).toBe("status: Draft → In review");
    expect(readableSummary("status: published → draft")).toBe("status: Published → Draft");
  });
  it("leaves other summaries (and words in titles) alone", () => {
    expect(readableSummary(`moved "The draft law" to position 3`)).toBe(`moved "The draft law" to position 3`);
  });
});
