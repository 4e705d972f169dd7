// The SQLite side of the update-log writer (./update-log-writer.ts), in a worker thread: a
// commit of a batch (and, with synchronous=FULL, its fsync; now and then a WAL checkpoint) takes
// from a fraction of a millisecond to several on a busy disk, and better-sqlite3 runs it
// synchronously. On the main thread that time blocked every other editor's relay and ack; here
// it blocks nobody. Plain JavaScript so that it runs as it is under tsx, vitest and node alike.
//
// Messages in:
//   { id, op: "append", cardIds: string[], packed: Uint8Array, ends: number[] } (update i is
//     packed[ends[i-1] .. ends[i]])                      → { id, result: ids (number[]) }
//   { id, op: "derived", cardId, body, bodyHtml }        → { id, result: changed (boolean) }
//   "close"
// Any failure → { id, error }.
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";

const db = new Database(workerData.path, { timeout: 10_000 });
// Per connection; the file is in WAL mode already (set by the Prisma connection at start-up).
db.pragma(`synchronous = ${workerData.synchronous === "full" ? "FULL" : "NORMAL"}`);
// It only appends: a small page cache (SQLite's default would hold megabytes per connection).
db.pragma("cache_size = -512");
const insert = db.prepare('INSERT INTO "CardDocUpdate" ("cardId", "update", "createdAt") VALUES (?, ?, ?)');
const appendAll = db.transaction((cardIds, packed, ends) => {
  // Prisma's SQLite adapter writes DateTime as ISO text with an explicit offset: the same here.
  const now = new Date().toISOString().replace("Z", "+00:00");
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  return cardIds.map((cardId, i) => Number(insert.run(cardId, bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i]), now).lastInsertRowid));
});

// Prisma's updatedAt, set by hand here; "changed" only when the text differs (several processes
// may derive the same text: only a change is announced).
// The preview fields come back from the same statement, so the desk's previews need no query.
const derived = db.prepare(
  'UPDATE "Card" SET "body" = ?, "bodyHtml" = ?, "updatedAt" = ? WHERE "id" = ? AND "deletedAt" IS NULL AND ("body" <> ? OR "bodyHtml" <> ?) ' +
    'RETURNING "id", "storyId", "title", "summary", "body", "bodyHtml", "publishedKey", "updatedAt"',
);
const saveDerived = (cardId, body, bodyHtml) =>
  derived.get(body, bodyHtml, new Date().toISOString().replace("Z", "+00:00"), cardId, body, bodyHtml) ?? null;

parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  const { id } = message;
  try {
    const result =
      message.op === "append" ? appendAll(message.cardIds, message.packed, message.ends) : saveDerived(message.cardId, message.body, message.bodyHtml);
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
