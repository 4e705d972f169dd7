/** Figures and the Markdown section that `npm run bench:feed` appends to bench/RESULTS.md. */
import type { StormResult } from "./feed-storm";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import type { System } from "./feed-common";

export interface Stats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
  return { count: s.length, p50: at(0.5), p99: at(0.99), max: s.at(-1) ?? NaN };
}

export interface SystemResult {
  system: System;
  readers: number;
  rampMs: number;
  /** Per (post, reader): post sent → update received, ms. */
  delivery: Stats;
  /** Per post: post sent → the last reader has it, ms. */
  lastReader: Stats;
  /** Per post: the editor's ack round trip, ms. */
  ack: Stats;
  /** Receipts that never came (should be 0). */
  missing: number;
  /** (RSS with every reader − RSS before any) ÷ readers. */
  rssPerConnection: number;
  /** (RSS with every reader − RSS with half of them) ÷ the second half. */
  rssMarginal: number;
  heapPerConnection: number;
  rssBaseMb: number;
  rssLoadedMb: number;
  /** Server CPU time (user + system) from the post to its last receipt, median over posts, ms. */
  cpuPerPostMs: number;
}

export interface Machine {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  socketIo: string;
  openFiles: string;
}

export function machine(): Machine {
  let openFiles = "?";
  try {
    openFiles = /Max open files\s+(\S+)\s+(\S+)/.exec(readFileSync("/proc/self/limits", "utf8"))?.slice(1).join(" / ") ?? "?";
  } catch {
    // not Linux
  }
  let cores = cpus().length;
  try {
    cores = Number(execFileSync("nproc", { encoding: "utf8" }).trim()) || cores;
  } catch {
    // no nproc
  }
  const pkg = JSON.parse(readFileSync(new URL("../node_modules/socket.io/package.json", import.meta.url), "utf8")) as { version: string };
  return {
    cores,
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    socketIo: pkg.version,
    openFiles,
  };
}

/** Soft open-file limit of this process (children inherit it), or Infinity when unknown. */
export function openFileLimit(): number {
  try {
    const soft = /Max open files\s+(\S+)/.exec(readFileSync("/proc/self/limits", "utf8"))?.[1];
    return soft === "unlimited" ? Infinity : Number(soft) || Infinity;
  } catch {
    return Infinity;
  }
}

const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : "–");
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ratio = (a: number, b: number) => (Number.isFinite(a / b) && b > 0 ? `${(a / b).toFixed(2)}×` : "–");

export interface RunInfo {
  date: string;
  readers: number;
  posts: number;
  warmup: number;
  gapMs: number;
  batch: number;
  bodyBytes: number;
  durationS: number;
  generators: number;
}

export function markdown(run: RunInfo, m: Machine, results: SystemResult[], storms: StormResult[] = []): string {
  const nd = results.find((r) => r.system === "newsdesk");
  const bare = results.find((r) => r.system === "bare");
  const cols = [nd, bare].filter((r): r is SystemResult => !!r);
  const header = `| | ${cols.map((r) => (r.system === "newsdesk" ? "Newsdesk" : "bare Socket.IO")).join(" | ")} |${nd && bare ? " Newsdesk ÷ bare |" : ""}`;
  const sep = `|---|${cols.map(() => "---:").join("|")}|${nd && bare ? "---:|" : ""}`;
  const row = (label: string, pick: (r: SystemResult) => number, fmt: (v: number) => string) =>
    `| ${label} | ${cols.map((r) => fmt(pick(r))).join(" | ")} |${nd && bare ? ` ${ratio(pick(nd), pick(bare))} |` : ""}`;
  const rows = [
    row("delivery p50 (ms)", (r) => r.delivery.p50, ms),
    row("delivery p99 (ms)", (r) => r.delivery.p99, ms),
    row("delivery max (ms)", (r) => r.delivery.max, ms),
    row("last reader p50 (ms)", (r) => r.lastReader.p50, ms),
    row("last reader p99 (ms)", (r) => r.lastReader.p99, ms),
    row("editor's ack p50 (ms)", (r) => r.ack.p50, ms),
    row("server CPU per post, p50 (ms)", (r) => r.cpuPerPostMs, ms),
    row("RSS per connection: Δ ÷ readers (KB)", (r) => r.rssPerConnection, kb),
    row("RSS per connection: 2nd-half slope (KB)", (r) => r.rssMarginal, kb),
    row("JS heap per connection (KB)", (r) => r.heapPerConnection, kb),
    row("server RSS idle → loaded (MB)", (r) => r.rssLoadedMb, (v) => v.toFixed(0)),
    row("connect + join all readers (s)", (r) => r.rampMs / 1000, (v) => v.toFixed(1)),
  ];
  const missing = cols.map((r) => `${r.system} ${r.missing}`).join(", ");
  const idle = cols.map((r) => `${r.system} ${r.rssBaseMb.toFixed(0)} MB`).join(", ");
  return `
## Live feed fan-out, ${run.date}

\`npm run bench:feed\` (bench/feed-bench.ts). Machine: ${m.cores} cores (nproc), ${m.cpu}, ${m.memoryGb} GiB,
Node ${m.node}, socket.io ${m.socketIo} on both servers, open files ${m.openFiles} (soft / hard).
${run.readers} readers per server, ${run.posts} measured posts each (+${run.warmup} warm-up), ${run.gapMs} ms apart,
one server at a time; ${run.bodyBytes}-byte posts; readers connected ${run.batch} at a time, spread over
${run.generators} generator processes. Run took ${run.durationS.toFixed(0)} s.

${header}
${sep}
${rows.join("\n")}

Delivery samples: ${cols.map((r) => `${r.system} ${r.delivery.count}`).join(", ")}; never received (or failed to join): ${missing}.
Idle server RSS before the readers: ${idle}. Latencies are stamped in the generator processes
that hold the readers (epoch clock, same machine), so they include their decoding of the fan-out;
the bare server is the floor of this set-up, and the ratio is what Newsdesk adds to it.
${stormTable(storms)}`;
}

function stormTable(storms: StormResult[]): string {
  if (storms.length === 0) return "";
  const name = (s: StormResult) => (s.system === "newsdesk" ? "Newsdesk" : "bare Socket.IO");
  const rows = storms.map(
    (s) =>
      `| ${name(s)} | ${s.readers} in ${(s.spreadMs / 1000).toFixed(0)} s | ${s.joined} | ${s.errors}${s.firstError ? ` (${s.firstError.slice(0, 60)})` : ""} | ${(s.allJoinedMs / 1000).toFixed(1)} | ${(s.cpuMs / 1000).toFixed(1)} | ${s.cpuPerJoinMs.toFixed(2)} |`,
  );
  return `
### Join storm

Readers arriving at uniformly random moments within the window, each connecting and joining
(Newsdesk: \`live:join\`, answered from the story's public snapshot; bare: a room join). "All
joined" runs from the storm's start until the last reader had its answer.

| server | arrivals | joined | errors | all joined (s) | server CPU (s) | CPU per join (ms) |
|---|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}
`;
}
