import { describe, expect, it } from "vitest";
import { EventBudget } from "./event-budget";

/** A budget on a clock the test moves. */
function budgetAt(points: number, windowMs: number) {
  let now = 1_000_000;
  const budget = new EventBudget(points, windowMs, () => now);
  return { budget, advance: (ms: number) => void (now += ms) };
}

describe("EventBudget", () => {
  it("allows the budget, refuses past it with the seconds left, and refills when the window ends", () => {
    const { budget, advance } = budgetAt(3, 10_000);
    expect([budget.take("ana"), budget.take("ana"), budget.take("ana")]).toEqual([0, 0, 0]);
    expect(budget.take("ana")).toBe(10);
    advance(7_400);
    expect(budget.take("ana")).toBe(3); // 2.6 s left, rounded up
    advance(2_600);
    expect(budget.take("ana")).toBe(0);
  });

  it("keeps one budget per key", () => {
    const { budget } = budgetAt(1, 10_000);
    expect(budget.take("ana")).toBe(0);
    expect(budget.take("ana")).toBeGreaterThan(0);
    expect(budget.take("ben")).toBe(0);
  });

  it("forgets keys whose window ended, so memory follows the active users", () => {
    const { budget, advance } = budgetAt(5, 10_000);
    for (let i = 0; i < 100; i++) budget.take(`user-${i}`);
    expect(budget.size).toBe(100);
    advance(10_000);
    budget.take("late");
    expect(budget.size).toBe(1);
  });
});
