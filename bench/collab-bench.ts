/**
 * `npm run bench:collab`: Newsdesk's card-text collaboration against Hocuspocus (SQLite
 * persistence), same load, same run, on loopback. Each server runs in its own child process
 * (bench/collab-server.ts); this process runs every editor. Appends a dated section to
 * bench/RESULTS.md (or BENCH_RESULTS).
 *
 * Env: BENCH_SECONDS (60 per system), BENCH_EDITORS (50), BENCH_CARDS (20), BENCH_OPS (edits
 * per second per editor, 5), BENCH_SYSTEMS ("newsdesk,hocuspocus"), BENCH_WARMUP_SECONDS (5 of
 * unrecorded typing first), BENCH_SLICE_SECONDS (10: the systems type in alternating slices this
 * long; 0: one whole window after the other), BENCH_PROFILE=1 (server-side timings and a CPU
 * profile of each server, one window after the other; they perturb it a little), BENCH_RESULTS
 * (file to append to; "-" for none), BENCH_CONTENTION=1 (a sibling process burns one core all
 * along), BENCH_SWEEP="50,100,200,400,800" (capacity sweep: one run per editor count, 2.5
 * editors per card; reports the largest count whose p99 stays ≤ 20 ms with every edit
 * delivered within 5 s). Experiments: BENCH_DERIVE_DELAY_MS, BENCH_COMPACT_EVERY
 * (CardDocs options, see collab-server.ts), BENCH_COMMIT_INTERVAL_MS (SQLite's commit pacing), BENCH_SQLITE_SYNCHRONOUS=normal (the server's
 * default is full), BENCH_SERVER_BUNDLE (a server bundle built earlier, e.g. of another commit,
 * instead of building this checkout's: two benches of Newsdesk alone, one per bundle, run side by
 * side see the same machine, which compares two versions far more precisely than runs one after
 * the other), BENCH_SERVER_FLAGS (Node flags for Newsdesk's server, after those of `npm start`).
 */
import { spawn } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { monitorEventLoopDelay, performance, type IntervalHistogram } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { connectEditors, newsdeskCards, rng, typeOnce, type Editor, type Shared, type System } from "./collab-editors";
import { checkpointedFileBytes, codeVersion, cpuSeconds, machine, machineBusySeconds, percentile, readStored, sampleRss, versionOf, writtenBytes, type Stored } from "./collab-measure";
import { report, sweepReport, type Result } from "./collab-report";
import { summariseProfile } from "./cpuprofile-summary";
import { forkServer, newsdeskNodeFlags, type Child } from "./child-server";
import { sleep } from "../tests/helpers/wait";
import { buildServer } from "../scripts/build-server.mjs";
import type { MemorySummary } from "./heap-summary";

const here = dirname(fileURLToPath(import.meta.url));
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const SECONDS = num("BENCH_SECONDS", 60);
let EDITORS = num("BENCH_EDITORS", 50);
let CARDS = Math.min(num("BENCH_CARDS", 20), EDITORS);
/** Editor counts of a capacity sweep (BENCH_SWEEP="50,100,200,400,800"): one short run per count. */
const SWEEP = (process.env.BENCH_SWEEP ?? "").split(",").map(Number).filter((n) => n > 0);
/** BENCH_CONTENTION=1: a sibling process burns one core for the whole run, as on a busy server. */
const CONTENTION = process.env.BENCH_CONTENTION === "1";
/** BENCH_MEMORY=1: after the load, each server summarises what its memory holds (a heap snapshot). */
const MEMORY = process.env.BENCH_MEMORY === "1";
/** An edit that reaches another editor later than this (or never) counts as not delivered. */
const DELIVERY_DEADLINE_MS = 5_000;
const OPS = num("BENCH_OPS", 5);
const SYSTEMS = (process.env.BENCH_SYSTEMS ?? "newsdesk,hocuspocus").split(",").map((s) => s.trim()) as System[];
const PROFILE = process.env.BENCH_PROFILE === "1";
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP_SECONDS ?? 5) || 0);
const SLICE = PROFILE ? 0 : Number(process.env.BENCH_SLICE_SECONDS ?? 10);
const RESULTS = process.env.BENCH_RESULTS ?? join(here, "RESULTS.md");
const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const LOOP_RESOLUTION_MS = 5;

/**
 * Both servers run from one bundle with plain Node, as `npm start` runs Newsdesk (no tsx loader
 * in the measured process: it held ~40 MB). BENCH_TSX=1 runs the TypeScript through tsx instead.
 */
