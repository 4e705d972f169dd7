/**
 * Card text refuses bad input from a client: each refusal is an ERROR frame with a clear code and
 * message, the stored document is untouched, nobody is served what was refused, and the server
 * keeps answering; a frame that cannot be read at all closes only the card-text channel. On
 * SQLite and Postgres.
 */
import * as encoding from "lib0/encoding";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { COLLAB_LIMITS } from "../lib/protocol/collab";
import { COLLAB_CLOSE, encodeClientFrame, FRAME } from "../lib/protocol/collab-frames";
import type { ErrorCode } from "../lib/protocol/events";
import {
  bodyXml,
  channelFor,
  channelHandshake,
  openCard,
  openChannel,
  rawChannel,
  syncCard,
  createCard,
  firstText,
  loadStored,
  openText,
  sleep,
  storedRows,
  syncStep1,
  updateMessage,
  updateOf,
} from "./helpers/collab";
import { PROVIDERS } from "./helpers/databases";
import { useDesk } from "./helpers/desk-fixture";
import { ackError, joinStory, okData, recordBroadcasts, type DeskClient } from "./helpers/server";

/** A small deterministic PRNG, so the generated garbage is the same on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clone = (doc: Y.Doc) => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};
const fingerprint = (doc: Y.Doc) => `${Y.encodeStateVector(doc).join(",")}|${bodyXml(doc)}`;

/**
 * An update that Y.decodeUpdate accepts but Y.applyUpdate throws on after changing the
 * document: found by mutating a real edit of `base` (the server's document) with a fixed seed.
 */
function halfApplyingUpdate(base: Y.Doc): Uint8Array {
  const edited = clone(base);
  const text = firstText(edited)!;
  text.insert(2, "XYZ", { bold: {} });
  text.delete(0, 1);
  const good = Y.encodeStateAsUpdate(edited, Y.encodeStateVector(base));
  const random = prng(7);
  for (let i = 0; i < 100_000; i++) {
    const candidate = Uint8Array.from(good);
    for (let f = 0; f < 2; f++) candidate[Math.floor(random() * candidate.length)] = Math.floor(random() * 256);
    try {
      Y.decodeUpdate(candidate);
    } catch {
      continue;
    }
    const copy = clone(base);
    const before = fingerprint(copy);
    try {
      Y.applyUpdate(copy, candidate);
    } catch {
      if (fingerprint(copy) !== before) return candidate;
    }
  }
  throw new Error("no half-applying update found");
}

