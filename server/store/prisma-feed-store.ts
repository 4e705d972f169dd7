/** FeedStore on Prisma: the live updates of each story and its pinned update. */
import type { Db } from "../db/client";
import { nullIfMissing } from "./prisma-errors";
import type { FeedStore } from "./types";

const live = { deletedAt: null } as const;

export function createPrismaFeedStore(db: Db): FeedStore {
  return {
    createUpdate: (update) => db.liveUpdate.create({ data: update }),

    findUpdate: (id) => db.liveUpdate.findFirst({ where: { id, ...live } }),

    updateIfVersion: (id, expectedVersion, patch) =>
      nullIfMissing(db.liveUpdate.update({ where: { id, version: expectedVersion, ...live }, data: patch })),

    approveAsNew: (id, expectedVersion, now) =>
      db.$transaction(async (tx) => {
        const gone = await tx.liveUpdate.updateMany({
          where: { id, version: expectedVersion, approved: false, ...live },
          data: { deletedAt: now },
        });
        if (gone.count !== 1) return null;
        const old = await tx.liveUpdate.findUniqueOrThrow({ where: { id } });
        return tx.liveUpdate.create({
          data: {
            storyId: old.storyId,
            authorName: old.authorName,
            bodyHtml: old.bodyHtml,
            bodyText: old.bodyText,
            cardId: old.cardId,
            keyEvent: old.keyEvent,
            approved: true,
            publishedAt: now,
          },
        });
      }),

    deleteUpdate: (id) =>
      db.$transaction(async (tx) => {
        const deleted = await nullIfMissing(tx.liveUpdate.update({ where: { id, ...live }, data: { deletedAt: new Date() } }));
        if (deleted) await tx.story.updateMany({ where: { id: deleted.storyId, pinnedUpdateId: id }, data: { pinnedUpdateId: null } });
        return deleted;
      }),

    async listUpdates(storyId, { before, after, limit, pending = false }) {
      const shown = pending ? {} : { approved: true };
      if (after !== undefined) {
        const newer = await db.liveUpdate.findMany({
          where: { storyId, ...live, ...shown, id: { gt: after } },
          orderBy: { id: "asc" },
          take: limit,
        });
        return newer.reverse();
      }
      return db.liveUpdate.findMany({
        where: { storyId, ...live, ...shown, ...(before !== undefined ? { id: { lt: before } } : {}) },
        orderBy: { id: "desc" },
        take: limit,
      });
    },

    listKeyEvents: (storyId, limit) =>
      db.liveUpdate.findMany({ where: { storyId, ...live, approved: true, keyEvent: true }, orderBy: { id: "desc" }, take: limit }),

    async getPinnedId(storyId) {
      const story = await db.story.findUnique({ where: { id: storyId }, select: { pinnedUpdateId: true } });
      return story?.pinnedUpdateId ?? null;
    },

    async setPinnedId(storyId, updateId) {
      await db.story.update({ where: { id: storyId }, data: { pinnedUpdateId: updateId } });
    },
  };
}