let serverScript: Promise<string> | undefined;
function startServer(system: System, dir: string): Promise<Child> {
  const script = (serverScript ??=
    process.env.BENCH_SERVER_BUNDLE
      ? Promise.resolve(process.env.BENCH_SERVER_BUNDLE)
      : process.env.BENCH_TSX === "1"
      ? Promise.resolve(join(here, "collab-server.ts"))
      : buildServer({ entry: join(here, "collab-server.ts"), outfile: join(here, "..", "dist", "bench", "collab-server.mjs") }).then((b) => b.outfile));
  // Newsdesk with the Node flags `npm start` gives it (and BENCH_SERVER_FLAGS, for experiments).
  const flags = system === "newsdesk" ? [...newsdeskNodeFlags(), ...(process.env.BENCH_SERVER_FLAGS ?? "").split(" ").filter(Boolean)] : [];
  return script.then((path) => forkServer(path, [system, dir], { name: system, execArgv: flags }));
}

/** The server's window stats, with its CPU profile summarised and copied out of the temp dir. */
async function windowProfile(system: System, server: Child): Promise<unknown> {
  const { stats } = (await server.ask("window-end", "window")) as { stats: Record<string, unknown> };
  const kept = join(tmpdir(), `bench-collab-${system}.cpuprofile`);
  copyFileSync(String(stats.cpuProfile), kept);
  log(`${system}: server CPU profile of the window in ${kept}`);
  return { ...stats, cpuProfile: kept, cpu: summariseProfile(kept) };
}

/** Tokens of the edits each editor had acknowledged (acks come back in send order on one connection). */
function ackedTokens(editors: Editor[]): string[] {
  return editors.flatMap((e) => e.ops.slice(0, e.acked()).filter((t): t is string => t !== null));
}

/** One system under test: its server, its editors, and what its typing slices added up to. */
interface Run {
  system: System;
  dir: string;
  server: Child;
  cards: string[];
  editors: Editor[];
  shared: Shared;
  seq: Map<Editor, number>;
  /** How many other editors share each editor's card (deliveries each insert owes). */
  peers: Map<Editor, number>;
  before: Stored;
  loop: IntervalHistogram;
  totals: { seconds: number; cpu: number; written: number; storage: number; busy: number; clientCpu: number };
  rss: { peak: number; last: number };
  profile: unknown;
  drained?: { sent: number; ackedInWindow: number; unsaved: number; atAck: Stored };
  /** Edits sent and acked during the warm-up (kept for the storage check, not counted as load). */
  warm: { sent: number; acked: number };
}

async function setUp(system: System): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), `bench-collab-${system}-`));
  log(`${system}: starting the server (data in ${dir})`);
  const server = await startServer(system, dir);
  const cards =
    system === "newsdesk"
      ? await newsdeskCards(`http://127.0.0.1:${server.port}`, CARDS)
      : Array.from({ length: CARDS }, (_, i) => `bench-card-${i + 1}`);
  const shared: Shared = { sentAt: new Map(), latencies: [], byThird: [[], [], []], third: 0, ackLatencies: [], recording: false, expected: 0 };
  const editors = await connectEditors(system, server.port, EDITORS, cards, shared);
  const onCard = new Map<string, number>();
  for (const e of editors) onCard.set(e.card, (onCard.get(e.card) ?? 0) + 1);
  log(`${system}: ${editors.length} editors on ${cards.length} cards`);
  await sleep(1000);
  const before = readStored(system, dir, cards);
  editors.forEach((e) => e.resetAcks());
  return {
    system,
    dir,
    server,
    cards,
    editors,
    shared,
    seq: new Map(editors.map((e) => [e, 0])),
    peers: new Map(editors.map((e) => [e, onCard.get(e.card)! - 1])),
    before,
    loop: monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS }),
    totals: { seconds: 0, cpu: 0, written: 0, storage: 0, busy: 0, clientCpu: 0 },
    rss: { peak: 0, last: 0 },
    profile: null,
    warm: { sent: 0, acked: 0 },
  };
}

const sentBy = (editors: Editor[]) => editors.reduce((n, e) => n + e.ops.length, 0);
const ackedBy = (editors: Editor[]) => editors.reduce((n, e) => n + e.acked(), 0);

/** Types for WARMUP seconds unmeasured (JIT, query plans, caches), then starts the record. */
async function warmUp(run: Run, random: () => number): Promise<void> {
  if (WARMUP > 0) {
    log(`${run.system}: warming up for ${WARMUP} s`);
    await typeFor(run, WARMUP, random);
    await Promise.all(run.editors.map((e) => e.whenSaved(60_000)));
    await sleep(500);
  }
  run.warm = { sent: sentBy(run.editors), acked: ackedBy(run.editors) };
  run.totals = { seconds: 0, cpu: 0, written: 0, storage: 0, busy: 0, clientCpu: 0 };
  run.rss = { peak: 0, last: 0 };
  run.loop.reset();
  run.shared.recording = true;
}

