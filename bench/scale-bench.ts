/**
 * `npm run bench:scale`: the co-editing load of bench:collab on ONE Newsdesk process against TWO
 * processes sharing Rooms through the Redis adapter, in one run, both on Postgres (a throwaway
 * database each; several processes need Postgres). Appends a dated section to bench/RESULTS.md.
 *
 * 1. Latency, same load as bench:collab (50 editors on 20 cards, 5 edits/s each): in the
 *    two-process set-up editor i connects to process ⌊i / cards⌋ mod 2, so every card has editors on both
 *    and most remote applies cross processes (relayed by the writer's process only after the
 *    update is stored, then through Redis). The set-ups type in alternating slices (A B B A…),
 *    so the machine's background load hits both alike.
 * 2. Throughput: the same editors type as fast as their acks allow (at most WINDOW unacked
 *    edits each): acknowledged (= stored) edits per second.
 *
 * Env: BENCH_SECONDS (latency seconds per set-up, 30), BENCH_SAT_SECONDS (throughput seconds per
 * set-up, 12), BENCH_EDITORS (50), BENCH_CARDS (20), BENCH_OPS (5), BENCH_WINDOW (4),
 * BENCH_SLICE_SECONDS (10), BENCH_REDIS_URL (redis://127.0.0.1:6379), BENCH_RESULTS (file, "-" for none).
 */
import { appendFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureParagraph, newsdeskCards, newsdeskEditor, rng, typeOnce, type Editor, type Shared } from "./collab-editors";
import { codeVersion, cpuSeconds, machine, machineBusySeconds, percentile } from "./collab-measure";
import { forkServer, type Child, newsdeskNodeFlags } from "./child-server";
import { BODY_FIELD } from "../lib/protocol/collab";
import { createTestDatabase, type TestDatabase } from "../tests/helpers/databases";
import { sleep, waitFor } from "../tests/helpers/wait";

const here = dirname(fileURLToPath(import.meta.url));
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const SECONDS = num("BENCH_SECONDS", 30);
const SAT_SECONDS = num("BENCH_SAT_SECONDS", 12);
const EDITORS = num("BENCH_EDITORS", 50);
const CARDS = Math.min(num("BENCH_CARDS", 20), EDITORS);
const OPS = num("BENCH_OPS", 5);
const WINDOW = num("BENCH_WINDOW", 4);
const SLICE = num("BENCH_SLICE_SECONDS", 10);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const RESULTS = process.env.BENCH_RESULTS ?? join(here, "RESULTS.md");
const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

interface Setup {
  name: "one process" | "two processes + Redis";
  database: TestDatabase;
  servers: Child[];
  editors: Editor[];
  shared: Shared;
  seq: Map<Editor, number>;
  typing: { seconds: number; acked: number; serverCpu: number; busy: number };
  saturated: { seconds: number; acked: number; serverCpu: number; busy: number };
}

const newShared = (): Shared => ({ sentAt: new Map(), latencies: [], byThird: [[], [], []], third: 0, ackLatencies: [], recording: false, expected: 0 });

