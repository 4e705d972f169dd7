/**
 * What "saved" survives on SQLite: the default configuration syncs every commit to disk
 * (synchronous=FULL), so an acknowledged edit survives a power cut, not only a killed process;
 * `SQLITE_SYNCHRONOUS=normal` is the documented opt-out. (PRAGMA synchronous is per connection;
 * the update-log writer's own connection is set the same way in server/store/update-log-writer.ts.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, tuneDb } from "../server/db/client";
import { loadEnv } from "../server/env";

const dir = mkdtempSync(join(tmpdir(), "newsdesk-durability-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const synchronousOf = async (setting?: "full" | "normal") => {
  const url = `file:${join(dir, `${setting ?? "default"}.db`)}`;
  const db = createDb(url);
  try {
    await tuneDb(db, url, setting);
    const [row] = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
    return Number(row.synchronous); // 2 = FULL, 1 = NORMAL
  } finally {
    await db.$disconnect();
  }
};

describe("SQLite durability setting", () => {
  it("syncs every commit by default, and NORMAL only when asked", async () => {
    expect(loadEnv({}).SQLITE_SYNCHRONOUS).toBe("full");
    expect(await synchronousOf()).toBe(2);
    expect(await synchronousOf("full")).toBe(2);
    expect(await synchronousOf("normal")).toBe(1);
  });

  it("refuses an unknown setting at start-up, naming the variable", () => {
    expect(() => loadEnv({ SQLITE_SYNCHRONOUS: "off" })).toThrow(/SQLITE_SYNCHRONOUS/);
  });
});
