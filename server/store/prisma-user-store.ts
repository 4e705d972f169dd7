/** UserStore and AuditStore on Prisma: accounts, sessions and the audit log. */
import type { Db } from "../db/client";
import { isPrismaError, nullIfMissing } from "./prisma-errors";
import type { AuditStore, UserStore } from "./types";

export function createPrismaUserStore(db: Db): UserStore {
  return {
    count: () => db.user.count(),

    async create(user) {
      try {
        return await db.user.create({ data: user });
      } catch (err) {
        if (isPrismaError(err, "P2002")) return null;
        throw err;
      }
    },

    findById: (id) => db.user.findUnique({ where: { id } }),
    findByEmail: (email) => db.user.findUnique({ where: { email } }),
    list: () => db.user.findMany({ orderBy: [{ active: "desc" }, { name: "asc" }] }),

    update: (id, patch, options = {}) =>
      db.$transaction(async (tx) => {
        const user = await nullIfMissing(tx.user.update({ where: { id }, data: patch }));
        // A deactivated account: every open session ends. A new password: every session but the
        // one of the person who set it on themself (they know it; their other devices are signed out).
        if (user && patch.active === false) await tx.session.deleteMany({ where: { userId: id } });
        else if (user && patch.passwordHash) {
          const keep = options.keepSessionId;
          await tx.session.deleteMany({ where: { userId: id, ...(keep ? { id: { not: keep } } : {}) } });
        }
        return user;
      }),

    createSession: (session) => db.session.create({ data: session }),
    findSession: (id) => db.session.findUnique({ where: { id }, include: { user: true } }),
    async extendSession(id, expiresAt) {
      await db.session.updateMany({ where: { id }, data: { expiresAt } });
    },
    async deleteSession(id) {
      await db.session.deleteMany({ where: { id } });
    },
    async deleteExpiredSessions(now) {
      return (await db.session.deleteMany({ where: { expiresAt: { lt: now } } })).count;
    },
  };
}

export function createPrismaAuditStore(db: Db): AuditStore {
  return {
    async append(entry) {
      await db.auditEntry.create({ data: entry });
    },
    list: ({ storyId, cardId, before, limit }) =>
      db.auditEntry.findMany({
        where: { ...(storyId ? { storyId } : {}), ...(cardId ? { cardId } : {}), ...(before ? { id: { lt: before } } : {}) },
        orderBy: { id: "desc" },
        take: limit,
      }),
  };
}
