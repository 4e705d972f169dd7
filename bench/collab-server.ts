/**
 * The server side of `npm run bench:collab`, run in its own process (so the load generator does
 * not distort its CPU and memory figures):
 *
 *   node --import tsx bench/collab-server.ts <newsdesk|hocuspocus> <dir>
 *
 * - newsdesk: the real server (startNode, server/node.ts, without Next) over a SQLite file `<dir>/desk.db`,
 *   migrated and seeded by openStore, exactly as server/index.ts does minus Next.js.
 * - hocuspocus: @hocuspocus/server with @hocuspocus/extension-sqlite on `<dir>/hocuspocus.db`,
 *   default settings (store debounced 2 s, at most 10 s).
 *
 * Both listen on 127.0.0.1, port 0, and tell the parent { type: "ready", port } over IPC. On
 * { type: "stop" } they shut down gracefully (Newsdesk: its graceful shutdown, which compacts and
 * writes derived text; Hocuspocus: destroy, which stores every document), say
 * { type: "stopped" } and exit.
 *
 * BENCH_PROFILE=1: between { type: "window-start" } and { type: "window-end" } (the typing
 * window) the server records its event-loop delay, its garbage-collection pauses and a CPU profile
 * (`<dir>/server.cpuprofile`), and Newsdesk also times each group-committed append of update
 * rows. The server
 * code itself is unchanged: the store is assembled here as openStore assembles it, with a timing
 * extension on the Prisma client. The stats go back as { type: "window", stats }.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";
import { monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import type { CardDocsOptions } from "../server/collab/card-docs";
import { benchLimits, createBenchSession } from "./bench-session";
import { runMain, serveParent, tellParent } from "./child-server";
import { memorySummary } from "./heap-summary";

const resets: (() => void)[] = [];
const [system, dir] = process.argv.slice(2);
const profile = process.env.BENCH_PROFILE === "1";
process.env.LOG_LEVEL ??= "warn";

const send = tellParent;

/** Durations in ms, summarised as count / mean / p50 / p99 for the report. */
function timings() {
  let all: number[] = [];
  return {
    add: (ms: number) => all.push(ms),
    reset: () => void (all = []),
    summary() {
      const s = [...all].sort((a, b) => a - b);
      const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
      const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
      return { count: s.length, mean, p50: at(0.5), p99: at(0.99), max: s.at(-1) ?? 0 };
    },
  };
}

interface Running {
  port: number;
  /** Server-specific timings for the profile (Newsdesk). */
  windowStats?: () => Record<string, unknown>;
  stop(): Promise<void>;
}

async function startNewsdesk(): Promise<Running> {
  const url = `file:${join(dir, "desk.db")}`;
  const { startNode } = await import("../server/node");
  const { loadEnv } = await import("../server/env");
  const insert = timings();
  resets.push(insert.reset);
  const { openStore } = await import("../server/db/open-store");
  // The server's default (full: every commit synced to disk) unless BENCH_SQLITE_SYNCHRONOUS=normal.
  // BENCH_COMMIT_INTERVAL_MS: the pacing of SQLite's commits (server/store/paced-commits.ts).
  const pacing = process.env.BENCH_COMMIT_INTERVAL_MS ? { sqliteCommitIntervalMs: Number(process.env.BENCH_COMMIT_INTERVAL_MS) } : {};
  const store = await openStore(url, { seed: true, sqliteSynchronous: process.env.BENCH_SQLITE_SYNCHRONOUS === "normal" ? "normal" : "full", ...pacing });
  if (profile) {
    // Time each group-committed append of update rows (a batch of one or more updates).
    const append = store.docs.appendUpdates.bind(store.docs);
    store.docs.appendUpdates = async (rows) => {
      const t0 = performance.now();
      try {
        return await append(rows);
      } finally {
        insert.add(performance.now() - t0);
      }
    };
  }
  // Experiments only (defaults are the server's): how often derived text is written and broadcast
  // (BENCH_DERIVE_DELAY_MS), how often the update log is compacted (BENCH_COMPACT_EVERY).
  const tuned: CardDocsOptions = {};
  if (process.env.BENCH_DERIVE_DELAY_MS) tuned.deriveDelayMs = Number(process.env.BENCH_DERIVE_DELAY_MS);
  if (process.env.BENCH_COMPACT_EVERY) tuned.compactEvery = Number(process.env.BENCH_COMPACT_EVERY);
  await createBenchSession(store);
  // The server factory production uses (server/node.ts), without Next.
  const node = await startNode({ env: loadEnv({ HOST: "127.0.0.1", PORT: "0", MEDIA_DIR: join(dir, "media") }), store, docs: tuned, limits: await benchLimits() });
  return {
    port: node.port,
    windowStats: () => ({
      insertMs: insert.summary(),
    }),
    async stop() {
      await node.shutdown();
    },
  };
}

