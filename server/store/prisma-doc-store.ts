/**
 * DocStore on Prisma: the Yjs snapshot of each card and the log of updates stored after it.
 *
 * Several processes may write one card's log at once (Postgres), so two rules keep every
 * stored update somewhere a reader will find it:
 * - Compaction folds exactly the rows it read, inside one transaction that first locks the
 *   snapshot row, and deletes exactly those rows. A row committed meanwhile (even one with a
 *   smaller id: Postgres hands out ids before commits land) is not deleted and stays in the log.
 * - Readers take every row of the card's log, whatever its id, and read the log before the
 *   snapshot: a compaction between the two reads only moves rows into a snapshot that is read
 *   afterwards. Applying a row twice (log and snapshot) is harmless: Yjs updates are idempotent.
 */
import type { Db, DbProvider } from "../db/client";
import { isPrismaError } from "./prisma-errors";
import type { DocLogState, DocStore } from "./types";
import type { UpdateLogWriter } from "./update-log-writer";
import { foldDoc } from "./fold-doc.mjs";

/** Prisma hands Bytes back as Uint8Array views; copy into plain Uint8Arrays for Yjs. */
const bytes = (b: Uint8Array) => new Uint8Array(b);
/** Prisma's Bytes input type wants an ArrayBuffer-backed array (Yjs may hand a view of a larger buffer). */
const toBytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
/** Changes whenever a compaction writes the snapshot (a reader that saw another mark must read it again). */
const markOf = (doc: { throughId: number; updatedAt: Date }) => `${doc.throughId}@${doc.updatedAt.getTime()}`;

/**
 * `log` writes the update log and the derived text through the driver directly
 * (./update-log-writer.ts): one prepared statement per batch instead of Prisma's per-call cost.
 */
export function createPrismaDocStore(db: Db, provider: DbProvider, log: UpdateLogWriter): DocStore {
  return {
    // SQLite runs every store call in one queue, in call order: a batch is handed over as soon as
    // it is formed (later reads see it), and the queue gathers and paces the commits
    // (./paced-commits.ts). On Postgres one batch at a time: the next gathers everything that
    // arrives during the round trip (and Prisma's pool could commit two batches out of order).
    maxWritesInFlight: provider === "sqlite" ? Number.POSITIVE_INFINITY : 1,
    readsFollowWrites: provider === "sqlite",

    async loadDoc(cardId) {
      const card = await db.card.findFirst({ where: { id: cardId, deletedAt: null }, select: { body: true, storyId: true } });
      if (!card) return null;
      // Log first, snapshot second (see the head of this file).
      const updates = await db.cardDocUpdate.findMany({
        where: { cardId },
        orderBy: { id: "asc" },
        select: { id: true, update: true },
      });
      const doc = await db.cardDoc.findUnique({ where: { cardId }, select: { state: true, throughId: true, updatedAt: true } });
      return {
        state: doc ? bytes(doc.state) : null,
        throughId: doc?.throughId ?? 0,
        mark: doc ? markOf(doc) : null,
        updates: updates.map((u) => ({ id: u.id, update: bytes(u.update) })),
        body: card.body,
        storyId: card.storyId,
      };
    },

    async createDoc(cardId, state) {
      try {
        await db.cardDoc.create({ data: { cardId, state: toBytes(state), throughId: 0 } });
        return true;
      } catch (err) {
        if (isPrismaError(err, "P2002")) return false; // another process got there first
        throw err;
      }
    },

    async appendUpdates(rows) {
      if (rows.length === 0) return [];
      return log.append(rows);
    },

    async compactDoc(cardId) {
      // SQLite: in the writer's thread, whose commit (and fsync) would otherwise block the event loop.
      if (log.compact) return log.compact(cardId);
      return db.$transaction(async (tx) => {
        // Write first: on Postgres the row lock serialises compactions of this card (a slower
        // one can never overwrite a snapshot that folds rows it did not read); on SQLite it takes
        // the write lock up front.
        const locked = await tx.cardDoc.updateMany({ where: { cardId }, data: { throughId: { increment: 0 } } });
        if (locked.count === 0) return null;
        const rows = await tx.cardDocUpdate.findMany({ where: { cardId }, orderBy: { id: "asc" }, select: { id: true, update: true } });
        if (rows.length === 0) return { folded: 0, bytes: null, throughId: null };
        const current = await tx.cardDoc.findUniqueOrThrow({ where: { cardId }, select: { state: true, throughId: true } });
        const state = foldDoc([bytes(current.state), ...rows.map((r) => bytes(r.update))]);
        const ids = rows.map((r) => r.id);
        await tx.cardDoc.update({
          where: { cardId },
          data: { state: toBytes(state), throughId: Math.max(current.throughId, ids.at(-1)!) },
        });
        await tx.cardDocUpdate.deleteMany({ where: { id: { in: ids } } });
        return { folded: ids.length, bytes: state.byteLength, throughId: ids.at(-1)! };
      });
    },

    async logState(cardIds) {
      const result = new Map<string, DocLogState>();
      if (cardIds.length === 0) return result;
      const [rows, docs] = await Promise.all([
        db.cardDocUpdate.findMany({ where: { cardId: { in: cardIds } }, select: { id: true, cardId: true }, orderBy: { id: "asc" } }),
        db.cardDoc.findMany({ where: { cardId: { in: cardIds } }, select: { cardId: true, throughId: true, updatedAt: true } }),
      ]);
      for (const id of cardIds) result.set(id, { ids: [], mark: null });
      for (const row of rows) result.get(row.cardId)?.ids.push(row.id);
      for (const doc of docs) result.get(doc.cardId)!.mark = markOf(doc);
      return result;
    },

    async readUpdates(cardId, ids) {
      if (ids.length === 0) return [];
      const rows = await db.cardDocUpdate.findMany({
        where: { cardId, id: { in: ids } },
        orderBy: { id: "asc" },
        select: { id: true, update: true },
      });
      return rows.map((u) => ({ id: u.id, update: bytes(u.update) }));
    },

    async readSnapshot(cardId) {
      const doc = await db.cardDoc.findUnique({ where: { cardId }, select: { state: true, throughId: true, updatedAt: true } });
      return doc ? { state: bytes(doc.state), mark: markOf(doc) } : null;
    },

    saveDerivedBody(cardId, body, bodyHtml) {
      // Several processes may derive the same text: the writer writes (and so announces) only a change.
      return log.saveDerived(cardId, body, bodyHtml);
    },
  };
}
