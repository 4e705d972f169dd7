/** The Markdown section `npm run bench:collab` appends to bench/RESULTS.md. */
import type { System } from "./collab-editors";
import type { MemorySummary } from "./heap-summary";

export interface Result {
  system: System;
  latency: { samples: number; p50: number; p95: number; p99: number; max: number; p99ByThird: number[] };
  /** Deliveries owed in the window (insert × other editor of its card), and those not made within the deadline. */
  deliveries: { expected: number; late: number };
  /** Length of the typing window, s. */
  /** Edit → ack at the sender: stored (Newsdesk) or applied in memory (Hocuspocus). */
  ack: { p50: number; p99: number };
  window: number;
  sent: number;
  ackedInWindow: number;
  /** Acknowledged edits once everything sent was answered. */
  ackedEdits: number;
  unsavedEditors: number;
  serverCpuPct: number;
  /** Bytes the server wrote (sockets + files) in the window, per edit acked in it. */
  writtenPerEdit: number;
  /** Of which reached the disk (write_bytes), per edit acked in the window. */
  storageWrittenPerEdit: number;
  rss: { peak: number; last: number };
  clientCpuPct: number;
  /** CPU used by everything else on the machine during the window (% of one core). */
  otherCpuPct: number;
  clientLoopP99: number;
  /** Growth of the documents' stored bytes per acked edit, after a graceful shutdown. */
  docBytesPerEdit: number;
  /** The same, read right after the last ack (before any shutdown work). */
  docBytesAtAckPerEdit: number;
  rowsAtAck: number;
  /** Growth of page_count × page_size per acked edit. */
  dbGrowthPerEdit: number;
  fileBytes: number;
  ackedTokens: number;
  storedAtAck: number;
  storedFinal: number;
  profile: unknown;
  /** BENCH_MEMORY: what the server's memory held after the load. */
  memory?: MemorySummary;
}

interface Meta {
  date: string;
  machine: Record<string, string>;
  config: { seconds: number; editors: number; cards: number; ops: number; slice: number; warmup: number };
  hocuspocus: string;
  /** The commit measured (and any uncommitted server changes). */
  code: string;
  /** A sibling process burned one core during the run. */
  contention?: boolean;
}

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : "–");

