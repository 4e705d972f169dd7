/**
 * SQLite's gathered and paced commits of card text: written at once after a quiet spell, a
 * steady stream in a few commits (no two closer than the interval), each caller getting its own
 * ids in order, never joining across another queued operation (a read issued after an append was
 * handed over sees it), a failed commit failing every write it carried, and derived texts riding
 * along with the updates.
 */
import { describe, expect, it } from "vitest";
import { sleep } from "../../tests/helpers/wait";
import { pacedCommits, type CommitBatch, type Committed } from "./paced-commits";
import { serialQueue } from "./serial";

const row = (n: number) => ({ cardId: "card-1", update: new Uint8Array([n]) });

/** An in-memory log: each call is one "commit", recorded with its size and start time. */
function memoryLog(opts: { failing?: boolean; refuseText?: string } = {}) {
  const table: number[] = [];
  const texts = new Map<string, string>();
  const commits: { rows: number; texts: number; at: number }[] = [];
  const started = performance.now();
  const write = async ({ rows, derived }: CommitBatch): Promise<Committed> => {
    commits.push({ rows: rows.length, texts: derived.length, at: performance.now() - started });
    await sleep(1);
    if (opts.failing) throw new Error("disk full");
    const ids = rows.map((r) => table.push(r.update[0]));
    return {
      ids,
      derived: derived.map((d) => {
        if (d.body === opts.refuseText) return new Error("refused");
        if (texts.get(d.cardId) === d.body) return null;
        texts.set(d.cardId, d.body);
        return { id: d.cardId, storyId: "story-1", title: "", summary: "", body: d.body, bodyHtml: d.bodyHtml, publishedKey: null, updatedAt: new Date() };
      }),
    };
  };
  return { table, texts, commits, write };
}

describe("paced commits (SQLite)", () => {
  it("writes an append after a quiet spell at once", async () => {
    const log = memoryLog();
    const { append } = pacedCommits(serialQueue(), log.write, 500);
    expect(await append([row(1)])).toEqual([1]);
    expect(log.commits[0].at).toBeLessThan(100); // not after the 500 ms interval
  });

  it("gathers a steady stream into a few commits, at most one per interval, each caller getting its own ids in order", async () => {
    const log = memoryLog();
    const { append } = pacedCommits(serialQueue(), log.write, 40);
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
    const { append } = pacedCommits(queue, log.write, 30);
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
    const { append } = pacedCommits(queue, log.write, 1_000);
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
    const { append } = pacedCommits(serialQueue(), log.write, 20);
    const outcomes = await Promise.allSettled([append([row(1)]), append([row(2)]), append([row(3)])]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(log.commits.length).toBeLessThanOrEqual(2);
  });

  it("writes a derived text in the commit of the updates gathering with it; one refused text fails alone", async () => {
    const log = memoryLog({ refuseText: "bad" });
    const paced = pacedCommits(serialQueue(), log.write, 40);
    await paced.append([row(0)]); // the next commit is now paced
    const first = paced.append([row(1)]);
    const saved = paced.saveDerived("card-1", "Petro meets Trump", "<p>Petro meets Trump</p>");
    const refused = paced.saveDerived("card-2", "bad", "<p>bad</p>");
    const again = paced.saveDerived("card-1", "Petro meets Trump", "<p>Petro meets Trump</p>");
    const second = paced.append([row(2)]);
    const outcomes = await Promise.allSettled([first, saved, refused, again, second]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(await first).toEqual([2]);
    expect((await saved)?.body).toBe("Petro meets Trump");
    expect(await again).toBeNull(); // the same text again: nothing changed, nothing announced
    expect(await second).toEqual([3]);
    // One commit for the first update, then one for everything that gathered behind it.
    expect(log.commits.map((c) => [c.rows, c.texts])).toEqual([
      [1, 0],
      [2, 3],
    ]);
  });
});
