/** FeedStore on Prisma: the live updates of each story and its pinned update. */
import type { Db } from "../db/client";
import { nullIfMissing } from "./prisma-errors";
import type { FeedStore, LiveUpdateRecord } from "./types";

const live = { deletedAt: null } as const;
/** What readers may see: approved, and not waiting for its scheduled time. */
const publicOnly = { approved: true, scheduledFor: null } as const;

/** The fields a post keeps when it is re-created as a new, public update (approval, schedule). */
function copyOf(old: LiveUpdateRecord) {
  const { storyId, authorName, bodyHtml, bodyText, cardId, keyEvent, headline, coAuthors, embedUrl } = old;
  const { photoKey, photoWidth, photoHeight, photoAlt, photoCaption, photoCredit } = old;
  return { storyId, authorName, bodyHtml, bodyText, cardId, keyEvent, headline, coAuthors, embedUrl, photoKey, photoWidth, photoHeight, photoAlt, photoCaption, photoCredit };
}

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
        return tx.liveUpdate.create({ data: { ...copyOf(old), approved: true, publishedAt: now } });
      }),

    listDueScheduled: (now, limit) =>
      db.liveUpdate.findMany({ where: { ...live, scheduledFor: { lte: now } }, orderBy: { scheduledFor: "asc" }, take: limit }),

    publishScheduled: (id, now, expectedVersion) =>
      db.$transaction(async (tx) => {
        // The claim is the first statement: on Postgres a concurrent claimer blocks on the row and
        // then finds it tombstoned (count 0); SQLite serialises writers. Exactly one wins.
        const claimed = await tx.liveUpdate.updateMany({
          where: { id, ...live, scheduledFor: { not: null }, ...(expectedVersion ? { version: expectedVersion } : {}) },
          data: { deletedAt: now },
        });
        if (claimed.count !== 1) return null;
        const old = await tx.liveUpdate.findUniqueOrThrow({ where: { id } });
        return tx.liveUpdate.create({ data: { ...copyOf(old), approved: old.approved, publishedAt: now } });
      }),

    deleteUpdate: (id) =>
      db.$transaction(async (tx) => {
        const deleted = await nullIfMissing(tx.liveUpdate.update({ where: { id, ...live }, data: { deletedAt: new Date() } }));
        if (deleted) await tx.story.updateMany({ where: { id: deleted.storyId, pinnedUpdateId: id }, data: { pinnedUpdateId: null } });
        return deleted;
      }),

    async listUpdates(storyId, { before, after, limit, pending = false }) {
      const shown = pending ? {} : publicOnly;
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
      db.liveUpdate.findMany({ where: { storyId, ...live, ...publicOnly, keyEvent: true }, orderBy: { id: "desc" }, take: limit }),

    async getPinnedId(storyId) {
      const story = await db.story.findUnique({ where: { id: storyId }, select: { pinnedUpdateId: true } });
      return story?.pinnedUpdateId ?? null;
    },

    async setPinnedId(storyId, updateId) {
      await db.story.update({ where: { id: storyId }, data: { pinnedUpdateId: updateId } });
    },
  };
}
