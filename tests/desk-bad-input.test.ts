/**
 * Whatever a client sends, it gets a clear error ack, nothing is half-written, and the server
 * keeps answering — on SQLite and Postgres.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ErrorCode } from "../lib/protocol/events";
import type { Card } from "../lib/protocol/schemas";
import { PROVIDERS } from "./helpers/databases";
import { createCardAs, useDesk, type DeskContext } from "./helpers/desk-fixture";
import { ackError, emitAck, emitRaw, nextEvent, okData, type DeskClient } from "./helpers/server";

/** One malformed or forbidden command: the event, its arguments, and the error it must get. */
interface BadCase {
  name: string;
  event: string;
  args: (card: Card, ctx: DeskContext) => unknown[];
  code: ErrorCode;
  /** The field the error must name, and/or words its message must contain. */
  field?: string;
  message?: RegExp;
}

const big = (n: number) => "x".repeat(n);

const cases: BadCase[] = [
  // Not an object at all.
  { name: "a string instead of an object", event: "card:update", args: () => ["title=Hello"], code: "VALIDATION_FAILED" },
  { name: "no payload at all", event: "card:create", args: () => [], code: "VALIDATION_FAILED" },
  { name: "null", event: "card:delete", args: () => [null], code: "VALIDATION_FAILED" },
  { name: "an array", event: "card:move", args: (c) => [[c.id, 0]], code: "VALIDATION_FAILED" },
  { name: "an extra argument before the ack", event: "card:delete", args: () => [{ cardId: "" }, "extra"], code: "VALIDATION_FAILED", field: "cardId" },
  // Missing fields.
  { name: "create without a title", event: "card:create", args: (_c, x) => [{ storyId: x.storyId }], code: "VALIDATION_FAILED", field: "title" },
  { name: "update without baseVersion", event: "card:update", args: (c) => [{ cardId: c.id, changes: { title: "T" } }], code: "VALIDATION_FAILED", field: "baseVersion" },
  { name: "update without changes", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: 1 }], code: "VALIDATION_FAILED", field: "changes" },
  { name: "update with empty changes", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: 1, changes: {} }], code: "VALIDATION_FAILED", message: /Nothing to change/ },
  { name: "move without toIndex", event: "card:move", args: (c) => [{ cardId: c.id }], code: "VALIDATION_FAILED", field: "toIndex" },
  { name: "delete with an empty id", event: "card:delete", args: () => [{ cardId: "   " }], code: "VALIDATION_FAILED", field: "cardId" },
  // Wrong types and ranges.
  { name: "baseVersion as a string", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: "1", changes: { title: "T" } }], code: "VALIDATION_FAILED", field: "baseVersion" },
  { name: "a fractional baseVersion", event: "card:setStatus", args: (c) => [{ cardId: c.id, baseVersion: 1.5, status: "in_review" }], code: "VALIDATION_FAILED", field: "baseVersion" },
  { name: "baseVersion 0", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: 0, changes: { title: "T" } }], code: "VALIDATION_FAILED", field: "baseVersion" },
  { name: "baseVersion ahead of the card", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: c.version + 5, changes: { title: "T" } }], code: "VALIDATION_FAILED", field: "baseVersion" },
  { name: "a numeric title", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: 1, changes: { title: 42 } }], code: "VALIDATION_FAILED", field: "changes.title" },
  { name: "a blank title", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: 1, changes: { title: "   " } }], code: "VALIDATION_FAILED", message: /Title cannot be empty/ },
  { name: "a negative toIndex", event: "card:move", args: (c) => [{ cardId: c.id, toIndex: -1 }], code: "VALIDATION_FAILED", field: "toIndex" },
  { name: "a toIndex as a string", event: "card:move", args: (c) => [{ cardId: c.id, toIndex: "0" }], code: "VALIDATION_FAILED", field: "toIndex" },
  { name: "an id longer than 64 characters", event: "card:delete", args: () => [{ cardId: big(65) }], code: "VALIDATION_FAILED", field: "cardId" },
  { name: "an invalid status value", event: "card:setStatus", args: (c) => [{ cardId: c.id, baseVersion: 1, status: "archived" }], code: "VALIDATION_FAILED", field: "status", message: /draft, in_review/ },
  { name: "publishing by a status change (it takes card:publish, which stores a revision)", event: "card:setStatus", args: (c) => [{ cardId: c.id, baseVersion: 1, status: "published" }], code: "VALIDATION_FAILED", field: "status", message: /card:publish/ },
  // Extra keys in changes: an update must not smuggle in other fields.
  { name: "status inside changes", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: 1, changes: { title: "T", status: "published" } }], code: "VALIDATION_FAILED", field: "changes" },
  { name: "body inside changes", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: 1, changes: { body: "B" } }], code: "VALIDATION_FAILED", field: "changes" },
  // Size limits.
  { name: "a 201-character title on update", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: 1, changes: { title: big(201) } }], code: "VALIDATION_FAILED", field: "changes.title", message: /at most 200/ },
  { name: "a 201-character title on create", event: "card:create", args: (_c, x) => [{ storyId: x.storyId, title: big(201) }], code: "VALIDATION_FAILED", field: "title", message: /at most 200/ },
  { name: "a 2,001-character summary", event: "card:create", args: (_c, x) => [{ storyId: x.storyId, title: "T", summary: big(2_001) }], code: "VALIDATION_FAILED", field: "summary" },
  { name: "a payload over 64 KB", event: "card:update", args: (c) => [{ cardId: c.id, baseVersion: 1, changes: { summary: big(70_000) } }], code: "PAYLOAD_TOO_LARGE", message: /64 KB/ },
  { name: "a 64 KB payload on a create", event: "card:create", args: (_c, x) => [{ storyId: x.storyId, title: "T", padding: big(66_000) }], code: "PAYLOAD_TOO_LARGE" },
  // Unknown things.
  { name: "an unknown event", event: "card:explode", args: (c) => [{ cardId: c.id }], code: "UNKNOWN_EVENT", message: /card:explode/ },
  { name: "an unknown card id", event: "card:update", args: () => [{ cardId: "no-such-card", baseVersion: 1, changes: { title: "T" } }], code: "NOT_FOUND" },
  { name: "setStatus on an unknown card", event: "card:setStatus", args: () => [{ cardId: "no-such-card", baseVersion: 1, status: "in_review" }], code: "NOT_FOUND" },
  { name: "move of an unknown card", event: "card:move", args: () => [{ cardId: "no-such-card", toIndex: 0 }], code: "NOT_FOUND" },
  { name: "delete of an unknown card", event: "card:delete", args: () => [{ cardId: "no-such-card" }], code: "NOT_FOUND" },
  { name: "create in an unknown story", event: "card:create", args: () => [{ storyId: "no-such-story", title: "T" }], code: "NOT_FOUND" },
  { name: "a join with a too-short clientId", event: "story:join", args: () => [{ slug: "petro-trump-white-house", clientId: "x" }], code: "VALIDATION_FAILED", field: "clientId" },
];

