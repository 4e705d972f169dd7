/**
 * `npm run bench:feed`: fan-out of the live feed to read-only readers, Newsdesk against a bare
 * Socket.IO server of the same version, in the same run, on loopback.
 *
 * Each server runs in its own child process (bench/feed-server.ts, `node --import tsx`); this
 * process runs every client. Each server gets BENCH_READERS readers (connected in batches),
 * then one editor posts BENCH_POSTS times to each, alternating A B B A … so that background load
 * on this shared machine hits both alike. For every post and reader: post sent → update
 * received. Memory per connection is the server's RSS after the readers joined minus before,
 * after a full GC, divided by the readers. Appends a dated section to bench/RESULTS.md.
 *
 * Env: BENCH_READERS (2000), BENCH_POSTS (20), BENCH_WARMUP (3), BENCH_GAP_MS (300),
 * BENCH_BATCH (100), BENCH_SYSTEMS ("newsdesk,bare"), BENCH_RESULTS (file to append to, "-"
 * for none). A quick run: `BENCH_READERS=200 BENCH_POSTS=5 BENCH_RESULTS=- npm run bench:feed`.
 */
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { connectEditor, postBody, type Editor } from "./feed-clients";
import { epochNow, GeneratorPool } from "./feed-generators";
import { joinStorm, type StormResult } from "./feed-storm";
import { publicPagesBench } from "./public-pages-bench";
import { SYSTEMS, type System } from "./feed-common";
import { machine, markdown, openFileLimit, stats, type SystemResult } from "./feed-report";
import { forkServer, newsdeskNodeFlags, type Child } from "./child-server";
import { sleep } from "../tests/helpers/wait";

const here = dirname(fileURLToPath(import.meta.url));
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
};
const READERS = num("BENCH_READERS", 10_000);
const POSTS = num("BENCH_POSTS", 20);
const WARMUP = process.env.BENCH_WARMUP !== undefined ? Math.max(0, Math.floor(Number(process.env.BENCH_WARMUP)) || 0) : 3;
const GAP_MS = num("BENCH_GAP_MS", 300);
const BATCH = num("BENCH_BATCH", 200);
/** Load-generator processes the readers are spread over. */
const GENERATORS = num("BENCH_GENERATORS", 4);
/** Readers of the join storm, and the window they arrive in (ms); BENCH_STORM=0 skips it. */
const STORM = process.env.BENCH_STORM === "0" ? 0 : num("BENCH_STORM", READERS);
const STORM_MS = num("BENCH_STORM_MS", 30_000);
/** BENCH_HTTP=0 skips the cached-HTTP and page-weight part (it needs a Next production build). */
const HTTP = process.env.BENCH_HTTP !== "0";
const ONLY = (process.env.BENCH_SYSTEMS ?? SYSTEMS.join(",")).split(",").map((s) => s.trim()) as System[];
const RESULTS = process.env.BENCH_RESULTS ?? join(here, "RESULTS.md");
/** How long a post may take to reach every reader before the missing ones are counted as lost. */
const DELIVERY_TIMEOUT_MS = 20_000;

const log = (msg: string) => console.log(`[bench:feed ${new Date().toISOString().slice(11, 19)}] ${msg}`);

function startServer(system: System, dir: string): Promise<Child> {
  // Newsdesk with the Node flags `npm start` gives it; the bare Socket.IO baseline with none.
  const flags = system === "newsdesk" ? newsdeskNodeFlags() : [];
  return forkServer(join(here, "feed-server.ts"), [system, dir], { name: system, execArgv: ["--expose-gc", ...flags] });
}

interface Setup {
  system: System;
  dir: string;
  server: Child;
  readers: { count: number; rampMs: number; errors: number };
  editor: Editor;
  rssBase: number;
  heapBase: number;
  rssLoaded: number;
  heapLoaded: number;
  /** RSS added per reader between the two halves. */
  rssSlope: number;
  cpuPerPost: number[];
  delivery: number[];
  lastReader: number[];
  acks: number[];
  missing: number;
}

