/**
 * What a reader downloads for a live page with rich posts, before any click: the real app
 * (server/index.ts, Next production build) on a throwaway SQLite file, the seeded story filled to
 * 30 posts of which 5 have a photo and 5 a social/video embed (X, YouTube, Instagram, Bluesky,
 * Vimeo); then Chromium (Playwright, CHROME_PATH) opens /live/<slug> at a phone size and a
 * desktop size and sums the bytes that crossed the wire (CDP Network.loadingFinished
 * encodedDataLength: headers + compressed bodies), once as loaded and once after scrolling to the
 * bottom (photos are lazy). It also lists any request to another host (there must be none).
 *
 *   node --import tsx bench/live-weight.ts            (prints a Markdown section)
 *   BENCH_RESULTS=bench/RESULTS.md node --import tsx bench/live-weight.ts   (also appends it)
 */
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import sharp from "sharp";
import { io } from "socket.io-client";
import { PROTOCOL_VERSION } from "../lib/protocol/events";
import { benchCookie, createBenchSession } from "./bench-session";
import { freePort } from "../tests/helpers/child-process";
import { waitFor } from "../tests/helpers/wait";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const SLUG = "petro-trump-white-house";
const EMBEDS = [
  "https://x.com/petrogustavo/status/1880000000000000001",
  "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  "https://www.instagram.com/p/C1a2b3c4d5e/",
  "https://bsky.app/profile/example.bsky.social/post/3kxyzabcde2",
  "https://vimeo.com/76979871",
];

/** A photo-like JPEG (blurred noise: compresses about as well as a news photo, not better). */
const photoFile = (seed: number) =>
  sharp({ create: { width: 2400, height: 1600, channels: 3, background: "#777", noise: { type: "gaussian", mean: 110 + seed * 10, sigma: 50 } } })
    .blur(2.5)
    .jpeg({ quality: 90 })
    .toBuffer();

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "newsdesk-weight-"));
  const dbUrl = `file:${join(dir, "weight.db")}`;
  const mediaDir = join(dir, "media");
  const { openStore } = await import("../server/db/open-store");
  const store = await openStore(dbUrl, { seed: true });
  await createBenchSession(store);
  await store.close();
  // The photos, processed as the upload route does, straight into the app's MEDIA_DIR.
  const { storePhoto } = await import("../server/domain/photos");
  const { localMediaStorage } = await import("../server/media/storage");
  const media = localMediaStorage(mediaDir);
  const photos = [];
  for (let i = 0; i < 5; i++) photos.push(await storePhoto(media, await photoFile(i)));

  execFileSync(process.execPath, ["scripts/build-if-stale.mjs"], { cwd: root, stdio: "inherit" });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: dbUrl, MEDIA_DIR: mediaDir, LOG_LEVEL: "warn", SEED: "true" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitFor(() => fetch(`${url}/api/health`).then((r) => r.ok, () => false /* not up yet */), { timeoutMs: 120_000, intervalMs: 500, what: "the app answers /api/health" });
    const socket = io(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { cookie: benchCookie(), origin: url } });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const join = await socket.timeout(10_000).emitWithAck("story:join", { slug: SLUG, clientId: "bench-weight-editor" });
    if (!join.ok) throw new Error(`story:join refused: ${JSON.stringify(join)}`);
    for (let i = 0; i < 30; i++) {
      const extra =
        i % 6 === 1 && i < 30 ? { photo: { key: photos[Math.floor(i / 6)].key, alt: `Photo ${i}`, caption: "In the Oval Office", credit: "Desk" } } : i % 6 === 3 ? { embedUrl: EMBEDS[Math.floor(i / 6)] } : {};
      const body = `<p>Update ${i}: the two delegations discussed drug policy, oil and the border; aides said the talks ran past the planned hour.</p>`;
      const ack = await socket.timeout(10_000).emitWithAck("feed:post", { body, headline: `Headline of update ${i}`, keyEvent: i % 10 === 0, ...extra });
      if (!ack.ok) throw new Error(`post ${i}: ${JSON.stringify(ack)}`);
    }
    socket.disconnect();

    const browser = await chromium.launch({ executablePath: CHROME });
    const rows: string[] = [];
    for (const [name, viewport] of [
      ["phone 390×844", { width: 390, height: 844 }],
      ["desktop 1280×800", { width: 1280, height: 800 }],
    ] as const) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      let bytes = 0;
      let requests = 0;
      const byType = new Map<string, number>();
      const types = new Map<string, string>();
      const outside: string[] = [];
      cdp.on("Network.requestWillBeSent", (e) => {
        types.set(e.requestId, e.type ?? "Other");
        if (!e.request.url.startsWith(url) && /^https?:/.test(e.request.url)) outside.push(e.request.url);
      });
      cdp.on("Network.loadingFinished", (e) => {
        bytes += e.encodedDataLength;
        requests++;
        const type = types.get(e.requestId) ?? "Other";
        byType.set(type, (byType.get(type) ?? 0) + e.encodedDataLength);
      });
      await page.goto(`${url}/live/${SLUG}`, { waitUntil: "networkidle" });
      await page.waitForTimeout(1_000);
      const loaded = { bytes, requests, byType: new Map(byType) };
      // Scroll to the bottom in steps so every lazy photo loads.
      for (let y = 0; y < 40_000; y += viewport.height) {
        await page.evaluate((top) => window.scrollTo(0, top), y);
        await page.waitForTimeout(60);
      }
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(500);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const split = [...loaded.byType].map(([t, n]) => `${t} ${kb(n)}`).join(", ");
      rows.push(`| ${name} | ${kb(loaded.bytes)} (${loaded.requests} requests: ${split}) | ${kb(bytes)} (${requests} requests) | ${outside.length} |`);
      await context.close();
    }
    await browser.close();
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const section = `
## Live page weight with rich posts (bench/live-weight.ts) — ${new Date().toISOString().slice(0, 10)}, commit ${commit}

Machine: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, Chromium at ${CHROME}.
The seeded story with 30 posts (each with a headline; 5 with a photo — 2400×1600 JPEG uploads,
processed to WebP/JPEG at 320–1600 px —, 5 with an embed: X, YouTube, Instagram, Bluesky, Vimeo),
opened without cache; bytes on the wire (CDP encodedDataLength: headers + compressed bodies),
**before any click**. Photos are \`loading="lazy"\`, so the second column scrolls to the bottom.

| viewport | as loaded | after scrolling to the bottom | requests to other hosts |
|---|---|---|---|
${rows.join("\n")}
`;
    console.log(section);
    if (process.env.BENCH_RESULTS) appendFileSync(process.env.BENCH_RESULTS, section);
  } finally {
    proc.kill("SIGTERM");
    await new Promise((r) => proc.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