/** Every editor of the run types OPS edits per second for `seconds`; the server's costs are added up. */
async function typeFor(run: Run, seconds: number, random: () => number): Promise<void> {
  const pid = run.server.proc.pid!;
  run.shared.third = Math.min(2, Math.floor((run.totals.seconds / SECONDS) * 3 + 0.01)) as 0 | 1 | 2;
  run.loop.enable();
  const stopRss = sampleRss(pid);
  const cpu0 = cpuSeconds(pid);
  const written0 = writtenBytes(pid);
  const busy0 = machineBusySeconds();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const timers: NodeJS.Timeout[] = [];
  const period = 1000 / OPS;
  for (const editor of run.editors) {
    const tick = () => {
      const seq = run.seq.get(editor)! + 1;
      run.seq.set(editor, seq);
      const token = typeOnce(editor, seq, random, run.shared);
      editor.ops.push(token);
      if (token && run.shared.recording) run.shared.expected += run.peers.get(editor)!;
    };
    timers.push(setTimeout(() => timers.push(setInterval(tick, period)), random() * period));
  }
  await sleep(seconds * 1000);
  timers.forEach((t) => clearInterval(t));
  const t = run.totals;
  t.seconds += (performance.now() - t0) / 1000;
  t.cpu += cpuSeconds(pid) - cpu0;
  const written1 = writtenBytes(pid);
  t.written += written1.all - written0.all;
  t.storage += written1.storage - written0.storage;
  t.busy += machineBusySeconds() - busy0;
  const client = process.cpuUsage(client0);
  t.clientCpu += (client.user + client.system) / 1e6;
  const rss = stopRss();
  run.rss = { peak: Math.max(run.rss.peak, rss.peak), last: rss.last };
  run.loop.disable();
}

/**
 * Right after a system's last slice: waits for every ack, then reads what is stored at once,
 * as a server killed at that moment would leave it.
 */
async function drain(run: Run): Promise<void> {
  const { system, editors } = run;
  const sent = sentBy(editors) - run.warm.sent;
  const ackedInWindow = ackedBy(editors) - run.warm.acked;
  log(`${system}: ${sent} edits sent, ${ackedInWindow} acked while typing; waiting for the rest`);
  const drained = await Promise.all(editors.map((e) => e.whenSaved(60_000).then(() => true, () => false)));
  run.drained = { sent, ackedInWindow, unsaved: drained.filter((d) => !d).length, atAck: readStored(system, run.dir, run.cards) };
  await sleep(1000); // the last broadcasts
  run.shared.recording = false;
}

async function finish(run: Run): Promise<Result> {
  const { system, dir, server, cards, editors, shared, before, totals: t } = run;
  const { sent, ackedInWindow, unsaved, atAck } = run.drained!;
  const acked = ackedTokens(editors);
  const ackedEdits = ackedBy(editors); // warm-up included: all of them must be stored
  // With every editor still connected and every document loaded: what the memory holds.
  const memory = MEMORY ? ((await server.ask("memory")) as { stats: MemorySummary }).stats : undefined;

  editors.forEach((e) => e.close());
  await sleep(500);
  await server.stop();
  const final = readStored(system, dir, cards);
  const fileBytes = checkpointedFileBytes(system, dir);
  rmSync(dir, { recursive: true, force: true });
  const latencies = shared.latencies.sort((a, b) => a - b);
  const onTime = latencies.filter((l) => l <= DELIVERY_DEADLINE_MS).length;
  log(`${system}: done (${latencies.length} latency samples)`);
  const perEdit = (n: number, edits: number) => n / Math.max(1, edits);
  return {
    system,
    latency: {
      samples: latencies.length,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      max: latencies.at(-1) ?? Number.NaN,
      p99ByThird: shared.byThird.map((l) => percentile(l.sort((a, b) => a - b), 0.99)),
    },
    deliveries: { expected: shared.expected, late: Math.max(0, shared.expected - onTime) },
    ack: ((l) => ({ p50: percentile(l, 0.5), p99: percentile(l, 0.99) }))(shared.ackLatencies.sort((a, b) => a - b)),
    window: t.seconds,
    sent,
    ackedInWindow,
    ackedEdits,
    unsavedEditors: unsaved,
    serverCpuPct: (t.cpu / t.seconds) * 100,
    writtenPerEdit: perEdit(t.written, ackedInWindow),
    storageWrittenPerEdit: perEdit(t.storage, ackedInWindow),
    rss: run.rss,
    clientCpuPct: (t.clientCpu / t.seconds) * 100,
    // Everything else: the other developers' work, and the idle peer server while interleaved.
    otherCpuPct: Math.max(0, (t.busy - t.cpu - t.clientCpu) / t.seconds) * 100,
    clientLoopP99: run.loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS, // the histogram includes the timer period
    docBytesPerEdit: perEdit(final.docBytes - before.docBytes, ackedEdits),
    docBytesAtAckPerEdit: perEdit(atAck.docBytes - before.docBytes, ackedEdits),
    rowsAtAck: atAck.rows,
    dbGrowthPerEdit: perEdit(final.dbBytes - before.dbBytes, ackedEdits),
    fileBytes,
    ackedTokens: acked.length,
    storedAtAck: acked.filter((tok) => atAck.tokens.has(tok)).length,
    storedFinal: acked.filter((tok) => final.tokens.has(tok)).length,
    profile: run.profile,
    memory,
  };
}

