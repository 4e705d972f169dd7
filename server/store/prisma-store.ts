/**
 * DeskStore on Prisma, for SQLite and Postgres alike. Transactions that read then write start
 * with a write to the story row: on Postgres that row lock serialises concurrent writers of one
 * story, and on SQLite it takes the write lock up front (a deferred read-then-write can fail
 * with P1008 under contention).
 *
 * On SQLite every call goes through one queue (see ./serial.ts for why).
 */
import type { Db, DbProvider } from "../db/client";
import { createPrismaDocStore } from "./prisma-doc-store";
import { createPrismaFeedStore } from "./prisma-feed-store";
import { createPrismaStoryStore, WITHOUT_SOURCE } from "./prisma-story-store";
import { createPrismaRevisionStore } from "./prisma-revision-store";
import { createPrismaReviewStore } from "./prisma-review-store";
import { createPrismaAuditStore, createPrismaUserStore } from "./prisma-user-store";
import { nullIfMissing } from "./prisma-errors";
import { pacedCommits } from "./paced-commits";
import { serialised, serialQueue } from "./serial";
import type { UpdateLogWriter } from "./update-log-writer";
import type {
  CardPatch,
  CardRecord,
  DeskStore,
  NewCard,
  NewStory,
  StoryRecord,
} from "./types";

type SubStores = Pick<DeskStore, "docs" | "feed" | "revisions" | "users" | "audit" | "stories" | "review">;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const live = { deletedAt: null } as const;

/** The columns of CardPublicState: no title, summary or body of the working copy. */
const PUBLIC_STATE = { id: true, storyId: true, status: true, position: true, deletedAt: true, publishedRevision: true } as const;

async function lockStory(tx: Tx, storyId: string): Promise<boolean> {
  const locked = await tx.story.updateMany({ where: { id: storyId }, data: { updatedAt: new Date() } });
  return locked.count === 1;
}

/**
 * Least time between two commits of the card-text log on SQLite (./paced-commits.ts): under load
 * an edit is acknowledged up to this much later, and a commit carries several keystrokes instead
 * of one. At 50 editors typing 5 edits/s each (bench/RESULTS.md, 2026-12-05) the process used
 * 25.6 % of a core unpaced, 21.1 % at 10 ms, 16.1 % at 20 and 13.6 % at 40 (ack p99 43 ms).
 * Session 9, two servers side by side: 14.2 % at 20 ms against 12.1 % at 50 (ack p50 12 → 29 ms,
 * p99 37 → 55 ms). 50 keeps "Saved" well under the ~100 ms an editor could notice, and only a
 * loaded server waits at all.
 */
export const SQLITE_COMMIT_INTERVAL_MS = 50;

export function createPrismaStore(db: Db, provider: DbProvider, log: UpdateLogWriter, opts: { commitIntervalMs?: number } = {}): DeskStore {
  const docs = createPrismaDocStore(db, provider, log);
  const feed = createPrismaFeedStore(db);
  const subs: SubStores = {
    docs,
    feed,
    revisions: createPrismaRevisionStore(db),
    users: createPrismaUserStore(db),
    audit: createPrismaAuditStore(db),
    stories: createPrismaStoryStore(db, provider),
    review: createPrismaReviewStore(db),
  };
  const close = async () => {
    await db.$disconnect();
    await log.close();
  };
  if (provider !== "sqlite") return createStore(db, provider, subs, close);
  const enqueue = serialQueue();
  const queued = Object.fromEntries(Object.entries(subs).map(([k, v]) => [k, serialised(v, enqueue)])) as unknown as SubStores;
  // Card text's writes (update rows and derived text) gathered into paced commits, one
  // transaction each, by the driver's writer thread (./update-log-writer.ts).
  if (!log.commit) throw new Error("SQLite's store needs the update-log writer (createUpdateLogWriter) to commit card text");
  const paced = pacedCommits(enqueue, log.commit, opts.commitIntervalMs ?? SQLITE_COMMIT_INTERVAL_MS);
  queued.docs.appendUpdates = paced.append;
  queued.docs.saveDerivedBody = paced.saveDerived;
  return serialised(createStore(db, provider, queued, close), enqueue);
}

function createStore(db: Db, provider: DbProvider, subs: SubStores, close: () => Promise<void>): DeskStore {
  return {
    provider,
    ...subs,

    async ping() {
      await db.$queryRawUnsafe("SELECT 1");
    },

    async listStories() {
      const stories = await db.story.findMany({ orderBy: { createdAt: "desc" }, omit: WITHOUT_SOURCE });
      const counts = await db.card.groupBy({
        by: ["storyId", "status"],
        where: live,
        _count: { _all: true },
      });
      return stories.map((s) => {
        const mine = counts.filter((c) => c.storyId === s.id);
        return {
          ...s,
          cardCount: mine.reduce((n, c) => n + c._count._all, 0),
          publishedCount: mine.find((c) => c.status === "published")?._count._all ?? 0,
          lastActivityAt: null,
        };
      });
    },

    findStoryBySlug: (slug) => db.story.findUnique({ where: { slug }, omit: WITHOUT_SOURCE }),
    findStoryById: (id) => db.story.findUnique({ where: { id }, omit: WITHOUT_SOURCE }),

    listCards: (storyId) =>
      db.card.findMany({ where: { storyId, ...live }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] }),

    listPublishedCards: (storyId) =>
      db.card.findMany({
        where: { storyId, ...live, status: "published", publishedRevision: { not: null } },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: PUBLIC_STATE,
      }),

    findCardPublicState: (id) => db.card.findUnique({ where: { id }, select: PUBLIC_STATE }),

    findCard: (id) => db.card.findFirst({ where: { id, ...live } }),

    createCard(card: NewCard) {
      return db.$transaction(async (tx) => {
        if (!(await lockStory(tx, card.storyId))) return null;
        const last = await tx.card.aggregate({ where: { storyId: card.storyId }, _max: { position: true } });
        return tx.card.create({ data: { ...card, position: (last._max.position ?? -1) + 1 } });
      });
    },

    updateCardIfVersion: (id: string, expectedVersion: number, patch: CardPatch) =>
      nullIfMissing(db.card.update({ where: { id, version: expectedVersion, ...live }, data: patch })),

    reorderCards(storyId, plan) {
      return db.$transaction(async (tx) => {
        if (!(await lockStory(tx, storyId))) return [];
        const cards = await tx.card.findMany({
          where: { storyId, ...live },
          orderBy: [{ position: "asc" }, { createdAt: "asc" }],
          select: { id: true, position: true },
        });
        const order = plan(cards.map((c) => c.id));
        for (const [index, id] of order.entries()) {
          if (cards.find((c) => c.id === id)?.position !== index) {
            await tx.card.update({ where: { id }, data: { position: index } });
          }
        }
        return order;
      });
    },

    softDeleteCard: (id, deletedBy) =>
      nullIfMissing(db.card.update({ where: { id, ...live }, data: { deletedAt: new Date(), updatedBy: deletedBy } })),

    createStoryWithCards(story: NewStory, cards) {
      return db.story.create({
        data: { ...story, cards: { create: cards.map((c, position) => ({ ...c, position })) } },
        omit: WITHOUT_SOURCE,
      });
    },

    close,
  };
}

export type { CardRecord, StoryRecord };