describe.each(PROVIDERS)("bad input (%s)", (provider) => {
  const ctx = useDesk(provider);
  let target: Card;
  let foreign: { storyId: string; cardId: string };

  /** Every row of both tables, to prove that a refused command wrote nothing at all. */
  const snapshot = async () => ({
    cards: await ctx.db.card.findMany({ orderBy: { id: "asc" } }),
    stories: await ctx.db.story.count(),
  });

  /** The socket is still connected and the server still answers it. */
  async function stillAnswers(socket: DeskClient) {
    expect(socket.connected).toBe(true);
    const ack = await emitAck(socket, "card:update", {
      cardId: target.id,
      baseVersion: target.version,
      changes: { title: target.title },
    });
    expect(okData(ack)).toMatchObject({ id: target.id, version: target.version });
  }

  beforeAll(async () => {
    target = await createCardAs(ctx.alice, ctx.storyId, "Target of bad input", "Untouched");
    const other = await ctx.store.createStoryWithCards(
      { slug: "another-story", headline: "Another story", summary: "", coverageStart: null, coverageEnd: null },
      [{ title: "Someone else's card", summary: "", status: "draft", updatedBy: null }],
    );
    const [card] = await ctx.store.listCards(other.id);
    foreign = { storyId: other.id, cardId: card.id };
  });

  it.each(cases)("refuses $name with $code", async ({ event, args, code, field, message }) => {
    const before = await snapshot();
    const error = ackError(await emitRaw(ctx.alice, event, ...args(target, ctx)), code);
    if (field) expect(error.field).toBe(field);
    if (message) expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/prisma|sql|node_modules|\bat .*\(/i); // no internals leak
    await stillAnswers(ctx.alice);
    await stillAnswers(ctx.bea);
    expect(await snapshot()).toEqual(before);
  });

  it("answers NOT_FOUND for a card of another story, for every command, and leaves it alone", async () => {
    const before = await snapshot();
    const { cardId, storyId } = foreign;
    ackError(await emitAck(ctx.alice, "card:update", { cardId, baseVersion: 1, changes: { title: "Hijack" } }), "NOT_FOUND");
    ackError(await emitAck(ctx.alice, "card:setStatus", { cardId, baseVersion: 1, status: "in_review" }), "NOT_FOUND");
    ackError(await emitAck(ctx.alice, "card:move", { cardId, toIndex: 0 }), "NOT_FOUND");
    ackError(await emitAck(ctx.alice, "card:delete", { cardId }), "NOT_FOUND");
    ackError(await emitAck(ctx.alice, "card:create", { storyId, title: "Planted" }), "NOT_FOUND");
    expect(await snapshot()).toEqual(before);
    await stillAnswers(ctx.alice);
  });

  it("refuses commands from a client that has not joined with NOT_JOINED, writing nothing", async () => {
    const stranger = await ctx.desk.connect();
    const before = await snapshot();
    ackError(await emitAck(stranger, "card:create", { storyId: ctx.storyId, title: "Sneaky" }), "NOT_JOINED");
    ackError(await emitAck(stranger, "card:update", { cardId: target.id, baseVersion: 1, changes: { title: "Sneaky" } }), "NOT_JOINED");
    ackError(await emitAck(stranger, "card:delete", { cardId: target.id }), "NOT_JOINED");
    expect(await snapshot()).toEqual(before);
    stranger.disconnect();
  });

  it("survives events sent without an ack callback, and still runs valid ones", async () => {
    const before = await snapshot();
    const raw = ctx.alice as unknown as { emit(event: string, ...args: unknown[]): void };
    raw.emit("card:update", "garbage");
    raw.emit("card:create");
    raw.emit("card:explode", { x: 1 });
    raw.emit("card:update", { cardId: target.id, baseVersion: 1, changes: { summary: big(70_000) } });
    raw.emit("card:move", { cardId: "no-such-card", toIndex: 0 });
    raw.emit("presence:update", "not an object");
    await stillAnswers(ctx.alice);
    expect(await snapshot()).toEqual(before);

    // A valid command without an ack is still carried out and broadcast.
    const beaSees = nextEvent(ctx.bea, "card:updated", (c) => c.id === target.id && c.summary === "Changed without ack");
    raw.emit("card:update", { cardId: target.id, baseVersion: target.version, changes: { summary: "Changed without ack" } });
    target = await beaSees;
    expect(await ctx.db.card.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ summary: "Changed without ack" });
    await stillAnswers(ctx.bea);
  });
});