/**
 * Both systems are set up first, then type in alternating slices (A B B A A B …) of SLICE
 * seconds, so that both see the same background load on a shared machine. With BENCH_PROFILE
 * (or BENCH_SLICE_SECONDS=0) each system types its whole window in one go, one after the other.
 */
async function runAll(): Promise<Result[]> {
  const runs: Run[] = [];
  try {
    for (const system of SYSTEMS) runs.push(await setUp(system));
    const random = rng(20261123);
    for (const run of runs) await warmUp(run, random);
    if (SLICE <= 0 || SLICE >= SECONDS || runs.length === 1) {
      for (const run of runs) {
        if (PROFILE) await run.server.ask("window-start", "window-started");
        log(`${run.system}: typing for ${SECONDS} s`);
        for (let third = 0; third < 3; third++) await typeFor(run, SECONDS / 3, random);
        if (PROFILE) run.profile = await windowProfile(run.system, run.server);
        await drain(run);
      }
    } else {
      const slices = Math.ceil(SECONDS / SLICE);
      log(`typing ${SECONDS} s per system in ${slices} alternating slices of ≤ ${SLICE} s`);
      for (let k = 0; k < slices; k++) {
        const order = k % 2 === 0 ? runs : [...runs].reverse();
        const seconds = Math.min(SLICE, SECONDS - k * SLICE);
        for (const run of order) {
          await typeFor(run, seconds, random);
          if (k === slices - 1) await drain(run); // its last slice
        }
      }
    }
    const results: Result[] = [];
    for (const run of runs) results.push(await finish(run));
    return results;
  } catch (err) {
    for (const run of runs) run.server.proc.kill("SIGKILL");
    throw err;
  }
}

/** A sibling process that keeps one core busy (a plain busy loop) until killed. */
function burnOneCore(): () => void {
  const burner = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  log(`contention: a sibling process (pid ${burner.pid}) burns one core for the whole run`);
  return () => burner.kill("SIGKILL");
}

async function main(): Promise<void> {
  const code = codeVersion(); // before the run: the servers load the code as it is now
  const stopBurning = CONTENTION ? burnOneCore() : () => {};
  const meta = (editors: number, cards: number) => ({
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: machine(),
    config: { seconds: SECONDS, editors, cards, ops: OPS, slice: SLICE > 0 && SLICE < SECONDS && SYSTEMS.length > 1 ? SLICE : 0, warmup: WARMUP },
    hocuspocus: versionOf("@hocuspocus/server"),
    code,
    contention: CONTENTION,
  });
  let md: string;
  try {
    if (SWEEP.length > 0) {
      const steps: { editors: number; results: Result[] }[] = [];
      for (const n of SWEEP) {
        EDITORS = n;
        CARDS = Math.max(1, Math.round(n / 2.5));
        log(`sweep: ${EDITORS} editors on ${CARDS} cards`);
        steps.push({ editors: n, results: await runAll() });
      }
      md = sweepReport(steps, meta(0, 0), { p99Ms: 20, deadlineMs: DELIVERY_DEADLINE_MS });
    } else {
      md = report(await runAll(), meta(EDITORS, CARDS));
    }
  } finally {
    stopBurning();
  }
  console.log(`\n${md}`);
  if (RESULTS !== "-") {
    appendFileSync(RESULTS, `\n${md}`);
    log(`appended to ${RESULTS}`);
  }
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
