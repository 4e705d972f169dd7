/**
 * StoryStore on Prisma (SQLite and Postgres): listing with visibility, creating a story with its
 * cards and members in one transaction, and compare-and-set writes of settings and access.
 * The source article is never read with the story: only `source()` returns it.
 */
import type { Db, DbProvider } from "../db/client";
import { isPrismaError, nullIfMissing } from "./prisma-errors";
import { SlugTaken, type StoryStore, type StoryViewer } from "./types";

/** Every story read leaves the (up to 200 KB) source article behind. */
export const WITHOUT_SOURCE = { sourceArticle: true } as const;

function visibleTo(viewer: StoryViewer) {
  if (viewer.admin) return {};
  return { OR: [{ restricted: false }, { members: { some: { userId: viewer.userId } } }] };
}

async function slugChecked<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    if (isPrismaError(err, "P2002")) throw new SlugTaken();
    throw err;
  }
}

export function createPrismaStoryStore(db: Db, provider: DbProvider): StoryStore {
  return {
    async list(viewer, { search, archived }) {
      const stories = await db.story.findMany({
        where: {
          ...visibleTo(viewer),
          archivedAt: archived ? { not: null } : null,
          // SQLite's LIKE ignores ASCII case by itself; Postgres needs to be told.
          ...(search ? { headline: provider === "postgres" ? { contains: search, mode: "insensitive" as const } : { contains: search } } : {}),
        },
        omit: WITHOUT_SOURCE,
        orderBy: { createdAt: "desc" },
        take: 200,
      });
      // One rule on both databases (SQLite's LIKE only folds ASCII): filter again here.
      const found = search ? stories.filter((s) => s.headline.toLowerCase().includes(search.toLowerCase())) : stories;
      const ids = found.map((s) => s.id);
      const [counts, activity] = await Promise.all([
        db.card.groupBy({ by: ["storyId", "status"], where: { storyId: { in: ids }, deletedAt: null }, _count: { _all: true } }),
        db.auditEntry.groupBy({ by: ["storyId"], where: { storyId: { in: ids } }, _max: { at: true } }),
      ]);
      return found.map((s) => {
        const mine = counts.filter((c) => c.storyId === s.id);
        return {
          ...s,
          cardCount: mine.reduce((n, c) => n + c._count._all, 0),
          publishedCount: mine.find((c) => c.status === "published")?._count._all ?? 0,
          lastActivityAt: activity.find((a) => a.storyId === s.id)?._max.at ?? null,
        };
      });
    },

    async create(story, cards, memberIds) {
      try {
        return await db.$transaction(async (tx) => {
          const created = await tx.story.create({
            data: {
              ...story,
              cards: { create: cards.map((c, position) => ({ ...c, position })) },
              members: { create: [...new Set(memberIds)].map((userId) => ({ userId })) },
            },
            omit: WITHOUT_SOURCE,
          });
          return created;
        });
      } catch (err) {
        if (isPrismaError(err, "P2002")) return null;
        throw err;
      }
    },

    updateIfVersion: (id, expectedVersion, patch) =>
      slugChecked(nullIfMissing(db.story.update({ where: { id, version: expectedVersion }, data: patch, omit: WITHOUT_SOURCE }))),

    async setAccess(id, expectedVersion, patch, memberIds) {
      return db.$transaction(async (tx) => {
        // Write first (takes the lock, see prisma-store.ts), then replace the members.
        const moved = await tx.story.updateMany({ where: { id, version: expectedVersion }, data: patch });
        if (moved.count !== 1) return null;
        await tx.storyMember.deleteMany({ where: { storyId: id } });
        if (memberIds.length) await tx.storyMember.createMany({ data: [...new Set(memberIds)].map((userId) => ({ storyId: id, userId })) });
        return tx.story.findUnique({ where: { id }, omit: WITHOUT_SOURCE });
      });
    },

    async isMember(storyId, userId) {
      return (await db.storyMember.count({ where: { storyId, userId } })) > 0;
    },

    async members(storyId) {
      const rows = await db.storyMember.findMany({ where: { storyId }, include: { user: { select: { id: true, name: true } } }, orderBy: { addedAt: "asc" } });
      return rows.map((r) => r.user);
    },

    async source(storyId) {
      const row = await db.story.findUnique({ where: { id: storyId }, select: { sourceArticle: true } });
      return row?.sourceArticle ?? null;
    },

    async hasPublished(storyId) {
      const [cards, updates] = await Promise.all([
        db.card.count({ where: { storyId, publishedRevision: { not: null } } }),
        db.liveUpdate.count({ where: { storyId, approved: true } }),
      ]);
      return cards + updates > 0;
    },
  };
}
