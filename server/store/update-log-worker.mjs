// The SQLite side of the update-log writer (./update-log-writer.ts), in a worker thread: a
// commit of a batch (and, with synchronous=FULL, its fsync; now and then a WAL checkpoint) takes
// from a fraction of a millisecond to several on a busy disk, and better-sqlite3 runs it
// synchronously. On the main thread that time blocked every other editor's relay and ack; here
// it blocks nobody. Plain JavaScript so that it runs as it is under tsx, vitest and node alike.
//
// Messages in:
//   { id, op: "append", cardIds: string[], packed: Uint8Array, ends: number[] } (update i is
//     packed[ends[i-1] .. ends[i]])                      → { id, result: ids (number[]) }
//   { id, op: "derived", cardId, body, bodyHtml }        → { id, result: preview fields or null }
//   { id, op: "compact", cardId }                         → { id, result: { folded, bytes, throughId } or null }
//   "close"
// Any failure → { id, error }.
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import { foldDoc } from "./fold-doc.mjs";

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

// Compaction, as server/store/prisma-doc-store.ts does it through Prisma on Postgres: take the write
// lock first, fold the snapshot and every logged row into a new snapshot, delete those rows. The
// lock keeps new rows out until the commit, so "the card's rows up to the last one read" are
// exactly the rows read. updatedAt is Prisma's @updatedAt, set by hand (the snapshot mark).
const lockDoc = db.prepare('UPDATE "CardDoc" SET "throughId" = "throughId" WHERE "cardId" = ?');
const logRows = db.prepare('SELECT "id", "update" FROM "CardDocUpdate" WHERE "cardId" = ? ORDER BY "id"');
const snapshot = db.prepare('SELECT "state", "throughId" FROM "CardDoc" WHERE "cardId" = ?');
const writeSnapshot = db.prepare('UPDATE "CardDoc" SET "state" = ?, "throughId" = ?, "updatedAt" = ? WHERE "cardId" = ?');
const dropRows = db.prepare('DELETE FROM "CardDocUpdate" WHERE "cardId" = ? AND "id" <= ?');
const compact = db.transaction((cardId) => {
  if (lockDoc.run(cardId).changes === 0) return null;
  const rows = logRows.all(cardId);
  if (rows.length === 0) return { folded: 0, bytes: null, throughId: null };
  const current = snapshot.get(cardId);
  const state = foldDoc([current.state, ...rows.map((r) => r.update)]);
  const lastId = rows.at(-1).id;
  writeSnapshot.run(state, Math.max(current.throughId, lastId), new Date().toISOString().replace("Z", "+00:00"), cardId);
  dropRows.run(cardId, lastId);
  return { folded: rows.length, bytes: state.byteLength, throughId: lastId };
});

parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  const { id } = message;
  try {
    const result =
      message.op === "append"
        ? appendAll(message.cardIds, message.packed, message.ends)
        : message.op === "compact"
          ? compact(message.cardId)
          : saveDerived(message.cardId, message.body, message.bodyHtml);
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
