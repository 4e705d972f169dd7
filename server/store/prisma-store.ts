/**
 * DeskStore on Prisma, for SQLite and Postgres alike. Transactions that read then write start
 * with a write to the story row: on Postgres that row lock serialises concurrent writers of one
 * story, and on SQLite it takes the write lock up front (a deferred read-then-write can fail
 * with P1008 under contention).
 *
 * SQLite runs on ONE better-sqlite3 connection. The adapter queues interactive transactions,
 * but a plain query issued while another request's transaction is open runs INSIDE it: if that
 * transaction rolls back, an edit already acknowledged to its editor is silently undone, and
 * reads see uncommitted rows. So on SQLite every store operation runs one at a time.
 */
import type { Db, DbProvider } from "../db/client";
import type { CardPatch, CardRecord, DeskStore, NewCard, NewStory, StoryRecord } from "./types";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const live = { deletedAt: null } as const;

/** An update whose `where` matched no row rejects with P2025; that is an answer, not a failure. */
async function nullIfMissing<T>(write: Promise<T>): Promise<T | null> {
  try {
    return await write;
  } catch (err) {
    if ((err as { code?: string }).code === "P2025") return null;
    throw err;
  }
}

async function lockStory(tx: Tx, storyId: string): Promise<boolean> {
  const locked = await tx.story.updateMany({ where: { id: storyId }, data: { updatedAt: new Date() } });
  return locked.count === 1;
}

/** Runs async operations one after another, in call order; a failure does not block the queue. */
function serialQueue(): <T>(op: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (op) => {
    const result = tail.then(op, op);
    tail = result.catch(() => undefined);
    return result;
  };
}

/** The same store with every method queued behind the previous call (none calls another). */
function serialised(store: DeskStore): DeskStore {
  const enqueue = serialQueue();
  const wrapped = { ...store };
  for (const key of Object.keys(store) as (keyof DeskStore)[]) {
    const method = store[key];
    if (typeof method === "function") {
      (wrapped as Record<string, unknown>)[key] = (...args: unknown[]) =>
        enqueue(() => (method as (...a: unknown[]) => Promise<unknown>)(...args));
    }
  }
  return wrapped;
}

export function createPrismaStore(db: Db, provider: DbProvider): DeskStore {
  const store = createStore(db, provider);
  return provider === "sqlite" ? serialised(store) : store;
}

function createStore(db: Db, provider: DbProvider): DeskStore {
  return {
    provider,

    async ping() {
      await db.$queryRawUnsafe("SELECT 1");
    },

    async listStories() {
      const stories = await db.story.findMany({ orderBy: { createdAt: "desc" } });
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
        };
      });
    },

    findStoryBySlug: (slug) => db.story.findUnique({ where: { slug } }),
    findStoryById: (id) => db.story.findUnique({ where: { id } }),

    listCards: (storyId) =>
      db.card.findMany({ where: { storyId, ...live }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] }),

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
      });
    },

    close: () => db.$disconnect(),
  };
}

export type { CardRecord, StoryRecord };
