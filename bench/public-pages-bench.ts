/**
 * The HTTP part of `npm run bench:feed`: the real app (server/index.ts, Next production build) on
 * a throwaway SQLite file with the story at 30 posts, then
 * - cached HTTP: requests per second for /live/<slug> and the feed API from a warm snapshot
 *   (autocannon, 50 connections, BENCH_HTTP_S seconds each), and the same with If-None-Match (304s);
 * - page weight: Lighthouse 12 (mobile emulation, Chromium at CHROME_PATH) on the live page and a
 *   card page: performance score, LCP, TBT, CLS, JavaScript and total bytes transferred.
 * Returns a Markdown section.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { io } from "socket.io-client";
import { PROTOCOL_VERSION } from "../lib/protocol/events";
import { benchCookie, createBenchSession } from "./bench-session";
import { freePort } from "../tests/helpers/child-process";
import { waitFor } from "../tests/helpers/wait";
import { postBody } from "./feed-clients";
import { SLUG } from "./feed-common";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const HTTP_S = Number(process.env.BENCH_HTTP_S) || 10;
const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";

async function startApp(dir: string): Promise<{ url: string; proc: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const dbUrl = `file:${join(dir, "pages.db")}`;
  // The bench editor's session, in the database the app will open (it migrates and seeds it).
  const { openStore } = await import("../server/db/open-store");
  const store = await openStore(dbUrl, { seed: true });
  await createBenchSession(store);
  await store.close();
  const proc = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: dbUrl, LOG_LEVEL: "warn", SEED: "true" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(() => fetch(`${url}/api/health`).then((r) => r.ok, () => false /* not up yet */), { timeoutMs: 120_000, intervalMs: 500, what: "the app answers /api/health" });
  return {
    url,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}

/** Posts until the story has `n` updates (as an editor over the desk socket). */
async function fillStory(url: string, n: number): Promise<void> {
  const socket = io(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { cookie: benchCookie(), origin: url } });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const join = (await socket.timeout(10_000).emitWithAck("story:join", { slug: SLUG, clientId: "bench-pages-editor" })) as { ok: boolean; data: { feed: { updates: unknown[] } } };
  if (!join.ok) throw new Error(`story:join refused: ${JSON.stringify(join)}`);
  for (let i = join.data.feed.updates.length; i < n; i++) await socket.timeout(10_000).emitWithAck("feed:post", { body: postBody(`page-${i}`) });
  socket.disconnect();
}

/** How the row asks: a full page uncompressed (the worst case), compressed as browsers and CDNs ask, or revalidating. */
type Ask = "plain" | "gzip" | "conditional";
const ASK_LABEL: Record<Ask, string> = { plain: "plain (200)", gzip: "Accept-Encoding: gzip (200)", conditional: "If-None-Match (304)" };

interface Rate {
  path: string;
  ask: Ask;
  rps: number;
  p99: number;
  statuses: string;
  bytesPerReq: number;
}

async function rate(url: string, path: string, ask: Ask, etag: string | null): Promise<Rate> {
  const headers: Record<string, string> = ask === "conditional" && etag ? { "if-none-match": etag } : ask === "gzip" ? { "accept-encoding": "gzip" } : {};
  const result = await autocannon({ url: url + path, connections: 50, duration: HTTP_S, headers });
  const statuses = `2xx ${result["2xx"]}, 304 ${result["non2xx"]}, errors ${result.errors + result.timeouts}`;
  return { path, ask, rps: result.requests.average, p99: result.latency.p99, statuses, bytesPerReq: result.throughput.average / Math.max(1, result.requests.average) };
}

interface Weight {
  page: string;
  score: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  jsBytes: number;
  totalBytes: number;
}

