/**
 * SQLite's gathered and paced appends of card text: written at once after a quiet spell, a
 * steady stream in a few commits (no two closer than the interval), each caller getting its own
 * ids in order, never joining across another queued operation (a read issued after an append was
 * handed over sees it), and a failed commit failing every append it carried.
 */
import { describe, expect, it } from "vitest";
import { sleep } from "../../tests/helpers/wait";
import { pacedAppends } from "./paced-appends";
import { serialQueue } from "./serial";

const row = (n: number) => ({ cardId: "card-1", update: new Uint8Array([n]) });

/** An in-memory log: each append is one "commit", recorded with its size and start time. */
function memoryLog(opts: { failing?: boolean } = {}) {
  const table: number[] = [];
  const commits: { rows: number; at: number }[] = [];
  const started = performance.now();
  const append = async (rows: { cardId: string; update: Uint8Array }[]) => {
    commits.push({ rows: rows.length, at: performance.now() - started });
    await sleep(1);
    if (opts.failing) throw new Error("disk full");
    return rows.map((r) => table.push(r.update[0]));
  };
  return { table, commits, append };
}

describe("paced appends (SQLite)", () => {
  it("writes an append after a quiet spell at once", async () => {
    const log = memoryLog();
    const append = pacedAppends(serialQueue(), log.append, 500);
    expect(await append([row(1)])).toEqual([1]);
    expect(log.commits[0].at).toBeLessThan(100); // not after the 500 ms interval
  });

  it("gathers a steady stream into a few commits, at most one per interval, each caller getting its own ids in order", async () => {
    const log = memoryLog();
    const append = pacedAppends(serialQueue(), log.append, 40);
    const results: Promise<number[]>[] = [];
    for (let i = 0; i < 60; i++) {
      results.push(append([row(2 * i), row(2 * i + 1)]));
      await sleep(3);
    }
    const ids = await Promise.all(results);
    expect(ids).toEqual(Array.from({ length: 60 }, (_, i) => [2 * i + 1, 2 * i + 2]));
    expect(log.table).toEqual(Array.from({ length: 120 }, (_, i) => i));
    // Unpaced this stream would be ~60 commits; over ≥ 180 ms at one per 40 ms it is a handful.
    expect(log.commits.length).toBeLessThan(15);
    // Timers may fire a millisecond or so early; unpaced, the gaps would be ~3 ms.
    for (let i = 1; i < log.commits.length; i++) expect(log.commits[i].at - log.commits[i - 1].at).toBeGreaterThanOrEqual(35);
  });

  it("never joins an append queued before a later read: the read sees the first, the second comes after it", async () => {
    const log = memoryLog();
    const queue = serialQueue();
    const append = pacedAppends(queue, log.append, 30);
    await append([row(0)]); // the next commit is now paced
    const first = append([row(1)]);
    const read = queue(async () => [...log.table]);
    const second = append([row(2)]);
    expect(await read).toEqual([0, 1]);
    expect(await first).toEqual([2]);
    expect(await second).toEqual([3]);
    expect(log.commits.map((c) => c.rows)).toEqual([1, 1, 1]);
  });

  it("stops gathering as soon as another operation is queued behind it (nothing more can join)", async () => {
    const log = memoryLog();
    const queue = serialQueue();
    const append = pacedAppends(queue, log.append, 1_000);
    await append([row(0)]); // the next commit is now paced by a whole second
    const started = performance.now();
    const paced = append([row(1)]);
    await sleep(20);
    const read = queue(async () => [...log.table]);
    expect(await read).toEqual([0, 1]);
    expect(await paced).toEqual([2]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("fails every append a failed commit carried", async () => {
    const log = memoryLog({ failing: true });
    const append = pacedAppends(serialQueue(), log.append, 20);
    const outcomes = await Promise.allSettled([append([row(1)]), append([row(2)]), append([row(3)])]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(log.commits.length).toBeLessThanOrEqual(2);
  });
});
