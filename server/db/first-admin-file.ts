/**
 * Where the generated first-admin password is written: `data/first-admin.txt`, naming the
 * database it belongs to. One checkout can serve SQLite one day and Postgres the next, each
 * with its own first admin: a file written for another database is never overwritten (that
 * password may be the only way into it) — the new one goes beside it, named after its database.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

/** The database a URL points at, without credentials: "sqlite /abs/path.db" or "postgresql host:port/db". */
export function describeDatabase(url: string): string {
  if (url.startsWith("file:")) return `sqlite ${resolve(url.slice("file:".length).split("?")[0])}`;
  try {
    const u = new URL(url);
    return `${u.protocol.replace(/:$/, "").replace(/^postgres$/, "postgresql")} ${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "unknown database";
  }
}

const databaseLine = (text: string) => /^database: (.*)$/m.exec(text)?.[1] ?? null;

async function readIfThere(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/**
 * Writes `secret` (readable by the owner only) for the database at `databaseUrl` into `dir`, and
 * returns the file's path: first-admin.txt, unless that holds another database's password (or
 * one from before files named their database), then first-admin-<provider>-<hash>.txt.
 */
export async function saveFirstAdminSecret(dir: string, databaseUrl: string, secret: string): Promise<string> {
  const database = describeDatabase(databaseUrl);
  const content = `database: ${database}\n${secret}`;
  await mkdir(dir, { recursive: true });
  const main = resolve(join(dir, "first-admin.txt"));
  const existing = await readIfThere(main);
  // Ours (this database was recreated: its old password is void) or free: write it here.
  const file =
    existing === null || databaseLine(existing) === database
      ? main
      : resolve(join(dir, `first-admin-${database.split(" ")[0]}-${createHash("sha256").update(database).digest("hex").slice(0, 8)}.txt`));
  await writeFile(file, content, { mode: 0o600 });
  return file;
}
