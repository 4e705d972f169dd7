/**
 * What a server process's memory holds, for `npm run bench:collab` with BENCH_MEMORY=1: the
 * process's own figures (RSS, V8 heap, memory outside the heap) and, from a V8 heap snapshot,
 * the heap's self size by constructor (the largest first). Runs inside the server's process.
 */
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";

export interface MemorySummary {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** [constructor or node kind, MB of self size, count], largest first. */
  byConstructor: [string, number, number][];
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function memorySummary(top = 15): MemorySummary {
  const usage = process.memoryUsage();
  const file = writeHeapSnapshot(join(tmpdir(), `bench-heap-${process.pid}-${Date.now()}.heapsnapshot`));
  try {
    const snapshot = JSON.parse(readFileSync(file, "utf8")) as {
      snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
      nodes: number[];
      strings: string[];
    };
    const fields = snapshot.snapshot.meta.node_fields;
    const types = snapshot.snapshot.meta.node_types[0];
    const width = fields.length;
    const [typeAt, nameAt, sizeAt] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
    const totals = new Map<string, { bytes: number; count: number }>();
    for (let i = 0; i < snapshot.nodes.length; i += width) {
      const type = types[snapshot.nodes[i + typeAt]];
      // Objects by constructor; everything else (strings, code, arrays…) by node kind.
      const key = type === "object" ? snapshot.strings[snapshot.nodes[i + nameAt]] : `(${type})`;
      const t = totals.get(key) ?? { bytes: 0, count: 0 };
      t.bytes += snapshot.nodes[i + sizeAt];
      t.count += 1;
      totals.set(key, t);
    }
    const byConstructor = [...totals.entries()]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .slice(0, top)
      .map(([k, t]) => [k, mb(t.bytes), t.count] as [string, number, number]);
    return {
      rssMb: mb(usage.rss),
      heapUsedMb: mb(usage.heapUsed),
      heapTotalMb: mb(usage.heapTotal),
      externalMb: mb(usage.external),
      arrayBuffersMb: mb(usage.arrayBuffers),
      byConstructor,
    };
  } finally {
    rmSync(file, { force: true });
  }
}