export function report(results: Result[], meta: Meta): string {
  const ours = results.find((r) => r.system === "newsdesk");
  const peer = results.find((r) => r.system === "hocuspocus");
  const cols = [ours, peer].filter((r): r is Result => !!r);
  const name = (r: Result) => (r.system === "newsdesk" ? "Newsdesk" : `Hocuspocus ${meta.hocuspocus}`);
  type Row = [string, (r: Result) => string, ((r: Result) => number) | null];
  const rows: Row[] = [
    ["edit → remote apply p50 (ms)", (r) => f(r.latency.p50, 2), (r) => r.latency.p50],
    ["edit → remote apply p95 (ms)", (r) => f(r.latency.p95, 2), (r) => r.latency.p95],
    ["edit → remote apply p99 (ms)", (r) => f(r.latency.p99, 2), (r) => r.latency.p99],
    ["edit → remote apply max (ms)", (r) => f(r.latency.max, 1), (r) => r.latency.max],
    ["p99 in the first / middle / last third of the window (ms)", (r) => r.latency.p99ByThird.map((v) => f(v, 1)).join(" / "), null],
    ["edit → ack at the sender, p50 / p99 (ms; ack = stored for Newsdesk, applied in memory for Hocuspocus)", (r) => `${f(r.ack.p50, 2)} / ${f(r.ack.p99, 2)}`, (r) => r.ack.p99],
    ["latency samples (token × receiving editor)", (r) => String(r.latency.samples), null],
    ["deliveries later than 5 s or missing / owed", (r) => `${r.deliveries.late} / ${r.deliveries.expected}`, null],
    ["edits sent in the window", (r) => String(r.sent), null],
    ["edits acked/s (acked in the window ÷ window)", (r) => f(r.ackedInWindow / r.window, 1), (r) => r.ackedInWindow / r.window],
    ["server CPU, % of one core", (r) => f(r.serverCpuPct, 1), (r) => r.serverCpuPct],
    ["server bytes written per edit: sockets + files (to disk)", (r) => `${f(r.writtenPerEdit, 0)} (${f(r.storageWrittenPerEdit, 0)})`, (r) => r.writtenPerEdit],
    ["server RSS MB, peak (end of window)", (r) => `${f(r.rss.peak, 0)} (${f(r.rss.last, 0)})`, (r) => r.rss.peak],
    ["stored doc bytes per acked edit, right after the last ack", (r) => f(r.docBytesAtAckPerEdit, 1), (r) => r.docBytesAtAckPerEdit],
    ["stored doc bytes per acked edit, after graceful shutdown", (r) => f(r.docBytesPerEdit, 1), (r) => r.docBytesPerEdit],
    ["database growth per acked edit (bytes)", (r) => f(r.dbGrowthPerEdit, 0), (r) => r.dbGrowthPerEdit],
    ["acked edits stored right after the last ack (as if the server died then)", (r) => `${r.storedAtAck}/${r.ackedTokens}`, null],
    ["acked edits stored after graceful shutdown", (r) => `${r.storedFinal}/${r.ackedTokens}`, null],
    ["load generator: CPU % / event-loop delay p99 (ms)", (r) => `${f(r.clientCpuPct, 0)} / ${f(r.clientLoopP99, 1)}`, null],
    ["other processes on the machine: CPU % (of one core; 2 cores = 200 %)", (r) => f(r.otherCpuPct, 0), null],
  ];
  const lines: string[] = [];
  const c = meta.config;
  lines.push(`## Card-text collaboration, ${meta.date} — ${c.seconds} s, ${c.editors} editors on ${c.cards} cards, ${c.ops} edits/s each`);
  lines.push("");
  const m = meta.machine;
  lines.push(`Machine: nproc ${m.nproc}; ${m.cpu}; ${m.memory} RAM; Node ${m.node}. Loopback; each server in its own process; SQLite file in a temp dir.`);
  if (meta.contention) lines.push("", "**Contention mode**: a sibling process burned one full core for the whole run (a busy shared server).");
  lines.push("");
  lines.push(`Code: ${meta.code}.`);
  lines.push("");
  lines.push(
    c.slice
      ? `After ${c.warmup} s of unrecorded warm-up each, the systems typed in alternating ${c.slice}-s slices (A B B A …), ${c.seconds} s each in all, so both saw the same background load.`
      : `After ${c.warmup} s of unrecorded warm-up each, the systems typed one after the other, one whole window each.`,
  );
  lines.push("");
  lines.push(`| metric | ${cols.map(name).join(" | ")} |${ours && peer ? " ours / Hocuspocus |" : ""}`);
  lines.push(`| --- |${cols.map(() => " ---: |").join("")}${ours && peer ? " ---: |" : ""}`);
  for (const [label, show, value] of rows) {
    const cells = cols.map(show).join(" | ");
    const r = ours && peer && value ? ratio(value(ours), value(peer)) : ours && peer ? "" : null;
    lines.push(`| ${label} | ${cells} |${r !== null ? ` ${r} |` : ""}`);
  }
  lines.push("");
  if (ours) {
    const under50 = ours.latency.p99 < 50;
    let check = `Target: Newsdesk p99 ${f(ours.latency.p99, 2)} ms < 50 ms: **${under50 ? "met" : `missed by ${f(ours.latency.p99 - 50, 2)} ms`}**`;
    if (peer) {
      const le = ours.latency.p99 <= peer.latency.p99;
      const by = ours.latency.p99 - peer.latency.p99;
      check += `; ≤ Hocuspocus p99 ${f(peer.latency.p99, 2)} ms: **${le ? "met" : `missed by ${f(by, 2)} ms (${ratio(ours.latency.p99, peer.latency.p99)})`}**.`;
    }
    lines.push(check);
    lines.push("");
  }
  const unsaved = cols.filter((r) => r.unsavedEditors > 0);
  for (const r of unsaved) lines.push(`Warning: ${r.unsavedEditors} ${name(r)} editors still had unacknowledged edits 60 s after the load.`);
  for (const r of cols) if (r.profile) lines.push(...profileLines(name(r), r.profile as Profile));
  for (const r of cols) if (r.memory) lines.push(...memoryLines(name(r), r.memory));
  return `${lines.join("\n")}\n`;
}

type Timing = { count: number; mean: number; p50: number; p99: number; max: number };
interface Profile {
  insertMs?: Timing;
  syncReceiptToAckMs?: Timing;
  syncReceiptToRelayMs?: Timing;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  gcPausesMs?: Record<string, { count: number; total: number; p99: number; max: number }>;
  cpuProfile: string;
  cpu: { wallMs: number; busyPct: number; byArea: Record<string, number>; topSelf: Record<string, number>; topProjectInclusive: Record<string, number> };
}

const timing = (t: Timing) => `n ${t.count}, mean ${f(t.mean, 2)}, p50 ${f(t.p50, 2)}, p99 ${f(t.p99, 2)}, max ${f(t.max, 1)} ms`;
const shares = (m: Record<string, number>) =>
  Object.entries(m)
    .map(([k, v]) => `\`${k}\` ${f(v, 1)} %`)
    .join(", ");

