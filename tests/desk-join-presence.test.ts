/** Joining a story and seeing who else is on it, over real sockets, on SQLite and Postgres. */
import { describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../lib/protocol/events";
import { petroTrumpStory } from "../server/db/seed-data";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { ackError, ALICE, BEA, emitAck, joinStory, nextEvent, SEED_SLUG } from "./helpers/server";

describe.each(PROVIDERS)("joining and presence (%s)", (provider) => {
  const ctx = useDesk(provider, { join: false });

  it("refuses a client speaking another protocol version at connect", async () => {
    const err = await ctx.desk.connect({ auth: { protocol: PROTOCOL_VERSION + 1 } }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/PROTOCOL_MISMATCH/);
    const missing = await ctx.desk.connect({ auth: {} }).then(
      () => null,
      (e: Error) => e,
    );
    expect(missing?.message).toMatch(/PROTOCOL_MISMATCH/);
  });

  it("refuses commands before story:join with NOT_JOINED", async () => {
    const ack = await emitAck(ctx.alice, "card:create", { storyId: "anything", title: "Too early" });
    ackError(ack, "NOT_JOINED");
    expect(await ctx.db.card.count({ where: { title: "Too early" } })).toBe(0);
  });

  it("refuses an unknown story with NOT_FOUND", async () => {
    const ack = await emitAck(ctx.alice, "story:join", { slug: "no-such-story", ...ALICE });
    ackError(ack, "NOT_FOUND");
  });

  it("answers join with the seeded story and its 10 cards in order", async () => {
    const { story, members } = await joinStory(ctx.alice, ALICE);
    expect(story.slug).toBe(SEED_SLUG);
    expect(story.headline).toBe(petroTrumpStory.headline);
    expect(story.cards).toHaveLength(10);
    expect(story.cards.map((c) => c.title)).toEqual(petroTrumpStory.cards.map((c) => c.title));
    expect(story.cards.map((c) => c.status)).toEqual(petroTrumpStory.cards.map((c) => c.status));
    expect(story.cards.map((c) => c.position)).toEqual([...Array(10).keys()]);
    for (const card of story.cards) {
      expect(card).toMatchObject({ storyId: story.id, version: 1 });
      expect(new Date(card.updatedAt).toISOString()).toBe(card.updatedAt);
    }
    expect(members).toEqual([{ ...ALICE, userId: expect.any(String), editingCardId: null }]);
  });

  it("lists both editors when the second joins, and tells the first", async () => {
    const aliceSees = nextEvent(ctx.alice, "presence:joined", (p) => p.member.name === "Bea");
    const { story, members } = await joinStory(ctx.bea, BEA);
    expect(members).toHaveLength(2);
    expect(members).toEqual(
      expect.arrayContaining([
        { ...ALICE, userId: expect.any(String), editingCardId: null },
        { ...BEA, userId: expect.any(String), editingCardId: null },
      ]),
    );
    const presence = await aliceSees;
    expect(presence.storyId).toBe(story.id);
    // Only the change travels, not the whole list.
    expect(presence.member).toEqual({ ...BEA, userId: expect.any(String), editingCardId: null });
  });

  it("shows the other editor which card Alice is editing, and when she stops", async () => {
    const cardId = (await joinStory(ctx.alice, ALICE)).story.cards[3].id;
    const beaSees = nextEvent(ctx.bea, "presence:joined", (p) => p.member.name === "Alice" && p.member.editingCardId === cardId);
    ctx.alice.emit("presence:update", { editingCardId: cardId });
    await beaSees;

    const beaSeesStop = nextEvent(ctx.bea, "presence:joined", (p) => p.member.name === "Alice" && p.member.editingCardId === null);
    ctx.alice.emit("presence:update", { editingCardId: null });
    await beaSeesStop;
  });

  it("drops an editor from the member list when their browser disconnects", async () => {
    const carolPerson = { name: "Carol", clientId: "client-carol-003" };
    const carol = await ctx.desk.connect({ as: carolPerson });
    const beaSeesCarol = nextEvent(ctx.bea, "presence:joined", (p) => p.member.name === "Carol");
    await joinStory(carol, carolPerson);
    await beaSeesCarol;
    const beaSeesCarolLeave = nextEvent(ctx.bea, "presence:left", (p) => p.clientId === carolPerson.clientId);
    carol.disconnect();
    await beaSeesCarolLeave;
    // Whoever joins now is told only Alice and Bea are here.
    const dora = await ctx.desk.connect({ as: { name: "Dora", clientId: "client-dora-0004" } });
    const { members } = await joinStory(dora, { name: "Dora", clientId: "client-dora-0004" });
    expect(members.map((m) => m.name).sort()).toEqual(["Alice", "Bea", "Dora"]);
    dora.disconnect();
  });
});
