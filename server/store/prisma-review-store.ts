/** ReviewStore on Prisma (SQLite and Postgres): comment threads, comments, notifications. */
import type { Db } from "../db/client";
import type { ReviewStore } from "./review-types";

const withComments = { comments: { orderBy: { id: "asc" } } } as const;

export function createPrismaReviewStore(db: Db): ReviewStore {
  return {
    createThread: (thread, first) => db.commentThread.create({ data: { ...thread, comments: { create: first } }, include: withComments }),

    findThread: (id) => db.commentThread.findUnique({ where: { id }, include: withComments }),

    listThreads: (storyId, cardId) =>
      db.commentThread.findMany({ where: { storyId, ...(cardId ? { cardId } : {}) }, include: withComments, orderBy: { createdAt: "asc" } }),

    addComment: (threadId, comment) => db.comment.create({ data: { ...comment, threadId } }),

    findComment: (id) => db.comment.findUnique({ where: { id } }),

    async updateComment(id, patch) {
      await db.comment.update({ where: { id }, data: patch });
    },

    async setResolved(threadId, resolvedAt, resolvedBy) {
      await db.commentThread.update({ where: { id: threadId }, data: { resolvedAt, resolvedBy } });
    },

    async createNotifications(rows) {
      // One by one: createManyAndReturn is not on every provider we run, and these are a handful.
      const created = [];
      for (const row of rows) created.push(await db.notification.create({ data: row }));
      return created;
    },

    listNotifications: (userId, limit) => db.notification.findMany({ where: { userId }, orderBy: { id: "desc" }, take: limit }),

    countUnread: (userId) => db.notification.count({ where: { userId, readAt: null } }),

    async markRead(userId, ids, now) {
      const where = { userId, readAt: null, ...(ids === "all" ? {} : { id: { in: ids } }) };
      const changing = await db.notification.findMany({ where, select: { id: true } });
      if (changing.length === 0) return [];
      await db.notification.updateMany({ where: { ...where, id: { in: changing.map((n) => n.id) } }, data: { readAt: now } });
      return changing.map((n) => n.id);
    },

    unmailed: (before, limit) =>
      db.notification.findMany({ where: { emailedAt: null, createdAt: { lte: before } }, orderBy: { id: "asc" }, take: limit }),

    async claimForEmail(ids, now) {
      const claimed: number[] = [];
      for (const id of ids) {
        const { count } = await db.notification.updateMany({ where: { id, emailedAt: null }, data: { emailedAt: now } });
        if (count === 1) claimed.push(id);
      }
      return claimed;
    },

    async unclaimEmail(ids) {
      await db.notification.updateMany({ where: { id: { in: ids } }, data: { emailedAt: null } });
    },

    async emailPreference(userId) {
      const user = await db.user.findUnique({ where: { id: userId }, select: { emailNotifications: true } });
      return user?.emailNotifications ?? false;
    },

    async setEmailPreference(userId, on) {
      await db.user.update({ where: { id: userId }, data: { emailNotifications: on } });
    },
  };
}