async function setUp(name: Setup["name"], processes: number): Promise<Setup> {
  const database = await createTestDatabase("postgres");
  const prefix = `newsdesk-bench-${process.pid}-${processes}`;
  const servers: Child[] = [];
  // One at a time: the first migrates and seeds, the others find it done.
  for (let i = 0; i < processes; i++) {
    servers.push(await forkServer(join(here, "scale-server.ts"), [database.url, processes > 1 ? REDIS_URL : "-", prefix], { name: `${name} #${i + 1}`, execArgv: newsdeskNodeFlags() }));
  }
  const urls = servers.map((s) => `http://127.0.0.1:${s.port}`);
  const cards = await newsdeskCards(urls[0], CARDS);
  const shared = newShared();
  // Editor i types on card i mod CARDS, on process floor(i / CARDS) mod N: each card's editors
  // are spread over the processes.
  const urlOf = (i: number) => urls[Math.floor(i / cards.length) % urls.length];
  const first = await Promise.all(cards.map((card, i) => newsdeskEditor(urlOf(i), i, card, shared)));
  for (const e of first) ensureParagraph(e.doc);
  await Promise.all(first.map((e) => e.whenSaved(30_000)));
  const rest: Editor[] = [];
  for (let i = cards.length; i < EDITORS; i += 10) {
    const batch = [];
    for (let j = i; j < Math.min(EDITORS, i + 10); j++) batch.push(newsdeskEditor(urlOf(j), j, cards[j % cards.length], shared));
    rest.push(...(await Promise.all(batch)));
  }
  const editors = [...first, ...rest];
  await waitFor(() => editors.every((e) => e.doc.getXmlFragment(BODY_FIELD).length > 0), {
    timeoutMs: 30_000,
    intervalMs: 50,
    what: `${name}: every editor has the paragraph`,
  });
  const zero = () => ({ seconds: 0, acked: 0, serverCpu: 0, busy: 0 });
  log(`${name}: ${servers.length} process(es) on ports ${servers.map((s) => s.port).join(", ")}, ${editors.length} editors on ${cards.length} cards`);
  return { name, database, servers, editors, shared, seq: new Map(), typing: zero(), saturated: zero() };
}

const cpuOf = (s: Setup) => s.servers.reduce((sum, c) => sum + cpuSeconds(c.proc.pid!), 0);

/** Types for `seconds`: paced at OPS per editor, or saturating (at most WINDOW unacked each). */
async function typeFor(setup: Setup, seconds: number, random: () => number, mode: "paced" | "saturated"): Promise<void> {
  const into = mode === "paced" ? setup.typing : setup.saturated;
  for (const e of setup.editors) e.resetAcks();
  const sentAtStart = new Map(setup.editors.map((e) => [e, e.ops.length]));
  const cpu0 = cpuOf(setup);
  const busy0 = machineBusySeconds();
  const t0 = performance.now();
  setup.shared.recording = mode === "paced";
  const type = (editor: Editor) => {
    const seq = (setup.seq.get(editor) ?? 0) + 1;
    setup.seq.set(editor, seq);
    editor.ops.push(typeOnce(editor, seq, random, setup.shared));
  };
  const timers: NodeJS.Timeout[] = [];
  if (mode === "paced") {
    const period = 1000 / OPS;
    for (const editor of setup.editors) timers.push(setTimeout(() => timers.push(setInterval(() => type(editor), period)), random() * period));
    await sleep(seconds * 1000);
  } else {
    const until = t0 + seconds * 1000;
    while (performance.now() < until) {
      for (const editor of setup.editors) {
        const unacked = editor.ops.length - sentAtStart.get(editor)! - editor.acked();
        if (unacked < WINDOW) type(editor);
      }
      await sleep(1);
    }
  }
  timers.forEach((t) => clearInterval(t));
  const elapsed = (performance.now() - t0) / 1000;
  setup.shared.recording = false;
  into.seconds += elapsed;
  into.acked += setup.editors.reduce((n, e) => n + e.acked(), 0);
  into.serverCpu += cpuOf(setup) - cpu0;
  into.busy += machineBusySeconds() - busy0;
  await Promise.all(setup.editors.map((e) => e.whenSaved(60_000).catch(() => undefined)));
}

/** A B B A … slices of `seconds` each in all. */
async function alternate(setups: Setup[], seconds: number, slice: number, mode: "paced" | "saturated", random: () => number) {
  const slices = Math.max(1, Math.round(seconds / slice));
  for (let i = 0; i < slices; i++) {
    const order = i % 2 === 0 ? setups : [...setups].reverse();
    for (const s of order) {
      log(`${s.name}: ${mode} slice ${i + 1}/${slices}`);
      await typeFor(s, seconds / slices, random, mode);
    }
  }
}

function row(label: string, values: string[]) {
  return `| ${label} | ${values.join(" | ")} |`;
}

