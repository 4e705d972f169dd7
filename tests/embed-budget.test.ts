/**
 * The embed's JavaScript budget: everything a partner page loads for a card — the loader
 * (public/embed.js) and the frame's script (components/embed/frame.ts, bundled as the build
 * does it) — stays within EMBED_JS_BUDGET_BYTES gzipped. e2e/embed.spec.ts measures what a
 * browser actually loads; this catches a heavy import before anything starts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBED_ATTRIBUTE, EMBED_DEFAULT_HEIGHT, EMBED_FRAME_ATTRIBUTE, EMBED_JS_BUDGET_BYTES, EMBED_SIZE_MESSAGE, embedCardPath } from "@/lib/protocol/embed";
import { buildEmbed } from "../scripts/build-embed.mjs";

const dir = mkdtempSync(join(tmpdir(), "newsdesk-embed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gzipped = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).byteLength;
const loader = readFileSync(new URL("../public/embed.js", import.meta.url));

describe("embed JavaScript budget", () => {
  let frame: Buffer;
  beforeAll(async () => {
    // Built exactly as `npm run build` builds it, into a directory of the test's own.
    const { outfile } = await buildEmbed({ outfile: join(dir, "frame.js") });
    frame = readFileSync(outfile);
  });

  it(`the frame script and the loader together stay within ${EMBED_JS_BUDGET_BYTES} bytes gzipped`, () => {
    const sizes = { "frame.js": gzipped(frame), "embed.js": gzipped(loader) };
    const total = sizes["frame.js"] + sizes["embed.js"];
    console.log(
      `embed JS, gzipped: frame.js ${sizes["frame.js"]} B (${frame.byteLength} B raw) + embed.js ${sizes["embed.js"]} B ` +
        `= ${total} B of ${EMBED_JS_BUDGET_BYTES} B`,
    );
    expect(total).toBeLessThanOrEqual(EMBED_JS_BUDGET_BYTES);
  });

  it("the frame bundle carries no zod, React or debug logging, and is a classic script", () => {
    const code = frame.toString("utf8");
    expect(code).not.toMatch(/ZodError|react\.element|localStorage\.debug/);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
  });
});

describe("the loader speaks the contract", () => {
  // public/embed.js is hand-written and dependency-free, so it repeats the contract's constants.
  const source = loader.toString("utf8");
  it.each([
    ["EMBED_ATTRIBUTE", `var ATTRIBUTE = "${EMBED_ATTRIBUTE}";`],
    ["EMBED_FRAME_ATTRIBUTE", `var FRAME_ATTRIBUTE = "${EMBED_FRAME_ATTRIBUTE}";`],
    ["EMBED_SIZE_MESSAGE", `var SIZE_MESSAGE = "${EMBED_SIZE_MESSAGE}";`],
    ["embedCardPath", `var FRAME_PATH = "${embedCardPath("")}";`],
    ["EMBED_DEFAULT_HEIGHT", `var DEFAULT_HEIGHT = ${EMBED_DEFAULT_HEIGHT};`],
  ])("%s", (_name, line) => {
    expect(source).toContain(line);
  });
});
