/**
 * The usual integration setup, per provider: a throwaway database, migrated and seeded by
 * openStore, the real server on port 0, and two editors (Alice and Bea) joined to the seeded
 * story. Fields are filled in by beforeAll; everything is torn down in afterAll.
 */
import { afterAll, beforeAll } from "vitest";
import type { JoinedStory } from "../../lib/protocol/events";
import type { Db, DbProvider } from "../../server/db/client";
import type { DeskStore } from "../../server/store/types";
import { createTestDatabase, openInspector, openSeededStore, type TestDatabase } from "./databases";
import { ALICE, BEA, joinStory, okData, emitAck, startDesk, type DeskClient, type DeskOptions, type RunningDesk } from "./server";

export interface DeskContext {
  database: TestDatabase;
  store: DeskStore;
  desk: RunningDesk;
  alice: DeskClient;
  bea: DeskClient;
  /** What Alice got back when she joined (the seeded story as first seen). */
  joined: JoinedStory;
  storyId: string;
  /** An independent Prisma client on the same database, for checking stored rows. */
  db: Db;
}

export function useDesk(provider: DbProvider, options: { join?: boolean } & DeskOptions = {}): DeskContext {
  const ctx = {} as DeskContext;
  beforeAll(async () => {
    ctx.database = await createTestDatabase(provider);
    ctx.store = await openSeededStore(ctx.database);
    ctx.db = openInspector(ctx.database);
    ctx.desk = await startDesk(ctx.store, options);
    ctx.alice = await ctx.desk.connect();
    ctx.bea = await ctx.desk.connect({ as: BEA });
    if (options.join !== false) {
      ctx.joined = await joinStory(ctx.alice, ALICE);
      await joinStory(ctx.bea, BEA);
      ctx.storyId = ctx.joined.story.id;
    }
  });
  afterAll(async () => {
    await ctx.desk?.stop();
    await ctx.store?.close();
    await ctx.db?.$disconnect();
    await ctx.database?.drop();
  });
  return ctx;
}

/** Creates a card through Alice's socket (so it goes through the whole server) and returns it. */
export async function createCardAs(socket: DeskClient, storyId: string, title: string, summary = "") {
  return okData(await emitAck(socket, "card:create", { storyId, title, summary }));
}
