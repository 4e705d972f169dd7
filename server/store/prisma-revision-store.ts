/** RevisionStore on Prisma: immutable published revisions of cards. */
import type { Db } from "../db/client";
import { isPrismaError } from "./prisma-errors";
import type { RevisionStore } from "./types";

/** Every column but the document state, which only a revert needs. */
const WITHOUT_STATE = {
  id: true,
  cardId: true,
  number: true,
  kind: true,
  title: true,
  summary: true,
  bodyHtml: true,
  bodyText: true,
  note: true,
  publishedBy: true,
  publishedAt: true,
} as const;

export function createPrismaRevisionStore(db: Db): RevisionStore {
  return {
    async publish(cardId, expectedVersion, revision, patch) {
      try {
        return await db.$transaction(async (tx) => {
          const card = await tx.card.findFirst({ where: { id: cardId, version: expectedVersion, deletedAt: null } });
          if (!card) return null;
          const number = (card.publishedRevision ?? 0) + 1;
          // The version check in `where` makes this the compare-and-set: a concurrent writer
          // either commits first (we match no row and plan again) or waits for us.
          const moved = await tx.card.updateMany({
            where: { id: cardId, version: expectedVersion, deletedAt: null },
            data: { ...patch, publishedRevision: number },
          });
          if (moved.count !== 1) return null;
          const { docState, ...rest } = revision;
          const created = await tx.cardRevision.create({
            data: { ...rest, docState: docState ? Uint8Array.from(docState) : null, cardId, number },
            select: WITHOUT_STATE,
          });
          const updated = await tx.card.findUniqueOrThrow({ where: { id: cardId } });
          return { card: updated, revision: created };
        });
      } catch (err) {
        // Two publications of one card racing for the same number: the loser plans again.
        if (isPrismaError(err, "P2002")) return null;
        throw err;
      }
    },

    list: (cardId, limit) =>
      db.cardRevision.findMany({ where: { cardId }, orderBy: { number: "desc" }, take: limit, select: WITHOUT_STATE }),

    async find(cardId, number) {
      const row = await db.cardRevision.findUnique({ where: { cardId_number: { cardId, number } } });
      return row && { ...row, docState: row.docState ? new Uint8Array(row.docState) : null };
    },

    async forReaders(cards) {
      if (cards.length === 0) return [];
      return db.cardRevision.findMany({
        where: {
          cardId: { in: cards.map((c) => c.id) },
          OR: [{ number: 1 }, { kind: "correction" }, ...cards.map((c) => ({ cardId: c.id, number: c.publishedRevision }))],
        },
        orderBy: [{ cardId: "asc" }, { number: "asc" }],
        select: WITHOUT_STATE,
      });
    },
  };
}
