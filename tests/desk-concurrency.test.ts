/**
 * Editors racing each other: compare-and-set must let exactly one stale edit through, and
 * concurrent creates and moves must never share a position — on SQLite and Postgres.
 */
import { describe, expect, it } from "vitest";
import type { Card } from "../lib/protocol/schemas";
import { PROVIDERS } from "./helpers/databases";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { emitAck, nextEvent, okData } from "./helpers/server";

describe.each(PROVIDERS)("concurrent editors (%s)", (provider) => {
  const ctx = useDesk(provider);
  const editors = () => [ctx.alice, ctx.bea];

  const liveCards = () =>
    ctx.db.card.findMany({ where: { storyId: ctx.storyId, deletedAt: null }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });

  it("lets exactly one of 10 simultaneous title edits from the same base win; the rest get CONFLICT", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Race me");
    const acks = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        emitAck(editors()[i % 2], "card:update", {
          cardId: card.id,
          baseVersion: card.version,
          changes: { title: `Title #${i}` },
        }),
      ),
    );
    const winners = acks.filter((a) => a.ok);
    const losers = acks.filter((a) => !a.ok);
    expect(winners).toHaveLength(1);
    const winner = okData(winners[0]);
    expect(winner.version).toBe(card.version + 1);
    expect(losers).toHaveLength(9);
    for (const ack of losers) {
      if (ack.ok) continue;
      expect(ack.error.code).toBe("CONFLICT");
      expect(ack.error.current?.title).toBe(winner.title);
    }
    expect(await ctx.db.card.findUniqueOrThrow({ where: { id: card.id } })).toMatchObject({
      title: winner.title,
      version: card.version + 1,
    });
  });

  it("creates all of 10 simultaneous cards, each at its own position, and tells both editors", async () => {
    const before = await liveCards();
    const titles = Array.from({ length: 10 }, (_, i) => `Simultaneous card ${i}`);
    const seenBy = (socket: typeof ctx.alice) => {
      const seen = new Set<string>();
      return new Promise<Set<string>>((resolve) => {
        const listener = (c: Card) => {
          if (titles.includes(c.title)) seen.add(c.id);
          if (seen.size === titles.length) {
            socket.off("card:created", listener);
            resolve(seen);
          }
        };
        socket.on("card:created", listener);
      });
    };
    const aliceSees = seenBy(ctx.alice);
    const beaSees = seenBy(ctx.bea);
    const created = await Promise.all(
      titles.map(async (title, i) =>
        okData(await emitAck(editors()[i % 2], "card:create", { storyId: ctx.storyId, title })),
      ),
    );
    const positions = created.map((c) => c.position);
    expect(new Set(positions).size).toBe(10);
    expect(Math.min(...positions)).toBeGreaterThan(Math.max(...before.map((c) => c.position)));

    const after = await liveCards();
    expect(after).toHaveLength(before.length + 10);
    expect(new Set(after.map((c) => c.position)).size).toBe(after.length);
    expect(after.filter((c) => titles.includes(c.title)).map((c) => c.id).sort()).toEqual(created.map((c) => c.id).sort());
    const ids = created.map((c) => c.id).sort();
    expect([...(await aliceSees)].sort()).toEqual(ids);
    expect([...(await beaSees)].sort()).toEqual(ids);
  });

  it("serialises 10 simultaneous moves into one consistent order", async () => {
    const before = (await liveCards()).map((c) => c.id);
    const acks = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        emitAck(editors()[i % 2], "card:move", { cardId: before[i], toIndex: (i * 7) % before.length }),
      ),
    );
    const orders = acks.map((a) => okData(a).order);
    for (const order of orders) expect([...order].sort()).toEqual([...before].sort());
    const stored = await liveCards();
    expect(stored.map((c) => c.position)).toEqual([...stored.keys()]);
    // The stored order is the order of whichever move ran last.
    expect(orders.map((o) => o.join())).toContain(stored.map((c) => c.id).join());
  });

  it("keeps both a title edit and a status change made at the same time from the same base", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Two things at once");
    const [title, status] = await Promise.all([
      emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: 1, changes: { title: "Renamed" } }),
      emitAck(ctx.bea, "card:setStatus", { cardId: card.id, baseVersion: 1, status: "in_review" }),
    ]);
    expect(okData(title).title).toBe("Renamed");
    expect(okData(status).status).toBe("in_review");
    expect(await ctx.db.card.findUniqueOrThrow({ where: { id: card.id } })).toMatchObject({
      title: "Renamed",
      status: "in_review",
      version: 3,
    });
  });

  it("never resurrects a card deleted while someone edits it", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Doomed");
    const deleted = nextEvent(ctx.alice, "card:deleted", (p) => p.cardId === card.id);
    const [edit, del] = await Promise.all([
      emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: 1, changes: { title: "Still here?" } }),
      emitAck(ctx.bea, "card:delete", { cardId: card.id }),
    ]);
    expect(okData(del)).toEqual({ cardId: card.id });
    if (!edit.ok) expect(edit.error.code).toBe("NOT_FOUND");
    await deleted;
    expect((await ctx.db.card.findUniqueOrThrow({ where: { id: card.id } })).deletedAt).toBeInstanceOf(Date);
    expect((await liveCards()).map((c) => c.id)).not.toContain(card.id);
  });
});
