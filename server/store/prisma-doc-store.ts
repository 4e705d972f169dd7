/** DocStore on Prisma: the Yjs snapshot of each card and the log of updates stored after it. */
import type { Db } from "../db/client";
import { isPrismaError, nullIfMissing } from "./prisma-errors";
import type { DocStore } from "./types";

/** Prisma hands Bytes back as Uint8Array views; copy into plain Uint8Arrays for Yjs. */
const bytes = (b: Uint8Array) => new Uint8Array(b);
/** Prisma's Bytes input type wants an ArrayBuffer-backed array (Yjs may hand a view of a larger buffer). */
const toBytes = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

export function createPrismaDocStore(db: Db): DocStore {
  return {
    async loadDoc(cardId) {
      const card = await db.card.findFirst({
        where: { id: cardId, deletedAt: null },
        select: { body: true, storyId: true, doc: { select: { state: true, throughId: true } } },
      });
      if (!card) return null;
      const throughId = card.doc?.throughId ?? 0;
      const updates = await db.cardDocUpdate.findMany({
        where: { cardId, id: { gt: throughId } },
        orderBy: { id: "asc" },
        select: { id: true, update: true },
      });
      return {
        state: card.doc ? bytes(card.doc.state) : null,
        throughId,
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

    async appendUpdate(cardId, update) {
      const row = await db.cardDocUpdate.create({ data: { cardId, update: toBytes(update) }, select: { id: true } });
      return row.id;
    },

    async compactDoc(cardId, state, throughId) {
      await db.$transaction(async (tx) => {
        // Only move forward: a slower compaction must never replace a newer snapshot.
        const moved = await tx.cardDoc.updateMany({
          where: { cardId, throughId: { lt: throughId } },
          data: { state: toBytes(state), throughId },
        });
        if (moved.count === 0) return;
        await tx.cardDocUpdate.deleteMany({ where: { cardId, id: { lte: throughId } } });
      });
    },

    saveDerivedBody: (cardId, body, bodyHtml) =>
      nullIfMissing(db.card.update({ where: { id: cardId, deletedAt: null }, data: { body, bodyHtml } })),
  };
}