function lighthouse(url: string, page: string): Weight {
  const out = execFileSync(
    process.execPath,
    [
      join(root, "node_modules/lighthouse/cli/index.js"),
      url,
      "--output=json",
      "--output-path=stdout",
      "--only-categories=performance",
      "--form-factor=mobile",
      "--quiet",
      "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking --disable-dev-shm-usage",
    ],
    { env: { ...process.env, CHROME_PATH: CHROME }, maxBuffer: 64 * 2 ** 20, encoding: "utf8" },
  );
  const lhr = JSON.parse(out) as {
    categories: { performance: { score: number } };
    audits: Record<string, { numericValue?: number; details?: { items?: { resourceType: string; transferSize: number }[] } }>;
  };
  const items = lhr.audits["resource-summary"]?.details?.items ?? [];
  const bytes = (type: string) => items.find((i) => i.resourceType === type)?.transferSize ?? 0;
  return {
    page,
    score: lhr.categories.performance.score,
    lcpMs: lhr.audits["largest-contentful-paint"].numericValue ?? NaN,
    tbtMs: lhr.audits["total-blocking-time"].numericValue ?? NaN,
    cls: lhr.audits["cumulative-layout-shift"].numericValue ?? NaN,
    jsBytes: bytes("script"),
    totalBytes: bytes("total"),
  };
}

export async function publicPagesBench(log: (m: string) => void): Promise<string> {
  log("pages: building what npm start serves (if stale)");
  execFileSync(process.execPath, ["scripts/build-if-stale.mjs"], { cwd: root, stdio: "inherit" });
  const dir = mkdtempSync(join(tmpdir(), "bench-pages-"));
  const app = await startApp(dir);
  try {
    await fillStory(app.url, 30);
    const story = (await (await fetch(`${app.url}/api/stories/${SLUG}`)).json()) as { story: { cards: { id: string }[] } };
    const cardPath = `/cards/${story.story.cards[0]?.id}`;
    const rates: Rate[] = [];
    for (const path of [`/live/${SLUG}`, `/api/stories/${SLUG}/updates`]) {
      const etag = (await fetch(app.url + path)).headers.get("etag");
      log(`pages: autocannon ${path} (${HTTP_S} s: uncompressed, gzip, then with If-None-Match)`);
      for (const ask of ["plain", "gzip", "conditional"] as const) rates.push(await rate(app.url, path, ask, etag));
    }
    const weights: Weight[] = [];
    for (const [name, path] of [
      ["live page", `/live/${SLUG}`],
      ["card page", cardPath],
    ]) {
      log(`pages: Lighthouse (mobile) on ${path}`);
      try {
        weights.push(lighthouse(app.url + path, name));
      } catch (err) {
        log(`pages: Lighthouse failed on ${path}: ${(err as Error).message.slice(0, 300)}`);
      }
    }
    return report(rates, weights);
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(rates: Rate[], weights: Weight[]): string {
  const rateRows = rates.map((r) => `| \`${r.path}\` | ${ASK_LABEL[r.ask]} | ${r.rps.toFixed(0)} | ${r.p99} | ${(r.bytesPerReq / 1024).toFixed(1)} | ${r.statuses} |`);
  const weightRows = weights.map(
    (w) => `| ${w.page} | ${w.score.toFixed(2)} | ${(w.lcpMs / 1000).toFixed(2)} | ${w.tbtMs.toFixed(0)} | ${w.cls.toFixed(3)} | ${(w.jsBytes / 1024).toFixed(1)} | ${(w.totalBytes / 1024).toFixed(1)} |`,
  );
  return `
### Cached public HTTP (one process, warm snapshot, story with 30 posts)

autocannon 8, 50 connections, ${HTTP_S} s per row, from the same machine (it shares the 2 cores with the server).

| path | request | requests/s | p99 (ms) | KB per response | statuses |
|---|---|---:|---:|---:|---|
${rateRows.join("\n")}

### Page weight: Lighthouse 12 (mobile emulation, headless Chromium), story with 30 posts

| page | performance | LCP (s) | TBT (ms) | CLS | JS transferred (KB) | all transferred (KB) |
|---|---:|---:|---:|---:|---:|---:|
${weightRows.join("\n")}
`;
}
