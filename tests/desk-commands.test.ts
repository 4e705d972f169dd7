/**
 * Card commands end to end: what the sender's ack says, what the other editor receives, and
 * what is really stored, on SQLite and Postgres.
 */
import { describe, expect, it } from "vitest";
import { PROVIDERS } from "./helpers/databases";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { ackError, emitAck, joinStory, ALICE, nextEvent, okData, recordBroadcasts } from "./helpers/server";

describe.each(PROVIDERS)("card commands (%s)", (provider) => {
  const ctx = useDesk(provider);

  const storedCard = (id: string) => ctx.db.card.findUniqueOrThrow({ where: { id } });
  const storedOrder = async () =>
    (
      await ctx.db.card.findMany({
        where: { storyId: ctx.storyId, deletedAt: null },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      })
    ).map((c) => c.id);

  it("card:create appends a draft card, tells the other editor and stores it", async () => {
    const beaSees = nextEvent(ctx.bea, "card:created", (c) => c.title === "Oil and the Venezuelan question");
    const card = okData(
      await emitAck(ctx.alice, "card:create", {
        storyId: ctx.storyId,
        title: "  Oil and the Venezuelan question  ",
        summary: "What Bogotá wants from Washington on oil.",
      }),
    );
    expect(card).toMatchObject({
      storyId: ctx.storyId,
      title: "Oil and the Venezuelan question",
      summary: "What Bogotá wants from Washington on oil.",
      status: "draft",
      version: 1,
      position: 10,
      updatedBy: "Alice",
    });
    expect(await beaSees).toEqual(card);

    const row = await storedCard(card.id);
    expect(row).toMatchObject({ title: card.title, summary: card.summary, status: "draft", position: 10, deletedAt: null });
    expect(row.updatedAt.toISOString()).toBe(card.updatedAt);
    expect((await storedOrder()).at(-1)).toBe(card.id);
  });

  it("card:create without a summary stores an empty one", async () => {
    const card = okData(await emitAck(ctx.alice, "card:create", { storyId: ctx.storyId, title: "No summary yet" }));
    expect(card.summary).toBe("");
    expect((await storedCard(card.id)).summary).toBe("");
  });

  it("card:update changes title and summary, bumps the version and tells the other editor", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Draft title", "Draft summary");
    const beaSees = nextEvent(ctx.bea, "card:updated", (c) => c.id === card.id);
    const updated = okData(
      await emitAck(ctx.alice, "card:update", {
        cardId: card.id,
        baseVersion: card.version,
        changes: { title: "Security first", summary: "Villavicencio sets the agenda." },
      }),
    );
    expect(updated).toMatchObject({ id: card.id, title: "Security first", summary: "Villavicencio sets the agenda.", version: 2 });
    expect(await beaSees).toEqual(updated);
    expect(await storedCard(card.id)).toMatchObject({
      title: "Security first",
      summary: "Villavicencio sets the agenda.",
      version: 2,
      titleVersion: 2,
      summaryVersion: 2,
      updatedBy: "Alice",
    });

    // Bea, now at version 2, edits the summary alone.
    const bea = okData(
      await emitAck(ctx.bea, "card:update", { cardId: card.id, baseVersion: 2, changes: { summary: "Bea's summary" } }),
    );
    expect(bea).toMatchObject({ title: "Security first", summary: "Bea's summary", version: 3, updatedBy: "Bea" });
    expect(await storedCard(card.id)).toMatchObject({ summary: "Bea's summary", titleVersion: 2, summaryVersion: 3 });
  });

  it("saving unchanged text acknowledges without a new version or a broadcast", async () => {
    const created = nextEvent(ctx.bea, "card:created", (c) => c.title === "Unchanged");
    const card = await createCardAs(ctx.alice, ctx.storyId, "Unchanged", "Same");
    await created;
    const beaRecords = recordBroadcasts(ctx.bea);
    const ack = okData(
      await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: 1, changes: { title: "Unchanged" } }),
    );
    expect(ack.version).toBe(1);
    // A later broadcast marks the point by which any broadcast of the no-op would have arrived.
    const marker = nextEvent(ctx.bea, "card:created", (c) => c.title === "Marker");
    await createCardAs(ctx.alice, ctx.storyId, "Marker");
    await marker;
    beaRecords.stop();
    expect(beaRecords.events.map((e) => e.event)).toEqual(["card:created"]);
    expect(await storedCard(card.id)).toMatchObject({ version: 1, title: "Unchanged" });
  });

  it("a card walks draft → in review (card:setStatus) → published (card:publish) and the other editor hears each step", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Boat strikes");
    const inReview = nextEvent(ctx.bea, "card:updated", (c) => c.id === card.id && c.status === "in_review");
    const reviewed = okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: 1, status: "in_review" }));
    expect(reviewed).toMatchObject({ status: "in_review", version: 2 });
    expect(await inReview).toEqual(reviewed);

    const published = nextEvent(ctx.alice, "card:updated", (c) => c.id === card.id && c.status === "published");
    const ack = okData(await emitAck(ctx.bea, "card:publish", { cardId: card.id, baseVersion: 2 }));
    expect(ack).toMatchObject({ status: "published", version: 3, updatedBy: "Bea" });
    expect(await published).toEqual(ack);
    expect(await storedCard(card.id)).toMatchObject({ status: "published", version: 3, statusVersion: 3 });
  });

  it("refuses draft → published with INVALID_TRANSITION and writes nothing", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Not ready");
    const before = await storedCard(card.id);
    const error = ackError(
      await emitAck(ctx.alice, "card:publish", { cardId: card.id, baseVersion: 1 }),
      "INVALID_TRANSITION",
    );
    expect(error.message).toMatch(/review before publishing/);
    expect(error.current).toMatchObject({ id: card.id, status: "draft", version: 1 });
    expect(await storedCard(card.id)).toEqual(before);
  });

  it("card:move reorders the story for everyone and stores the positions", async () => {
    const order = await storedOrder();
    const moving = order[order.length - 1];
    const beaSees = nextEvent(ctx.bea, "card:moved");
    const ack = okData(await emitAck(ctx.alice, "card:move", { cardId: moving, toIndex: 1 }));
    expect(ack.storyId).toBe(ctx.storyId);
    expect(ack.order).toEqual([order[0], moving, ...order.slice(1, -1)]);
    expect(await beaSees).toEqual(ack);
    expect(await storedOrder()).toEqual(ack.order);
    const positions = await ctx.db.card.findMany({ where: { id: { in: ack.order } }, select: { id: true, position: true } });
    for (const { id, position } of positions) expect(position).toBe(ack.order.indexOf(id));

    // A target beyond the end puts the card last.
    const toEnd = okData(await emitAck(ctx.bea, "card:move", { cardId: order[0], toIndex: 9_999 }));
    expect(toEnd.order.at(-1)).toBe(order[0]);
    expect(await storedOrder()).toEqual(toEnd.order);

    // Joining again shows the stored order.
    expect((await joinStory(ctx.alice, ALICE)).story.cards.map((c) => c.id)).toEqual(toEnd.order);
  });

  it("card:delete removes the card for everyone and keeps it on record as deleted", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Short-lived");
    const beaSees = nextEvent(ctx.bea, "card:deleted", (p) => p.cardId === card.id);
    expect(okData(await emitAck(ctx.alice, "card:delete", { cardId: card.id }))).toEqual({ cardId: card.id });
    expect(await beaSees).toEqual({ storyId: ctx.storyId, cardId: card.id });

    const row = await storedCard(card.id);
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.updatedBy).toBe("Alice");
    expect(await storedOrder()).not.toContain(card.id);
    expect((await joinStory(ctx.alice, ALICE)).story.cards.map((c) => c.id)).not.toContain(card.id);

    // A deleted card can be neither edited, moved nor deleted again.
    ackError(await emitAck(ctx.bea, "card:update", { cardId: card.id, baseVersion: 1, changes: { title: "Back?" } }), "NOT_FOUND");
    ackError(await emitAck(ctx.bea, "card:move", { cardId: card.id, toIndex: 0 }), "NOT_FOUND");
    ackError(await emitAck(ctx.bea, "card:delete", { cardId: card.id }), "NOT_FOUND");
    expect(await storedCard(card.id)).toMatchObject({ title: "Short-lived", version: 1 });
  });

  it("refuses a stale title edit with CONFLICT showing the winner, but accepts a summary edit from the same base", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Original title", "Original summary");
    const base = card.version;

    const ownEcho = nextEvent(ctx.alice, "card:updated", (c) => c.id === card.id);
    okData(await emitAck(ctx.alice, "card:update", { cardId: card.id, baseVersion: base, changes: { title: "Alice's title" } }));
    await ownEcho; // the sender gets the broadcast too; let it pass before recording

    const aliceRecords = recordBroadcasts(ctx.alice);
    const conflict = ackError(
      await emitAck(ctx.bea, "card:update", { cardId: card.id, baseVersion: base, changes: { title: "Bea's title" } }),
      "CONFLICT",
    );
    expect(conflict.field).toBe("title");
    expect(conflict.message).toContain("Alice");
    expect(conflict.current).toMatchObject({ id: card.id, title: "Alice's title", summary: "Original summary", version: base + 1 });
    expect(await storedCard(card.id)).toMatchObject({ title: "Alice's title", version: base + 1 });

    const aliceSees = nextEvent(ctx.alice, "card:updated", (c) => c.id === card.id && c.summary === "Bea's summary");
    const merged = okData(
      await emitAck(ctx.bea, "card:update", { cardId: card.id, baseVersion: base, changes: { summary: "Bea's summary" } }),
    );
    expect(merged).toMatchObject({ title: "Alice's title", summary: "Bea's summary", version: base + 2 });
    expect(await aliceSees).toEqual(merged);
    aliceRecords.stop();
    // The refused edit was never broadcast: the summary edit is the only update Alice saw.
    expect(aliceRecords.events.map((e) => e.event)).toEqual(["card:updated"]);
    expect(await storedCard(card.id)).toMatchObject({ title: "Alice's title", summary: "Bea's summary", version: base + 2 });
  });

  it("refuses a stale status change with CONFLICT, but not a request for the status it already has", async () => {
    const card = await createCardAs(ctx.alice, ctx.storyId, "Contested status");
    okData(await emitAck(ctx.alice, "card:setStatus", { cardId: card.id, baseVersion: 1, status: "in_review" }));

    const conflict = ackError(
      await emitAck(ctx.bea, "card:setStatus", { cardId: card.id, baseVersion: 1, status: "draft" }),
      "CONFLICT",
    );
    expect(conflict.current).toMatchObject({ status: "in_review", version: 2 });

    const same = okData(await emitAck(ctx.bea, "card:setStatus", { cardId: card.id, baseVersion: 1, status: "in_review" }));
    expect(same).toMatchObject({ status: "in_review", version: 2, updatedBy: "Alice" });
    expect(await storedCard(card.id)).toMatchObject({ status: "in_review", version: 2 });
  });
});
