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
import { Arrivals, connectEditor, connectReaders, postBody, type Editor, type Readers } from "./feed-clients";
import { SYSTEMS, type System } from "./feed-common";
import { machine, markdown, openFileLimit, stats, type SystemResult } from "./feed-report";
import { forkServer, type Child } from "./child-server";

const here = dirname(fileURLToPath(import.meta.url));
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
};
const READERS = num("BENCH_READERS", 2000);
const POSTS = num("BENCH_POSTS", 20);
const WARMUP = process.env.BENCH_WARMUP !== undefined ? Math.max(0, Math.floor(Number(process.env.BENCH_WARMUP)) || 0) : 3;
const GAP_MS = num("BENCH_GAP_MS", 300);
const BATCH = num("BENCH_BATCH", 100);
const ONLY = (process.env.BENCH_SYSTEMS ?? SYSTEMS.join(",")).split(",").map((s) => s.trim()) as System[];
const RESULTS = process.env.BENCH_RESULTS ?? join(here, "RESULTS.md");
/** How long a post may take to reach every reader before the missing ones are counted as lost. */
const DELIVERY_TIMEOUT_MS = 20_000;

const log = (msg: string) => console.log(`[bench:feed ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startServer(system: System, dir: string): Promise<Child> {
  return forkServer(join(here, "feed-server.ts"), [system, dir], { name: system, execArgv: ["--expose-gc"] });
}

interface Setup {
  system: System;
  dir: string;
  server: Child;
  readers: Readers;
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

async function setUp(system: System, arrivals: Arrivals): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), `bench-feed-${system}-`));
  log(`${system}: starting the server (data in ${dir})`);
  const server = await startServer(system, dir);
  try {
    const memory = () => server.ask<{ rss: number; heapUsed: number }>("memory");
    const base = await memory();
    // In two halves, with the memory measured after each: the slope between them is the
    // marginal cost of a connection, whatever slack the idle process had.
    const half = Math.floor(READERS / 2);
    const first = await connectReaders(system, server.port, half, BATCH, arrivals);
    await sleep(1_000);
    const mid = await memory();
    log(`${system}: ${half} / ${READERS} readers joined`);
    const second = await connectReaders(system, server.port, READERS - half, BATCH, arrivals);
    await sleep(1_000);
    const loaded = await memory();
    const readers: Readers = {
      count: first.count + second.count,
      rampMs: first.rampMs + second.rampMs,
      close: () => (first.close(), second.close()),
    };
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
      rssSlope: (loaded.rss - mid.rss) / second.count,
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
async function postOnce(s: Setup, arrivals: Arrivals, round: number): Promise<void> {
  const token = `bench-${s.system}-${round}`;
  const cpu = async () => (await s.server.ask<{ micros: number }>("cpu")).micros;
  const cpu0 = await cpu();
  const arrived = arrivals.expect(token, s.readers.count, DELIVERY_TIMEOUT_MS);
  const t0 = performance.now();
  const ackMs = await s.editor.post(postBody(token));
  const times = await arrived;
  arrivals.forget(token);
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
  // Every reader is a socket in this process (and one in its server): check the descriptors first.
  const needed = READERS * systems.length + 256;
  if (openFileLimit() < needed) {
    throw new Error(`${needed} file descriptors are needed but the limit is ${openFileLimit()}: raise it (ulimit -n ${needed}) or lower BENCH_READERS`);
  }
  const started = performance.now();
  const date = new Date().toISOString().replace("T", " ").slice(0, 16) + " UTC";
  const arrivals = new Arrivals();
  const setups: Setup[] = [];
  try {
    for (const system of systems) setups.push(await setUp(system, arrivals));
    log(`posting: ${WARMUP} warm-up + ${POSTS} measured posts to each, ${GAP_MS} ms apart`);
    for (let round = 0; round < WARMUP + POSTS; round++) {
      const order = round % 2 === 0 ? setups : [...setups].reverse();
      for (const s of order) {
        await postOnce(s, arrivals, round);
        await sleep(GAP_MS);
      }
    }
    const results: SystemResult[] = [];
    for (const s of setups) {
      results.push({
        system: s.system,
        readers: s.readers.count,
        rampMs: s.readers.rampMs,
        delivery: stats(s.delivery),
        lastReader: stats(s.lastReader),
        ack: stats(s.acks),
        missing: s.missing,
        rssPerConnection: (s.rssLoaded - s.rssBase) / s.readers.count,
        rssMarginal: s.rssSlope,
        heapPerConnection: (s.heapLoaded - s.heapBase) / s.readers.count,
        rssBaseMb: s.rssBase / 2 ** 20,
        rssLoadedMb: s.rssLoaded / 2 ** 20,
        cpuPerPostMs: stats(s.cpuPerPost).p50,
      });
    }
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
      },
      machine(),
      results,
    );
    console.log(section);
    if (RESULTS !== "-") {
      appendFileSync(RESULTS, section);
      log(`appended to ${RESULTS}`);
    }
  } finally {
    for (const s of setups) {
      s.readers.close();
      s.editor.close();
    }
    for (const s of setups) {
      await s.server.stop();
      rmSync(s.dir, { recursive: true, force: true });
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