/** BENCH_PROFILE: what the server did during the window (CPU shares are % of one core). */
function profileLines(system: string, p: Profile): string[] {
  const out = [`### ${system}: server profile over the window (BENCH_PROFILE=1)`, ""];
  if (p.insertMs) out.push(`- group-committed append of update rows (one batch): ${timing(p.insertMs)}`);
  if (p.syncReceiptToRelayMs) out.push(`- collab:sync, receipt by the handlers to relay to the card's other editors: ${timing(p.syncReceiptToRelayMs)}`);
  if (p.syncReceiptToAckMs) out.push(`- collab:sync, receipt by the handlers to ack (stored): ${timing(p.syncReceiptToAckMs)}`);
  const d = p.eventLoopDelayMs;
  out.push(`- server event-loop delay: p50 ${f(d.p50, 2)} / p99 ${f(d.p99, 2)} / max ${f(d.max, 1)} ms`);
  const gc = Object.entries(p.gcPausesMs ?? {}).map(([kind, g]) => `${kind} ${g.count}× (${f(g.total, 0)} ms in all, p99 ${f(g.p99, 1)}, max ${f(g.max, 1)} ms)`);
  if (gc.length > 0) out.push(`- garbage-collection pauses of the main thread: ${gc.join("; ")}`);
  out.push(`- CPU profile (${p.cpuProfile}, ${f(p.cpu.wallMs / 1000, 0)} s): busy ${f(p.cpu.busyPct, 1)} % of one core`);
  out.push(`  - self time by area: ${shares(p.cpu.byArea)}`);
  out.push(`  - top functions, self: ${shares(p.cpu.topSelf)}`);
  out.push(`  - project functions, inclusive: ${shares(p.cpu.topProjectInclusive)}`);
  out.push("");
  return out;
}

/** A capacity sweep: per editor count, each system's p99 and late deliveries; capacity = the largest passing count. */
export function sweepReport(
  steps: { editors: number; results: Result[] }[],
  meta: Meta,
  target: { p99Ms: number; deadlineMs: number },
): string {
  const systems = [...new Set(steps.flatMap((s) => s.results.map((r) => r.system)))];
  const name = (s: System) => (s === "newsdesk" ? "Newsdesk" : `Hocuspocus ${meta.hocuspocus}`);
  const passes = (r: Result) => r.latency.p99 <= target.p99Ms && r.deliveries.late === 0;
  const m = meta.machine;
  const c = meta.config;
  const lines = [
    `## Card-text capacity sweep, ${meta.date} — ${c.seconds} s per step, 2.5 editors per card, ${c.ops} edits/s each`,
    "",
    `Machine: nproc ${m.nproc}; ${m.cpu}; ${m.memory} RAM; Node ${m.node}. Loopback; each server in its own process; SQLite file in a temp dir.`,
    ...(meta.contention ? ["", "**Contention mode**: a sibling process burned one full core for the whole run."] : []),
    "",
    `Code: ${meta.code}.`,
    "",
    `A step passes when p99 ≤ ${target.p99Ms} ms and every edit reached every other editor of its card within ${target.deadlineMs / 1000} s.`,
    "",
    `| editors | ${systems.map((s) => `${name(s)} p99 ms / late / server CPU %`).join(" | ")} | other CPU % |`,
    `| ---: |${systems.map(() => " ---: |").join("")} ---: |`,
  ];
  for (const step of steps) {
    const cells = systems.map((s) => {
      const r = step.results.find((x) => x.system === s);
      return r ? `${f(r.latency.p99, 1)} / ${r.deliveries.late} / ${f(r.serverCpuPct, 0)}${passes(r) ? "" : " ✗"}` : "–";
    });
    const other = Math.max(...step.results.map((r) => r.otherCpuPct));
    lines.push(`| ${step.editors} | ${cells.join(" | ")} | ${f(other, 0)} |`);
  }
  lines.push("");
  const capacity = (s: System) => {
    let best = 0;
    for (const step of steps) {
      const r = step.results.find((x) => x.system === s);
      if (r && passes(r)) best = step.editors;
      else break;
    }
    return best;
  };
  const caps = systems.map((s) => [s, capacity(s)] as const);
  const ours = caps.find(([s]) => s === "newsdesk")?.[1];
  const peer = caps.find(([s]) => s === "hocuspocus")?.[1];
  const versus = ours !== undefined && peer ? `; ours / Hocuspocus = **${ratio(ours, peer)}** (target ≥ 2×)` : "";
  lines.push(`Capacity: ${caps.map(([s, n]) => `${name(s)} **${n}** editors`).join(", ")}${versus}.`);
  lines.push("");
  return `${lines.join("\n")}\n`;
}

/** BENCH_MEMORY: the server's memory after the load, and the heap's largest holders. */
function memoryLines(system: string, m: MemorySummary): string[] {
  return [
    `### ${system}: memory after the load (BENCH_MEMORY=1)`,
    "",
    `- RSS ${m.rssMb} MB; V8 heap used ${m.heapUsedMb} of ${m.heapTotalMb} MB; outside the heap ${m.externalMb} MB (array buffers ${m.arrayBuffersMb} MB)`,
    `- heap self size by constructor (MB, count): ${m.byConstructor.map(([k, mbs, n]) => `\`${k}\` ${mbs} (${n})`).join(", ")}`,
    "",
  ];
}