async function startHocuspocus(): Promise<Running> {
  const { Server } = await import("@hocuspocus/server");
  const { SQLite } = await import("@hocuspocus/extension-sqlite");
  const sqlite = new SQLite({ database: join(dir, "hocuspocus.db") });
  const server = new Server({ port: 0, address: "127.0.0.1", quiet: true, extensions: [sqlite] });
  await server.listen();
  return {
    port: server.address.port,
    async stop() {
      await server.destroy();
      // The extension's store() does not wait for its INSERT; close() runs after queued statements.
      await new Promise((resolve) => (sqlite.db ? sqlite.db.close(resolve) : resolve(null)));
    },
  };
}

/** BENCH_PROFILE: event-loop utilisation and delay, and a CPU profile, over the typing window only. */
function windowProfiler(running: Running) {
  const session = new Session();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  const loop = monitorEventLoopDelay({ resolution: 5 });
  // Garbage-collection pauses of the main thread, by kind (a long one is a latency spike for every editor).
  const pauses = new Map<string, number[]>();
  const KINDS: Record<number, string> = { 1: "minor", 2: "major", 4: "incremental", 8: "weak callbacks" };
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = KINDS[((entry as unknown as { detail?: { kind?: number } }).detail)?.kind ?? 0] ?? "other";
      const of = pauses.get(kind) ?? [];
      of.push(entry.duration);
      pauses.set(kind, of);
    }
  });
  return {
    async start() {
      resets.forEach((r) => r());
      pauses.clear();
      gc.observe({ entryTypes: ["gc"] });
      loop.reset();
      loop.enable();
      session.connect();
      await post("Profiler.enable");
      await post("Profiler.setSamplingInterval", { interval: 500 });
      await post("Profiler.start");
    },
    async end() {
      const { profile: cpu } = (await post("Profiler.stop")) as { profile: unknown };
      session.disconnect();
      loop.disable();
      gc.disconnect();
      const file = join(dir, "server.cpuprofile");
      writeFileSync(file, JSON.stringify(cpu));
      return {
        ...running.windowStats?.(),
        // The histogram counts the 5 ms timer period too: subtract it.
        eventLoopDelayMs: Object.fromEntries(
          Object.entries({ p50: loop.percentile(50), p99: loop.percentile(99), max: loop.max }).map(([k, ns]) => [k, Math.max(0, ns / 1e6 - 5)]),
        ),
        cpuProfile: file,
        gcPausesMs: Object.fromEntries(
          [...pauses].map(([kind, ms]) => {
            const sorted = ms.sort((a, b) => a - b);
            return [kind, { count: sorted.length, total: sorted.reduce((a, b) => a + b, 0), p99: sorted[Math.floor(0.99 * (sorted.length - 1))], max: sorted.at(-1) ?? 0 }];
          }),
        ),
      };
    },
  };
}

async function main(): Promise<void> {
  if (!dir || (system !== "newsdesk" && system !== "hocuspocus")) {
    throw new Error("usage: collab-server.ts <newsdesk|hocuspocus> <dir>");
  }
  const running = system === "newsdesk" ? await startNewsdesk() : await startHocuspocus();
  const profiler = windowProfiler(running);
  serveParent(running, (msg) => {
    if (msg.type === "window-start" && profile) void profiler.start().then(() => send({ type: "window-started" }));
    if (msg.type === "window-end" && profile) void profiler.end().then((stats) => send({ type: "window", stats }));
    if (msg.type === "memory") send({ type: "memory", stats: memorySummary() });
  });
}

runMain(main);
