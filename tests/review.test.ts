/**
 * Review through the real server, on SQLite and Postgres: threads on a range of card text, on a
 * whole card and on a post awaiting approval; mentions that notify (and only valid ones);
 * replies, edits, deletes, resolve/reopen under the roles; deciding suggestions; the audit log.
 */
import { toBase64 } from "lib0/buffer";
import * as Y from "yjs";
import { beforeAll, describe, expect, it } from "vitest";
import { BODY_FIELD } from "../lib/protocol/collab";
import { REVIEW_LIMITS } from "../lib/protocol/review";
import { newSuggestionId } from "../lib/protocol/suggestions";
import { firstText, openText } from "./helpers/collab";
import { createCardAs, useDesk } from "./helpers/desk-fixture";
import { PROVIDERS } from "./helpers/databases";
import { ackError, emitAck, joinStory, nextEvent, okData, type DeskClient, type Person } from "./helpers/server";

const CARLA: Person = { name: "Carla", clientId: "client-carla-001", role: "contributor" };
const VERA: Person = { name: "Vera", clientId: "client-vera-0001", role: "viewer" };

/** Opens the card's text as `socket`, writes one paragraph if given, and returns the synced doc. */
async function cardText(socket: DeskClient, cardId: string, text?: string) {
  const { doc, provider } = openText({ socket }, cardId);
  await provider.whenSaved();
  if (text !== undefined) {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(text)]);
    doc.getXmlFragment(BODY_FIELD).insert(0, [paragraph]);
    await provider.whenSaved();
  }
  return { doc, provider };
}

const anchorAt = (text: Y.XmlText, index: number, assoc = 0) => toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc)));

