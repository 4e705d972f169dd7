/**
 * The pacing of group commits: an update after a quiet spell is written at once, a steady
 * stream is written in a few large batches (at most one hand-over per interval), one write runs
 * at a time, and outcomes arrive in order.
 */
import { describe, expect, it } from "vitest";
import { GroupCommit, type PendingUpdate } from "./group-commit";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A store whose writes take `writeMs`, recording each batch's size and when it was handed over. */
function recordingStore(writeMs: number) {
  let nextId = 1;
  let running = 0;
  const log = { batches: [] as { rows: number; at: number }[], mostAtOnce: 0 };
  const started = performance.now();
  const write = async (rows: { cardId: string; update: Uint8Array }[]) => {
    log.batches.push({ rows: rows.length, at: performance.now() - started });
    running += 1;
    log.mostAtOnce = Math.max(log.mostAtOnce, running);
    await sleep(writeMs);
    running -= 1;
    return rows.map(() => nextId++);
  };
  return { write, log };
}

function pending(stored: number[], failed: unknown[]): PendingUpdate {
  return {
    cardId: "card-1",
    update: new Uint8Array([1, 2, 3]),
    valid: () => true,
    stored: (id) => stored.push(id),
    failed: (err) => failed.push(err),
  };
}

describe("group commit pacing", () => {
  it("writes an update after a quiet spell at once", async () => {
    const { write, log } = recordingStore(1);
    const commit = new GroupCommit(write, { minIntervalMs: 200 });
    const stored: number[] = [];
    commit.add(pending(stored, []));
    await commit.drain();
    expect(stored).toEqual([1]);
    // Handed over on the next turn, not after the 200 ms interval.
    expect(log.batches[0].at).toBeLessThan(100);
  });

  it("gathers a steady stream into at most one batch per interval, written one at a time, acknowledged in order", async () => {
    const { write, log } = recordingStore(2);
    const commit = new GroupCommit(write, { minIntervalMs: 40 });
    const stored: number[] = [];
    const failed: unknown[] = [];
    // 100 updates, one every ~2 ms: ~200 ms of typing.
    for (let i = 0; i < 100; i++) {
      commit.add(pending(stored, failed));
      await sleep(2);
    }
    await commit.drain();
    expect(failed).toEqual([]);
    expect(stored).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(log.batches.reduce((n, b) => n + b.rows, 0)).toBe(100);
    // Unpaced, this stream is ~100 commits; paced at 40 ms over ≥ 200 ms, it is a handful.
    expect(log.batches.length).toBeLessThan(20);
    expect(log.mostAtOnce).toBe(1);
    for (let i = 1; i < log.batches.length; i++) {
      expect(log.batches[i].at - log.batches[i - 1].at).toBeGreaterThanOrEqual(39);
    }
  });

  it("without pacing, writes each turn's updates as soon as the previous write is done", async () => {
    const { write, log } = recordingStore(0);
    const commit = new GroupCommit(write);
    const stored: number[] = [];
    for (let i = 0; i < 20; i++) {
      commit.add(pending(stored, []));
      await sleep(3);
    }
    await commit.drain();
    expect(stored).toHaveLength(20);
    expect(log.batches.length).toBeGreaterThan(10);
  });
});
