import { describe, expect, it } from "vitest";
import { Busy, Semaphore } from "./semaphore";

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("Semaphore", () => {
  it("runs at most `max` tasks at once, the others in arrival order, and refuses beyond the queue", async () => {
    const gate = new Semaphore(2, 3);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      order.push(n);
      running--;
      return n;
    };
    const accepted = [0, 1, 2, 3, 4].map((n) => gate.run(task(n)));
    await expect(gate.run(task(5))).rejects.toBeInstanceOf(Busy);
    expect(await Promise.all(accepted)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([2, 3, 4]);
    expect(gate.active).toBe(0);
  });

  it("frees the slot when a task fails", async () => {
    const gate = new Semaphore(1, 1);
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(async () => "next")).toBe("next");
  });
});