describe.each(PROVIDERS)("review threads and notifications (%s)", (provider) => {
  const ctx = useDesk(provider);
  let carla: DeskClient;
  let vera: DeskClient;
  let ids: Record<string, string>;
  let cardId: string;

  beforeAll(async () => {
    carla = await ctx.desk.connect({ as: CARLA });
    vera = await ctx.desk.connect({ as: VERA });
    ids = {
      alice: ctx.joined.me.id,
      bea: (await joinStory(ctx.bea, { name: "Bea", clientId: "client-bea-00002" })).me.id,
      carla: (await joinStory(carla, CARLA)).me.id,
      vera: (await joinStory(vera, VERA)).me.id,
    };
    cardId = (await createCardAs(ctx.alice, ctx.storyId, "The meeting")).id;
  });

  it("a thread on a sentence mentions Bea: she is notified on her sockets, and reading it clears the count", async () => {
    const { doc, provider: text } = await cardText(ctx.alice, cardId, "Petro met Trump at the White House.");
    const words = firstText(doc)!;
    const beaHears = nextEvent(ctx.bea, "notification:new");
    const deskHears = nextEvent(carla, "review:thread");
    const thread = okData(
      await emitAck(ctx.alice, "thread:create", {
        cardId,
        anchor: { from: anchorAt(words, 0), to: anchorAt(words, 15, -1), quote: "Petro met Trump" },
        body: "@Bea can we source this?",
        mentions: [ids.bea],
      }),
    );
    text.destroy();
    expect(thread).toMatchObject({ cardId, anchor: { quote: "Petro met Trump" }, resolvedAt: null });
    expect((await deskHears).id).toBe(thread.id);
    const heard = await beaHears;
    expect(heard.unread).toBe(1);
    expect(heard.notification).toMatchObject({ kind: "mention", threadId: thread.id, actorName: "Alice", read: false });
    expect(okData(await emitAck(ctx.bea, "notifications:list", {})).unread).toBe(1);

    const cleared = nextEvent(ctx.bea, "notification:read");
    expect(okData(await emitAck(ctx.bea, "notifications:read", { ids: "all" })).unread).toBe(0);
    expect((await cleared).unread).toBe(0);

    // Bea replies: Alice (in the thread) hears of it as a reply.
    const aliceHears = nextEvent(ctx.alice, "notification:new");
    const replied = okData(await emitAck(ctx.bea, "comment:reply", { threadId: thread.id, body: "Two officials confirmed it." }));
    expect(replied.comments.map((c) => c.body)).toEqual(["@Bea can we source this?", "Two officials confirmed it."]);
    expect((await aliceHears).notification.kind).toBe("reply");

    // The audit log has the comment.
    const log = okData(await emitAck(ctx.alice, "audit:list", { cardId }));
    expect(log.map((e) => e.action)).toContain("comment.create");
  });

  it("refuses bad input with a clear error and stores nothing", async () => {
    const before = await ctx.db.commentThread.count();
    ackError(await emitAck(ctx.alice, "thread:create", { cardId: "nope", body: "x", mentions: [] }), "NOT_FOUND");
    ackError(await emitAck(ctx.alice, "thread:create", { cardId, body: "x".repeat(REVIEW_LIMITS.bodyMax + 1), mentions: [] }), "VALIDATION_FAILED");
    const unknown = ackError(await emitAck(ctx.alice, "thread:create", { cardId, body: "hi", mentions: ["no-such-user"] }), "VALIDATION_FAILED");
    expect(unknown.message).toMatch(/active accounts/);
    // An anchor into text nobody wrote (another document's positions).
    const elsewhere = new Y.Doc();
    const t = elsewhere.getXmlFragment(BODY_FIELD);
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText("ghost")]);
    t.insert(0, [p]);
    const ghost = anchorAt(p.get(0) as Y.XmlText, 1);
    const refused = ackError(await emitAck(ctx.alice, "thread:create", { cardId, anchor: { from: ghost, to: ghost, quote: "g" }, body: "hi", mentions: [] }), "VALIDATION_FAILED");
    expect(refused.message).toMatch(/not in this card/);
    ackError(await emitAck(vera, "thread:create", { cardId, body: "a viewer's note", mentions: [] }), "FORBIDDEN");
    expect(await ctx.db.commentThread.count()).toBe(before);
  });

  it("a deactivated account cannot be mentioned", async () => {
    await ctx.db.user.update({ where: { id: ids.vera }, data: { active: false } });
    try {
      ackError(await emitAck(ctx.alice, "thread:create", { cardId, body: "@Vera?", mentions: [ids.vera] }), "VALIDATION_FAILED");
    } finally {
      await ctx.db.user.update({ where: { id: ids.vera }, data: { active: true } });
    }
  });

  it("contributors comment and resolve their own threads; editors resolve anyone's; comments change only by their authors", async () => {
    const mine = okData(await emitAck(carla, "thread:create", { cardId, body: "Whole card: too long?", mentions: [] }));
    const alices = okData(await emitAck(ctx.alice, "thread:create", { cardId, body: "Needs a photo", mentions: [] }));
    ackError(await emitAck(carla, "thread:resolve", { threadId: alices.id, resolved: true }), "FORBIDDEN");
    expect(okData(await emitAck(carla, "thread:resolve", { threadId: mine.id, resolved: true })).resolvedAt).not.toBeNull();
    expect(okData(await emitAck(ctx.alice, "thread:resolve", { threadId: mine.id, resolved: false })).resolvedAt).toBeNull();
    ackError(await emitAck(carla, "comment:edit", { commentId: alices.comments[0].id, body: "mine now", mentions: [] }), "FORBIDDEN");
    const edited = okData(await emitAck(carla, "comment:edit", { commentId: mine.comments[0].id, body: "Whole card: too long.", mentions: [] }));
    expect(edited.comments[0]).toMatchObject({ body: "Whole card: too long.", editedAt: expect.any(String) });
    const gone = okData(await emitAck(ctx.alice, "comment:delete", { commentId: mine.comments[0].id }));
    expect(gone.comments[0]).toMatchObject({ deleted: true, body: "" });
    // Viewers read threads.
    const seen = okData(await emitAck(vera, "review:threads", { cardId }));
    expect(seen.map((t) => t.id)).toEqual(expect.arrayContaining([mine.id, alices.id]));
    const actions = okData(await emitAck(ctx.alice, "audit:list", { cardId })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["thread.resolve", "thread.reopen", "comment.edit", "comment.delete"]));
  });

  it("threads on a live post awaiting approval", async () => {
    const pending = okData(await emitAck(carla, "feed:post", { body: "<p>Meeting ran late</p>" }));
    expect(pending.approved).toBe(false);
    const thread = okData(await emitAck(ctx.alice, "thread:create", { updateId: pending.id, body: "Which source?", mentions: [ids.carla] }));
    expect(thread).toMatchObject({ updateId: pending.id, cardId: null });
  });

  it("editors accept one suggestion and reject another; a decided one cannot be decided again", async () => {
    const { doc, provider: text } = await cardText(ctx.alice, cardId);
    const words = firstText(doc)!;
    const add = newSuggestionId(ids.carla);
    const cut = newSuggestionId(ids.carla);
    words.insert(5, " (Colombia)", { insertion: { id: add } });
    words.format(0, 5, { deletion: { id: cut } });
    await text.whenSaved();
    ackError(await emitAck(carla, "suggestion:decide", { cardId, ids: [add], verdict: "accept" }), "FORBIDDEN");
    expect(okData(await emitAck(ctx.alice, "suggestion:decide", { cardId, ids: [add], verdict: "accept" })).decided).toEqual([add]);
    expect(okData(await emitAck(ctx.bea, "suggestion:decide", { cardId, ids: [cut], verdict: "reject" })).decided).toEqual([cut]);
    const again = ackError(await emitAck(ctx.bea, "suggestion:decide", { cardId, ids: [add], verdict: "reject" }), "NOT_FOUND");
    expect(again.message).toMatch(/no longer in the text/);
    await expect.poll(() => firstText(doc)!.toString()).toBe("Petro (Colombia) met Trump at the White House.");
    text.destroy();
    const actions = okData(await emitAck(ctx.alice, "audit:list", { cardId }));
    const accepted = actions.find((e) => e.action === "suggestion.accept");
    expect(accepted).toMatchObject({ actorName: "Alice" });
    expect(accepted!.summary).toMatch(/Carla's suggestion to insert " \(Colombia\)"/);
    expect(actions.find((e) => e.action === "suggestion.reject")?.actorName).toBe("Bea");
  });
});
