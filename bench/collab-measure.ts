/**
 * Measurements for `npm run bench:collab`: the server process's CPU and RSS from /proc, what
 * each system has stored (read straight from its SQLite file), percentiles, and the machine.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import * as Y from "yjs";
import { BODY_FIELD } from "../lib/protocol/collab";
import { TOKEN, type System } from "./collab-editors";

const CLK_TCK = 100; // USER_HZ on Linux (getconf CLK_TCK)

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14, 15)
}

/**
 * Bytes the process has written (/proc/pid/io): `all` passed to write(2) and friends, sockets and
 * files alike (wchar); `storage` what it caused to be written to the disk (write_bytes).
 */
export function writtenBytes(pid: number): { all: number; storage: number } {
  const io = readFileSync(`/proc/${pid}/io`, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(io)?.[1] ?? 0);
  return { all: field("wchar"), storage: field("write_bytes") };
}

/** CPU seconds the whole machine has spent busy (all cores; /proc/stat, idle and iowait excluded). */
export function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}

export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb ?? 0) / 1024;
}

/** Samples a process's RSS every second; stop() returns the peak and the last sample (MB). */
export function sampleRss(pid: number): () => { peak: number; last: number } {
  let peak = rssMb(pid);
  let last = peak;
  const timer = setInterval(() => {
    try {
      last = rssMb(pid);
      peak = Math.max(peak, last);
    } catch {
      // the process is gone
    }
  }, 1000);
  return () => {
    clearInterval(timer);
    return { peak, last };
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export interface Stored {
  /** Tokens found in the stored documents. */
  tokens: Set<string>;
  /** Bytes of the documents' rows: Newsdesk snapshot + update log; Hocuspocus the state blob. */
  docBytes: number;
  /** Rows holding document data. */
  rows: number;
  /** page_count × page_size: the database's size (WAL content included). */
  dbBytes: number;
}

export const dbFile = (system: System, dir: string) => join(dir, system === "newsdesk" ? "desk.db" : "hocuspocus.db");

/** Loads every stored document of the run's cards, as a fresh server would, and lists its tokens. */
export function readStored(system: System, dir: string, cards: string[]): Stored {
  const file = dbFile(system, dir);
  const out: Stored = { tokens: new Set(), docBytes: 0, rows: 0, dbBytes: 0 };
  if (!existsSync(file)) return out;
  const db = new Database(file, { readonly: true, timeout: 10_000 });
  try {
    out.dbBytes = Number(db.pragma("page_count", { simple: true })) * Number(db.pragma("page_size", { simple: true }));
    for (const card of cards) {
      const doc = new Y.Doc();
      const parts: Uint8Array[] = [];
      if (system === "newsdesk") {
        const snap = db.prepare(`SELECT state, throughId FROM "CardDoc" WHERE cardId = ?`).get(card) as
          | { state: Buffer; throughId: number }
          | undefined;
        if (snap) parts.push(snap.state);
        const updates = db
          .prepare(`SELECT "update" AS u FROM "CardDocUpdate" WHERE cardId = ? AND id > ? ORDER BY id`)
          .all(card, snap?.throughId ?? 0) as { u: Buffer }[];
        parts.push(...updates.map((r) => r.u));
      } else {
        const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'`).get();
        const row = hasTable ? (db.prepare(`SELECT data FROM "documents" WHERE name = ?`).get(card) as { data: Buffer } | undefined) : undefined;
        if (row) parts.push(row.data);
      }
      for (const p of parts) {
        Y.applyUpdate(doc, new Uint8Array(p));
        out.docBytes += p.byteLength;
        out.rows += 1;
      }
      for (const m of doc.getXmlFragment(BODY_FIELD).toString().matchAll(TOKEN)) out.tokens.add(m[0]);
      doc.destroy();
    }
  } finally {
    db.close();
  }
  return out;
}

/** Folds the WAL into the database file and returns the file's size (after the server is gone). */
export function checkpointedFileBytes(system: System, dir: string): number {
  const file = dbFile(system, dir);
  const db = new Database(file, { timeout: 10_000 });
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  return readFileSync(file).byteLength;
}

export function machine(): Record<string, string> {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const meminfo = readFileSync("/proc/meminfo", "utf8");
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  let nproc = "";
  try {
    nproc = execFileSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    nproc = "?";
  }
  return {
    nproc,
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
    memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
    node: process.version,
  };
}

/** The commit measured, and whether the server code in the work tree differs from it. */
export function codeVersion(): string {
  try {
    // trimEnd: a porcelain line starts with its status column, often a space (" M server/…").
    const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trimEnd();
    const head = git("log", "-1", "--format=%h %s");
    const dirty = git("status", "--porcelain", "--", "server", "lib", "prisma", "package-lock.json");
    return dirty ? `${head} (plus uncommitted changes in: ${[...new Set(dirty.split("\n").map((l) => l.slice(3)))].join(", ")})` : head;
  } catch {
    return "unknown (no git)";
  }
}

export function versionOf(pkg: string): string {
  try {
    const path = join(process.cwd(), "node_modules", pkg, "package.json");
    return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  } catch {
    return "?";
  }
}
