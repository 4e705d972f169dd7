/**
 * Summarises a V8 .cpuprofile (as written by the inspector's Profiler.stop) for the benchmark
 * report: where the server's CPU went, as % of the profiled wall time (100 % = one core busy).
 *
 *   node --import tsx bench/cpuprofile-summary.ts <file.cpuprofile>
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const root = fileURLToPath(new URL("..", import.meta.url));

/** Package for node_modules code, folder for the project's code, else the V8/Node category. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const path = url.replace(/^file:\/\//, "").replace(root, "");
  return path.split("/").slice(0, 2).join("/");
}

const short = (n: Node) => {
  const url = n.callFrame.url.replace(/^file:\/\//, "").replace(root, "").replace(/.*node_modules\//, "");
  // Under tsx the project's files are one line each: their line numbers say nothing.
  const line = n.callFrame.lineNumber > 0 ? `:${n.callFrame.lineNumber + 1}` : "";
  return `${n.callFrame.functionName || "(anonymous)"} ${url}${url ? line : ""}`.trim();
};

export interface ProfileSummary {
  wallMs: number;
  busyPct: number;
  byArea: Record<string, number>;
  topSelf: Record<string, number>;
  topProjectInclusive: Record<string, number>;
}

export function summariseProfile(file: string, top = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const wallMs = (p.endTime - p.startTime) / 1000;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000));
  const pct = (ms: number) => Number(((ms / wallMs) * 100).toFixed(2));
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const topOf = (m: Map<string, number>) =>
    Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => [k, pct(v)]));

  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  let idle = 0;
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === "(idle)") idle += ms;
    add(areas, area(n.callFrame.url, n.callFrame.functionName), ms);
    add(fns, short(n), ms);
  }
  areas.delete("(idle)");

  // Inclusive time of the project's own functions (a function counted once per stack).
  const inclusive = new Map<string, number>();
  const totals = new Map<number, number>();
  const total = (n: Node): number => {
    let t = totals.get(n.id);
    if (t === undefined) {
      t = (self.get(n.id) ?? 0) + (n.children ?? []).reduce((s, c) => s + total(byId.get(c)!), 0);
      totals.set(n.id, t);
    }
    return t;
  };
  const walk = (n: Node, open: Set<string>) => {
    const key = short(n);
    const mine = !n.callFrame.url.includes("node_modules") && n.callFrame.url.startsWith("file://") && !open.has(key);
    if (mine) add(inclusive, key, total(n));
    const next = mine ? new Set(open).add(key) : open;
    for (const c of n.children ?? []) walk(byId.get(c)!, next);
  };
  walk(p.nodes[0], new Set());

  return {
    wallMs: Number(wallMs.toFixed(0)),
    busyPct: pct(wallMs - idle),
    byArea: topOf(areas),
    topSelf: topOf(new Map([...fns].filter(([k]) => !k.startsWith("(idle)")))),
    topProjectInclusive: topOf(inclusive),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(summariseProfile(process.argv[2]), null, 2));
}
