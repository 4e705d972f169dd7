// The SQLite side of the update-log writer (./update-log-writer.ts), in a worker thread: a
// commit of a batch (and, with synchronous=FULL, its fsync; now and then a WAL checkpoint) takes
// from a fraction of a millisecond to several on a busy disk, and better-sqlite3 runs it
// synchronously. On the main thread that time blocked every other editor's relay and ack; here
// it blocks nobody. Plain JavaScript so that it runs as it is under tsx, vitest and node alike.
//
// Messages in:
//   { id, op: "commit", cardIds: string[], packed: Uint8Array, ends: number[], derived: { cardId, body, bodyHtml }[] }
//     (update i is packed[ends[i-1] .. ends[i]]), one transaction
//       → { id, result: { ids: number[], derived: (preview fields | null | { error })[] } }
//   { id, op: "compact", cardId }                         → { id, result: { folded, bytes, throughId } or null }
//   "close"
// Any failure of the transaction → { id, error }.
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";
import { foldDoc } from "./fold-doc.mjs";

const db = new Database(workerData.path, { timeout: 10_000 });
// Per connection; the file is in WAL mode already (set by the Prisma connection at start-up).
db.pragma(`synchronous = ${workerData.synchronous === "full" ? "FULL" : "NORMAL"}`);
// It only appends: a small page cache (SQLite's default would hold megabytes per connection).
db.pragma("cache_size = -512");
const insert = db.prepare('INSERT INTO "CardDocUpdate" ("cardId", "update", "createdAt") VALUES (?, ?, ?)');

// Prisma's updatedAt, set by hand here; "changed" only when the text differs (several processes
// may derive the same text: only a change is announced).
// The preview fields come back from the same statement, so the desk's previews need no query.
const derived = db.prepare(
  'UPDATE "Card" SET "body" = ?, "bodyHtml" = ?, "updatedAt" = ? WHERE "id" = ? AND "deletedAt" IS NULL AND ("body" <> ? OR "bodyHtml" <> ?) ' +
    'RETURNING "id", "storyId", "title", "summary", "body", "bodyHtml", "publishedKey", "updatedAt"',
);
// In a savepoint of its own: a derived text that fails is that text's error, not the commit's.
const saveDerived = db.transaction((cardId, body, bodyHtml, now) => derived.get(body, bodyHtml, now, cardId, body, bodyHtml) ?? null);

// One transaction, one sync: the update rows, then the derived texts (./paced-commits.ts gathers them).
const commitAll = db.transaction((cardIds, packed, ends, texts) => {
  // Prisma's SQLite adapter writes DateTime as ISO text with an explicit offset: the same here.
  const now = new Date().toISOString().replace("Z", "+00:00");
  const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  const ids = cardIds.map((cardId, i) => Number(insert.run(cardId, bytes.subarray(i === 0 ? 0 : ends[i - 1], ends[i]), now).lastInsertRowid));
  const saved = texts.map(({ cardId, body, bodyHtml }) => {
    try {
      return saveDerived(cardId, body, bodyHtml, now);
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  });
  return { ids, derived: saved };
});

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
    const result = message.op === "commit" ? commitAll(message.cardIds, message.packed, message.ends, message.derived) : compact(message.cardId);
    parentPort.postMessage({ id, result });
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