async function main() {
  const startedAt = new Date();
  const setups = [await setUp("one process", 1), await setUp("two processes + Redis", 2)];
  const random = rng(20261124);
  log("warm-up (5 s each, not recorded)");
  for (const s of setups) await typeFor(s, 5, random, "paced");
  for (const s of setups) Object.assign(s.typing, { seconds: 0, acked: 0, serverCpu: 0, busy: 0 });
  for (const s of setups) s.shared.latencies.length = s.shared.ackLatencies.length = 0;
  await alternate(setups, SECONDS, SLICE, "paced", random);
  await alternate(setups, SAT_SECONDS, SAT_SECONDS / 2, "saturated", random);

  const stats = setups.map((s) => {
    const lat = [...s.shared.latencies].sort((a, b) => a - b);
    const ack = [...s.shared.ackLatencies].sort((a, b) => a - b);
    return {
      s,
      p50: percentile(lat, 0.5),
      p99: percentile(lat, 0.99),
      ack50: percentile(ack, 0.5),
      ack99: percentile(ack, 0.99),
      paced: s.typing.acked / s.typing.seconds,
      sat: s.saturated.acked / s.saturated.seconds,
      others: (s.saturated.busy - s.saturated.serverCpu) / s.saturated.seconds,
      othersPaced: (s.typing.busy - s.typing.serverCpu) / s.typing.seconds,
    };
  });
  const [one, two] = stats;
  const f = (n: number, d = 2) => n.toFixed(d);
  const addedP99 = two.p99 - one.p99;
  const ratio = two.sat / one.sat;
  const lines = [
    `## Several processes (\`npm run bench:scale\`), ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    `Machine: ${Object.entries(machine()).map(([k, v]) => `${k} ${v}`).join("; ")}. Code: ${codeVersion()}. Postgres 15 (local), Redis 7 (local, shared with other work).`,
    `Load: ${EDITORS} editors on ${CARDS} cards; paced phase ${OPS} edits/s each for ${SECONDS} s per set-up in ${SLICE}-s alternating slices (after 5 s of warm-up); saturated phase ${SAT_SECONDS} s per set-up, at most ${WINDOW} unacknowledged edits per editor. Two processes: editor i types on card i mod ${CARDS} on process ⌊i / ${CARDS}⌋ mod 2, so each card has editors on both.`,
    "",
    row("metric", ["one process", "two processes + Redis", "two ÷ one"]),
    row("---", ["---:", "---:", "---:"]),
    row("edit → remote apply p50 (ms)", [f(one.p50), f(two.p50), `${f(two.p50 / one.p50)}×`]),
    row("edit → remote apply p99 (ms)", [f(one.p99), f(two.p99), `${f(two.p99 / one.p99)}×`]),
    row("edit → ack p50 / p99 (ms)", [`${f(one.ack50)} / ${f(one.ack99)}`, `${f(two.ack50)} / ${f(two.ack99)}`, ""]),
    row("latency samples", [String(one.s.shared.latencies.length), String(two.s.shared.latencies.length), ""]),
    row("paced: edits acked/s", [f(one.paced, 1), f(two.paced, 1), `${f(two.paced / one.paced)}×`]),
    row("**saturated: edits acked/s**", [f(one.sat, 1), f(two.sat, 1), `**${f(ratio)}×**`]),
    row("saturated: Newsdesk servers' CPU (% of a core)", [f((100 * one.s.saturated.serverCpu) / one.s.saturated.seconds, 0), f((100 * two.s.saturated.serverCpu) / two.s.saturated.seconds, 0), ""]),
    row("other processes' CPU, paced / saturated (% of a core; load generator, Postgres, Redis, other work)", [`${f(100 * one.othersPaced, 0)} / ${f(100 * one.others, 0)}`, `${f(100 * two.othersPaced, 0)} / ${f(100 * two.others, 0)}`, ""]),
    "",
    `Adapter's added p99: **${f(addedP99)} ms** (target ≤ 10 ms: **${addedP99 <= 10 ? "met" : "missed"}**). Throughput ratio: **${f(ratio)}×** (target ≥ 1.6×: **${ratio >= 1.6 ? "met" : "missed"}**).`,
    "",
  ];
  const text = lines.join("\n");
  console.log(`\n${text}`);
  if (RESULTS !== "-") appendFileSync(RESULTS, `\n${text}`);

  for (const s of setups) {
    for (const e of s.editors) e.close();
    await Promise.all(s.servers.map((c) => c.stop()));
    await s.database.drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