describe.each(PROVIDERS)("card text refuses bad input (%s)", (provider) => {
  const ctx = useDesk(provider);
  let cardId: string;

  beforeAll(async () => {
    cardId = (await createCard(ctx.store, ctx.storyId, "[base] some text")).id;
  });

  /** Opens a card over the raw protocol; the returned document is the server's. */
  async function rawOpen(socket: DeskClient, id = cardId): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const opened = okData(await openCard(socket, id, syncStep1(doc)));
    Y.applyUpdate(doc, updateOf(new Uint8Array(opened.syncStep2)));
    return doc;
  }

  /** Sends `message` as an OPEN or UPDATE and checks the refusal, that nothing was stored, and that the server still answers. */
  async function refused(socket: DeskClient, kind: "open" | "sync", message: Uint8Array, code: ErrorCode, id = cardId) {
    const before = await storedRows(ctx.store.docs, id);
    ackError(await (kind === "open" ? openCard(socket, id, message) : syncCard(socket, id, message)), code);
    expect(await storedRows(ctx.store.docs, id)).toEqual(before);
    await stillAnswering(socket);
  }

  async function stillAnswering(socket: DeskClient) {
    const doc = await rawOpen(socket);
    expect(bodyXml(doc)).toContain("<paragraph>");
  }

  it("opening a card before story:join is NOT_JOINED, and creates nothing", async () => {
    const fresh = await createCard(ctx.store, ctx.storyId, "never opened");
    const stranger = await ctx.desk.connect();
    const channel = channelFor(stranger);
    channel.start(); // opened before any join, as a client in a hurry might
    await openChannel(stranger);
    const ack = await openCard(stranger, fresh.id, syncStep1(new Y.Doc()));
    ackError(ack, "NOT_JOINED");
    expect(await ctx.db.cardDoc.findUnique({ where: { cardId: fresh.id } })).toBeNull();
    stranger.disconnect();
  });

  it("an update before the card is opened is NOT_JOINED", async () => {
    const doc = await rawOpen(ctx.alice);
    firstText(doc)!.insert(0, "not opened by Bea ");
    await refused(ctx.bea, "sync", updateMessage(Y.encodeStateAsUpdate(doc)), "NOT_JOINED");
  });

  it("an unknown card is NOT_FOUND; a missing or over-long id is VALIDATION_FAILED", async () => {
    const message = syncStep1(new Y.Doc());
    ackError(await openCard(ctx.alice, "no-such-card", message), "NOT_FOUND");
    for (const bad of ["", "x".repeat(65)]) {
      const error = ackError(await openCard(ctx.alice, bad, message), "VALIDATION_FAILED");
      expect(error.message).toMatch(/cardId/);
    }
    await stillAnswering(ctx.alice);
  });

  it("a card of another story is NOT_FOUND: nothing is loaded, created, derived or broadcast for it", async () => {
    const other = await ctx.store.createStoryWithCards(
      { slug: "other-desk-story", headline: "Another story", summary: "", coverageStart: null, coverageEnd: null },
      [{ title: "Their card", summary: "", body: "Their text\n\nsecond paragraph", updatedBy: "test" }],
    );
    const [theirs] = await ctx.store.listCards(other.id);
    const carolPerson = { name: "Carol", clientId: "client-carol-0003" };
    const carol = await ctx.desk.connect({ as: carolPerson });
    await joinStory(carol, carolPerson, "other-desk-story");
    const heard = recordBroadcasts(carol);

    ackError(await openCard(ctx.alice, theirs.id, syncStep1(new Y.Doc())), "NOT_FOUND");
    const doc = new Y.Doc(); // an update for their card, built from nothing
    doc.getXmlFragment("default").insert(0, [new Y.XmlElement("paragraph")]);
    ackError(await syncCard(ctx.alice, theirs.id, updateMessage(Y.encodeStateAsUpdate(doc))), "NOT_JOINED");
    await sleep(500); // past the derive delay
    expect(await ctx.db.cardDoc.findUnique({ where: { cardId: theirs.id } })).toBeNull();
    expect(await ctx.db.cardDocUpdate.count({ where: { cardId: theirs.id } })).toBe(0);
    const after = await ctx.db.card.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(after).toEqual({ ...theirs });
    expect(heard.events).toEqual([]);
    heard.stop();
    carol.disconnect();
  });

  it("malformed sync messages are MALFORMED_UPDATE", async () => {
    await rawOpen(ctx.alice);
    const garbage: number[][] = [
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // not a varuint
      [7, 1, 2, 3], // unknown message type
      [2], // an update without its bytes
      [2, 50, 1, 2, 3], // length beyond the end
      [2, 4, 0xde, 0xad, 0xbe, 0xef], // valid type, garbage update
      [1, 6, 3, 0xff, 0xff, 0xff, 0xff, 0x0f], // step 2 with garbage
    ];
    const random = prng(1);
    while (garbage.length < 20) {
      const bytes = Array.from({ length: 2 + Math.floor(random() * 60) }, () => Math.floor(random() * 256));
      if (random() < 0.5) bytes[0] = 2; // most of them look like an update message
      try {
        Y.decodeUpdate(updateOf(Uint8Array.from(bytes)));
        if (bytes[0] === 1 || bytes[0] === 2) continue; // happens to be a readable update: not garbage
      } catch {
        // garbage indeed
      }
      garbage.push(bytes);
    }
    for (const bytes of garbage) await refused(ctx.alice, "sync", Uint8Array.from(bytes), "MALFORMED_UPDATE");
  });

  it("a sync step 1 sent as an update is MALFORMED_UPDATE", async () => {
    await rawOpen(ctx.alice);
    await refused(ctx.alice, "sync", syncStep1(new Y.Doc()), "MALFORMED_UPDATE");
  });

  it("an update that breaks halfway through is refused, and nobody is served what it did", async () => {
    const server = await rawOpen(ctx.alice);
    const bad = halfApplyingUpdate(server);
    await refused(ctx.alice, "sync", updateMessage(bad), "MALFORMED_UPDATE");

    // Bea opens the card now: she sees exactly what is stored.
    const { doc, provider: p } = openText({ channel: await openChannel(ctx.bea) }, cardId);
    await p.whenSaved();
    const stored = await loadStored(ctx.store.docs, cardId);
    expect(fingerprint(doc)).toBe(fingerprint(stored));
    // And Alice can carry on after opening again.
    const again = await rawOpen(ctx.alice);
    const sv = Y.encodeStateVector(again);
    firstText(again)!.insert(0, "[fine]");
    const ack = await syncCard(ctx.alice, cardId, updateMessage(Y.encodeStateAsUpdate(again, sv)));
    expect(okData(ack)).toEqual({ stored: true });
    await expect.poll(() => firstText(doc)!.toString().startsWith("[fine]")).toBe(true);
    p.destroy();
  });

  it("a malformed open of a card already open is refused without closing the session", async () => {
    const doc = await rawOpen(ctx.alice);
    for (const message of [Uint8Array.from([2, 0]), Uint8Array.from([0, 3, 0xff, 0xff, 0xff]), Uint8Array.from([9])]) {
      ackError(await openCard(ctx.alice, cardId, message), "MALFORMED_UPDATE");
    }
    const sv = Y.encodeStateVector(doc);
    firstText(doc)!.insert(0, "[still open]");
    const ack = await syncCard(ctx.alice, cardId, updateMessage(Y.encodeStateAsUpdate(doc, sv)));
    expect(okData(ack)).toEqual({ stored: true });
  });

  it.each(["open", "sync"] as const)("an empty %s message is VALIDATION_FAILED", async (kind) => {
    await rawOpen(ctx.alice);
    const error = ackError(await (kind === "open" ? openCard : syncCard)(ctx.alice, cardId, new Uint8Array(0)), "VALIDATION_FAILED");
    expect(error.message).toMatch(/empty/);
    await stillAnswering(ctx.alice);
  });

  it("a frame that cannot be read closes only the card-text channel: the desk stays connected, nothing is stored", async () => {
    const socket = await ctx.desk.connect({ as: { name: "Dana", clientId: "client-dana-0004" } });
    await joinStory(socket, { name: "Dana", clientId: "client-dana-0004" });
    const before = await storedRows(ctx.store.docs, cardId);
    const frames = [
      "text, not binary",
      Uint8Array.from([99, 0]), // unknown kind
      Uint8Array.from([FRAME.UPDATE]), // no card id
      Uint8Array.from([FRAME.UPDATE, 200, 1]), // card id longer than the frame
      Uint8Array.from([...encodeClientFrame({ kind: FRAME.CLOSE, cardId }), 7]), // trailing bytes
    ];
    for (const frame of frames) {
      const raw = await rawChannel(socket);
      raw.send(frame);
      expect(await raw.closed).toBe(COLLAB_CLOSE.MALFORMED);
    }
    expect(socket.connected).toBe(true);
    expect(await storedRows(ctx.store.docs, cardId)).toEqual(before);
    await stillAnswering(socket);
    socket.disconnect();
  });

  it.each([
    ["sync", 1],
    ["sync", 1024],
    ["sync", 50 * 1024],
    ["open", 1],
    ["open", 50 * 1024],
  ] as const)("a %s message %i bytes over 256 KB is PAYLOAD_TOO_LARGE", async (kind, over) => {
    await rawOpen(ctx.alice);
    const message = new Uint8Array(COLLAB_LIMITS.messageBytesMax + over).fill(2, 0, 1);
    await refused(ctx.alice, kind, message, "PAYLOAD_TOO_LARGE");
    expect(ctx.alice.connected).toBe(true);
  });

  it("the card-text channel opens only for a desk connection of the same session, from the desk's origin, on this protocol", async () => {
    const alice = await ctx.desk.cookieFor({ name: "Alice", clientId: "client-alice-0001" });
    const bea = await ctx.desk.cookieFor({ name: "Bea", clientId: "client-bea-00002" });
    const sid = ctx.alice.id!;
    const host = new URL(ctx.desk.url).host;
    expect(await channelHandshake(ctx.desk.url, { sid, cookie: alice })).toBe(101);
    expect(await channelHandshake(ctx.desk.url, { sid, cookie: bea })).toBe(403); // another session's desk
    expect(await channelHandshake(ctx.desk.url, { sid, cookie: "" })).toBe(403); // no session at all
    expect(await channelHandshake(ctx.desk.url, { sid: "no-such-desk", cookie: alice })).toBe(404);
    expect(await channelHandshake(ctx.desk.url, { sid, cookie: alice, origin: "https://evil.example" })).toBe(403);
    expect(await channelHandshake(ctx.desk.url, { sid, cookie: alice, origin: `http://${host}` })).toBe(101);
    expect(await channelHandshake(ctx.desk.url, { sid, cookie: alice, protocol: "2" })).toBe(400);
    await stillAnswering(ctx.alice);
  });

  it("a frame over 1 MB closes the card-text channel (1009), not the desk", async () => {
    const erin = { name: "Erin", clientId: "client-erin-0005" };
    const socket = await ctx.desk.connect({ as: erin });
    await joinStory(socket, erin);
    const raw = await rawChannel(socket);
    raw.send(encodeClientFrame({ kind: FRAME.UPDATE, cardId, seq: 1, message: new Uint8Array(1_100_000) }));
    expect(await raw.closed).toBe(1009);
    expect(socket.connected).toBe(true);
    await stillAnswering(socket);
    socket.disconnect();
  });

  it("an update that would take the document over 2 MB is DOC_TOO_LARGE; what was stored stays whole", async () => {
    const big = await createCard(ctx.store, ctx.storyId, "[big]");
    const doc = await rawOpen(ctx.alice, big.id);
    const chunk = 200 * 1024;
    let accepted = 0;
    for (;;) {
      const sv = Y.encodeStateVector(doc);
      firstText(doc)!.insert(0, String.fromCharCode(97 + accepted).repeat(chunk));
      const message = updateMessage(Y.encodeStateAsUpdate(doc, sv));
      const before = await storedRows(ctx.store.docs, big.id);
      const ack = await syncCard(ctx.alice, big.id, message);
      if (ack.ok) {
        accepted += 1;
        continue;
      }
      expect(ackError(ack, "DOC_TOO_LARGE").message).toMatch(/2 MB/);
      expect(await storedRows(ctx.store.docs, big.id)).toEqual(before);
      break;
    }
    expect(accepted).toBeGreaterThan(5);
    const stored = firstText(await loadStored(ctx.store.docs, big.id))!.toString();
    expect(stored.length).toBe(accepted * chunk + "[big]".length);
    // Another editor can still open it and add a little.
    const other = await rawOpen(ctx.bea, big.id);
    expect(firstText(other)!.toString()).toBe(stored);
    const sv = Y.encodeStateVector(other);
    firstText(other)!.insert(firstText(other)!.length, "[end]");
    const ack = await syncCard(ctx.bea, big.id, updateMessage(Y.encodeStateAsUpdate(other, sv)));
    expect(okData(ack)).toEqual({ stored: true });
  }, 30_000);

  it("garbage awareness is dropped: no crash, nothing relayed, the server still answers", async () => {
    await rawOpen(ctx.alice);
    await rawOpen(ctx.bea);
    const heard: Uint8Array[] = [];
    const stop = channelFor(ctx.bea).listen(cardId, { sync: () => {}, awareness: (m) => heard.push(m) });
    const badJson = encoding.createEncoder();
    encoding.writeVarUint(badJson, 1);
    encoding.writeVarUint(badJson, 12345);
    encoding.writeVarUint(badJson, 1);
    encoding.writeVarString(badJson, "{not json");
    const messages = [Uint8Array.from([0xff, 0xff, 0xff]), Uint8Array.from([5, 1]), encoding.toUint8Array(badJson), new Uint8Array(0)];
    const alice = channelFor(ctx.alice);
    for (const message of messages) alice.awareness(cardId, message);
    alice.awareness(cardId, new Uint8Array(COLLAB_LIMITS.awarenessBytesMax + 2048));
    alice.awareness("no-such-card", messages[2]);
    await stillAnswering(ctx.alice);
    await sleep(50);
    expect(heard).toEqual([]);
    stop();
  });
});