async function setUp(system: System, pool: GeneratorPool): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), `bench-feed-${system}-`));
  log(`${system}: starting the server (data in ${dir})`);
  const server = await startServer(system, dir);
  try {
    const memory = () => server.ask<{ rss: number; heapUsed: number }>("memory");
    const base = await memory();
    // In two halves, with the memory measured after each: the slope between them is the
    // marginal cost of a connection, whatever slack the idle process had.
    const half = Math.floor(READERS / 2);
    const t0 = performance.now();
    const first = await pool.connect(system, server.port, half, BATCH);
    await sleep(1_000);
    const mid = await memory();
    log(`${system}: ${half} / ${READERS} readers joined`);
    const second = await pool.connect(system, server.port, READERS - half, BATCH);
    const rampMs = performance.now() - t0 - 1_000;
    await sleep(1_000);
    const loaded = await memory();
    // Counts are cumulative per generator: `second.count` is everyone.
    const readers = { count: second.count, rampMs, errors: first.errors + second.errors };
    const editor = await connectEditor(system, server.port);
    log(`${system}: ${readers.count} readers in ${(readers.rampMs / 1000).toFixed(1)} s; RSS ${mb(base.rss)} → ${mb(loaded.rss)} MB`);
    return {
      system,
      dir,
      server,
      readers,
      editor,
      rssBase: base.rss,
      heapBase: base.heapUsed,
      rssLoaded: loaded.rss,
      heapLoaded: loaded.heapUsed,
      rssSlope: (loaded.rss - mid.rss) / (second.count - first.count),
      cpuPerPost: [],
      delivery: [],
      lastReader: [],
      acks: [],
      missing: 0,
    };
  } catch (err) {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** One post to one system: sent → every reader has it (or the timeout). */
async function postOnce(s: Setup, pool: GeneratorPool, round: number): Promise<void> {
  const token = `bench-${s.system}-${round}`;
  const cpu = async () => (await s.server.ask<{ micros: number }>("cpu")).micros;
  const cpu0 = await cpu();
  const arrived = await pool.watch(token, DELIVERY_TIMEOUT_MS);
  const t0 = epochNow();
  const ackMs = await s.editor.post(postBody(token));
  const times = await arrived.done;
  // The server's CPU from just before the post until every reader has it.
  const cpuMs = ((await cpu()) - cpu0) / 1000;
  if (round < WARMUP) return;
  s.cpuPerPost.push(cpuMs);
  s.delivery.push(...times.map((t) => t - t0));
  if (times.length > 0) s.lastReader.push(Math.max(...times) - t0);
  s.acks.push(ackMs);
  s.missing += s.readers.count - times.length;
}

async function main(): Promise<void> {
  const systems = SYSTEMS.filter((s) => ONLY.includes(s));
  if (systems.length === 0) throw new Error(`BENCH_SYSTEMS must name some of: ${SYSTEMS.join(", ")}`);
  // Every reader is a socket in a generator and one in its server: check the descriptors first.
  const needed = Math.ceil(READERS / GENERATORS) + 256;
  if (openFileLimit() < needed) {
    throw new Error(`${needed} file descriptors are needed but the limit is ${openFileLimit()}: raise it (ulimit -n ${needed}) or lower BENCH_READERS`);
  }
  const started = performance.now();
  const date = new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const pool = await GeneratorPool.start(GENERATORS);
  const setups: Setup[] = [];
  const storms: StormResult[] = [];
  let pagesSection = "";
  try {
    // One system at a time holds its readers (two sets of 10,000 at once would measure the machine).
    const results: SystemResult[] = [];
    for (const system of systems) {
      const s = await setUp(system, pool);
      setups.push(s);
      log(`${system}: posting ${WARMUP} warm-up + ${POSTS} measured posts, ${GAP_MS} ms apart`);
      for (let round = 0; round < WARMUP + POSTS; round++) {
        await postOnce(s, pool, round);
        await sleep(GAP_MS);
      }
      results.push(resultOf(s));
      await pool.closeReaders();
      await sleep(2_000);
      if (STORM > 0) storms.push(await joinStorm(system, s.server, pool, STORM, STORM_MS, log));
      await pool.closeReaders();
      s.editor.close();
      await s.server.stop();
      rmSync(s.dir, { recursive: true, force: true });
      setups.splice(setups.indexOf(s), 1);
    }
    if (HTTP) pagesSection = await publicPagesBench(log);
    const section = markdown(
      {
        date,
        readers: READERS,
        posts: POSTS,
        warmup: WARMUP,
        gapMs: GAP_MS,
        batch: BATCH,
        bodyBytes: Buffer.byteLength(postBody("bench-newsdesk-0")),
        durationS: (performance.now() - started) / 1000,
        generators: GENERATORS,
      },
      machine(),
      results,
      storms,
    ) + pagesSection;
    console.log(section);
    if (RESULTS !== "-") {
      appendFileSync(RESULTS, section);
      log(`appended to ${RESULTS}`);
    }
  } finally {
    pool.stop();
    for (const s of setups) {
      s.editor.close();
      await s.server.stop();
      rmSync(s.dir, { recursive: true, force: true });
    }
  }
}

function resultOf(s: Setup): SystemResult {
  return {
    system: s.system,
    readers: s.readers.count,
    rampMs: s.readers.rampMs,
    delivery: stats(s.delivery),
    lastReader: stats(s.lastReader),
    ack: stats(s.acks),
    missing: s.missing + s.readers.errors,
    rssPerConnection: (s.rssLoaded - s.rssBase) / s.readers.count,
    rssMarginal: s.rssSlope,
    heapPerConnection: (s.heapLoaded - s.heapBase) / s.readers.count,
    rssBaseMb: s.rssBase / 2 ** 20,
    rssLoadedMb: s.rssLoaded / 2 ** 20,
    cpuPerPostMs: stats(s.cpuPerPost).p50,
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
