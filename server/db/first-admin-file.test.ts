import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeDatabase, saveFirstAdminSecret } from "./first-admin-file";

describe("first-admin file", () => {
  let dir = "";
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "first-admin-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("names the database, never its credentials", () => {
    expect(describeDatabase("postgresql://root:s3cret@db.example:6543/newsdesk?sslmode=require")).toBe("postgresql db.example:6543/newsdesk");
    expect(describeDatabase("postgres://root@127.0.0.1/try")).toBe("postgresql 127.0.0.1:5432/try");
    expect(describeDatabase("file:/srv/data/newsdesk.db")).toBe("sqlite /srv/data/newsdesk.db");
  });

  it("a second database's password goes beside the first one's, which is kept", async () => {
    const sqlite = await saveFirstAdminSecret(dir, "file:/srv/data/newsdesk.db", "email: admin@newsdesk.local\npassword: sqlite-pass\n");
    expect(sqlite).toBe(join(dir, "first-admin.txt"));
    const pg = await saveFirstAdminSecret(dir, "postgresql://root@127.0.0.1:5432/newsdesk", "email: admin@newsdesk.local\npassword: pg-pass\n");
    expect(pg).not.toBe(sqlite);
    expect(pg).toMatch(/first-admin-postgresql-[0-9a-f]{8}\.txt$/);
    expect(await readFile(sqlite, "utf8")).toBe("database: sqlite /srv/data/newsdesk.db\nemail: admin@newsdesk.local\npassword: sqlite-pass\n");
    expect(await readFile(pg, "utf8")).toContain("database: postgresql 127.0.0.1:5432/newsdesk\n");
    expect(await readFile(pg, "utf8")).toContain("password: pg-pass");
  });

  it("the same database, recreated, replaces its own file; a file from before files named databases is kept", async () => {
    await saveFirstAdminSecret(dir, "file:/srv/a.db", "password: one\n");
    const again = await saveFirstAdminSecret(dir, "file:/srv/a.db", "password: two\n");
    expect(again).toBe(join(dir, "first-admin.txt"));
    expect(await readFile(again, "utf8")).toContain("password: two");

    const legacy = await mkdtemp(join(tmpdir(), "first-admin-legacy-"));
    try {
      await writeFile(join(legacy, "first-admin.txt"), "email: admin@newsdesk.local\npassword: old\n");
      const written = await saveFirstAdminSecret(legacy, "file:/srv/a.db", "password: new\n");
      expect(written).not.toBe(join(legacy, "first-admin.txt"));
      expect(await readFile(join(legacy, "first-admin.txt"), "utf8")).toContain("password: old");
      expect((await readdir(legacy)).length).toBe(2);
    } finally {
      await rm(legacy, { recursive: true, force: true });
    }
  });
});
