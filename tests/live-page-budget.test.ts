/**
 * The live page's JavaScript budget: its one script (components/live/page.ts, bundled as the
 * build does it) stays within LIVE_JS_BUDGET_BYTES gzipped and carries no React runtime, zod or
 * debug logging — a reader on a phone downloads the posts, not a framework.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIVE_JS_BUDGET_BYTES } from "@/lib/protocol/feed";
import { buildEmbed, LIVE_ENTRY } from "../scripts/build-embed.mjs";

const dir = mkdtempSync(join(tmpdir(), "newsdesk-live-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("live page JavaScript budget", () => {
  let page: Buffer;
  beforeAll(async () => {
    const { outfile } = await buildEmbed({ entry: LIVE_ENTRY, outfile: join(dir, "page.js") });
    page = readFileSync(outfile);
  });

  it(`the live page's script stays within ${LIVE_JS_BUDGET_BYTES} bytes gzipped`, () => {
    const size = gzipSync(page, { level: 9 }).byteLength;
    console.log(`live page JS, gzipped: page.js ${size} B (${page.byteLength} B raw) of ${LIVE_JS_BUDGET_BYTES} B`);
    expect(size).toBeLessThanOrEqual(LIVE_JS_BUDGET_BYTES);
  });

  it("carries no zod, React or debug logging, and is a classic script", () => {
    const code = page.toString("utf8");
    expect(code).not.toMatch(/ZodError|react\.element|react-dom|localStorage\.debug/);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });
});
