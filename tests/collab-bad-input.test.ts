/**
 * Card text refuses bad input from a client: each refusal is an error ack with a clear code and
 * message, the stored document is untouched, nobody is served what was refused, and the server
 * keeps answering. On SQLite and Postgres.
 */
import * as encoding from "lib0/encoding";
import { beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { COLLAB_LIMITS } from "../lib/protocol/collab";
import type { ErrorCode } from "../lib/protocol/events";
import {
  bodyXml,
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
import { ackError, emitAck, emitRaw, joinStory, nextEvent, okData, recordBroadcasts, type DeskClient } from "./helpers/server";

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
    const opened = okData(await emitAck(socket, "collab:open", { cardId: id, message: syncStep1(doc) }));
    Y.applyUpdate(doc, updateOf(new Uint8Array(opened.syncStep2)));
    return doc;
  }

  /** Sends `payload` as `event` and checks the refusal, that nothing was stored, and that the server still answers. */
  async function refused(socket: DeskClient, event: string, payload: unknown, code: ErrorCode, id = cardId) {
    const before = await storedRows(ctx.store.docs, id);
    ackError(await emitRaw(socket, event, payload), code);
    expect(await storedRows(ctx.store.docs, id)).toEqual(before);
    await stillAnswering(socket);
  }

  async function stillAnswering(socket: DeskClient) {
    const doc = await rawOpen(socket);
    expect(bodyXml(doc)).toContain("<paragraph>");
  }

  it("collab:open before story:join is NOT_JOINED, and creates nothing", async () => {
    const fresh = await createCard(ctx.store, ctx.storyId, "never opened");
    const stranger = await ctx.desk.connect();
    const ack = await emitAck(stranger, "collab:open", { cardId: fresh.id, message: syncStep1(new Y.Doc()) });
    ackError(ack, "NOT_JOINED");
    expect(await ctx.db.cardDoc.findUnique({ where: { cardId: fresh.id } })).toBeNull();
    stranger.disconnect();
  });

  it("collab:sync before collab:open is NOT_JOINED", async () => {
    const doc = await rawOpen(ctx.alice);
    firstText(doc)!.insert(0, "not opened by Bea ");
    await refused(ctx.bea, "collab:sync", { cardId, message: updateMessage(Y.encodeStateAsUpdate(doc)) }, "NOT_JOINED");
  });

  it("an unknown card is NOT_FOUND; a missing or over-long id is VALIDATION_FAILED", async () => {
    const message = syncStep1(new Y.Doc());
    ackError(await emitAck(ctx.alice, "collab:open", { cardId: "no-such-card", message }), "NOT_FOUND");
    for (const bad of ["", "x".repeat(65), 42, null]) {
      const error = ackError(await emitRaw(ctx.alice, "collab:open", { cardId: bad, message }), "VALIDATION_FAILED");
      expect(error.field).toBe("cardId");
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

    ackError(await emitAck(ctx.alice, "collab:open", { cardId: theirs.id, message: syncStep1(new Y.Doc()) }), "NOT_FOUND");
    const doc = new Y.Doc(); // an update for their card, built from nothing
    doc.getXmlFragment("default").insert(0, [new Y.XmlElement("paragraph")]);
    ackError(
      await emitAck(ctx.alice, "collab:sync", { cardId: theirs.id, message: updateMessage(Y.encodeStateAsUpdate(doc)) }),
      "NOT_JOINED",
    );
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
    for (const bytes of garbage) await refused(ctx.alice, "collab:sync", { cardId, message: Uint8Array.from(bytes) }, "MALFORMED_UPDATE");
  });

  it("a sync step 1 sent to collab:sync is MALFORMED_UPDATE", async () => {
    await rawOpen(ctx.alice);
    await refused(ctx.alice, "collab:sync", { cardId, message: syncStep1(new Y.Doc()) }, "MALFORMED_UPDATE");
  });

  it("an update that breaks halfway through is refused, and nobody is served what it did", async () => {
    const server = await rawOpen(ctx.alice);
    const bad = halfApplyingUpdate(server);
    await refused(ctx.alice, "collab:sync", { cardId, message: updateMessage(bad) }, "MALFORMED_UPDATE");

    // Bea opens the card now: she sees exactly what is stored.
    const { doc, provider: p } = openText({ socket: ctx.bea }, cardId);
    await p.whenSaved();
    const stored = await loadStored(ctx.store.docs, cardId);
    expect(fingerprint(doc)).toBe(fingerprint(stored));
    // And Alice can carry on after opening again.
    const again = await rawOpen(ctx.alice);
    const sv = Y.encodeStateVector(again);
    firstText(again)!.insert(0, "[fine]");
    const ack = await emitAck(ctx.alice, "collab:sync", { cardId, message: updateMessage(Y.encodeStateAsUpdate(again, sv)) });
    expect(okData(ack)).toEqual({ stored: true });
    await expect.poll(() => firstText(doc)!.toString().startsWith("[fine]")).toBe(true);
    p.destroy();
  });

  it("a malformed collab:open on a card already open is refused without closing the session", async () => {
    const doc = await rawOpen(ctx.alice);
    for (const message of [Uint8Array.from([2, 0]), Uint8Array.from([0, 3, 0xff, 0xff, 0xff]), Uint8Array.from([9])]) {
      ackError(await emitAck(ctx.alice, "collab:open", { cardId, message }), "MALFORMED_UPDATE");
    }
    const sv = Y.encodeStateVector(doc);
    firstText(doc)!.insert(0, "[still open]");
    const ack = await emitAck(ctx.alice, "collab:sync", { cardId, message: updateMessage(Y.encodeStateAsUpdate(doc, sv)) });
    expect(okData(ack)).toEqual({ stored: true });
  });

  it.each(["collab:open", "collab:sync"])("a %s message that is neither binary nor base64 text is VALIDATION_FAILED", async (event) => {
    await rawOpen(ctx.alice);
    for (const message of ["not base64!", "AQI", { 0: 1, 1: 2 }, 42, [1, 2, 3], null, true, new Uint8Array(0), ""]) {
      const error = ackError(await emitRaw(ctx.alice, event, { cardId, message }), "VALIDATION_FAILED");
      expect(error.message).toMatch(/binary|empty|base64/i);
    }
    // Well-formed base64 of bytes that are no sync message: read, and refused as such.
    ackError(await emitRaw(ctx.alice, event, { cardId, message: "AQID" }), "MALFORMED_UPDATE");
    ackError(await emitRaw(ctx.alice, event, { cardId }), "VALIDATION_FAILED");
    ackError(await emitRaw(ctx.alice, event), "VALIDATION_FAILED");
    ackError(await emitRaw(ctx.alice, event, "just a string"), "VALIDATION_FAILED");
    await stillAnswering(ctx.alice);
  });

  it.each([
    ["collab:sync", 1],
    ["collab:sync", 1024],
    ["collab:sync", 50 * 1024],
    ["collab:open", 1],
    ["collab:open", 50 * 1024],
  ])("a %s message %i bytes over 256 KB is PAYLOAD_TOO_LARGE", async (event, over) => {
    await rawOpen(ctx.alice);
    const message = new Uint8Array(COLLAB_LIMITS.messageBytesMax + over).fill(2, 0, 1);
    await refused(ctx.alice, event, { cardId, message }, "PAYLOAD_TOO_LARGE");
    expect(ctx.alice.connected).toBe(true);
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
      const ack = await emitAck(ctx.alice, "collab:sync", { cardId: big.id, message });
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
    const ack = await emitAck(ctx.bea, "collab:sync", { cardId: big.id, message: updateMessage(Y.encodeStateAsUpdate(other, sv)) });
    expect(okData(ack)).toEqual({ stored: true });
  }, 30_000);

  it("garbage awareness is dropped: no crash, nothing relayed, the server still answers", async () => {
    await rawOpen(ctx.alice);
    await rawOpen(ctx.bea);
    const heard = recordBroadcasts(ctx.bea);
    const badJson = encoding.createEncoder();
    encoding.writeVarUint(badJson, 1);
    encoding.writeVarUint(badJson, 12345);
    encoding.writeVarUint(badJson, 1);
    encoding.writeVarString(badJson, "{not json");
    const messages = [Uint8Array.from([0xff, 0xff, 0xff]), Uint8Array.from([5, 1]), encoding.toUint8Array(badJson), new Uint8Array(0)];
    const raw = ctx.alice as unknown as { emit: (event: string, ...args: unknown[]) => void };
    for (const message of messages) raw.emit("collab:awareness", { cardId, message });
    raw.emit("collab:awareness", "nonsense");
    raw.emit("collab:awareness", { cardId, message: new Uint8Array(COLLAB_LIMITS.awarenessBytesMax + 2048) });
    ackError(await emitRaw(ctx.alice, "collab:awareness", { cardId, message: messages[0] }), "MALFORMED_UPDATE");
    ackError(await emitRaw(ctx.alice, "collab:awareness", { cardId, message: encoding.toUint8Array(badJson) }), "MALFORMED_UPDATE");
    ackError(await emitRaw(ctx.alice, "collab:awareness", { cardId: "no-such-card", message: messages[2] }), "NOT_JOINED");
    await stillAnswering(ctx.alice);
    await sleep(50);
    expect(heard.events.filter((e) => e.event === "collab:awareness")).toEqual([]);
    heard.stop();
  });

  it("events without an ack callback do no harm, and a valid change without one is still stored and relayed", async () => {
    const doc = await rawOpen(ctx.alice);
    await rawOpen(ctx.bea);
    const raw = ctx.alice as unknown as { emit: (event: string, ...args: unknown[]) => void };
    raw.emit("collab:open");
    raw.emit("collab:open", { cardId, message: Uint8Array.from([9, 9]) });
    raw.emit("collab:sync", { cardId, message: "nope" });
    raw.emit("collab:sync", { cardId, message: Uint8Array.from([2, 4, 1, 2, 3, 4]) });
    raw.emit("collab:close");
    raw.emit("collab:awareness");
    const sv = Y.encodeStateVector(doc);
    firstText(doc)!.insert(0, "[no ack]");
    const relayed = nextEvent(ctx.bea, "collab:sync");
    raw.emit("collab:sync", { cardId, message: updateMessage(Y.encodeStateAsUpdate(doc, sv)) });
    await relayed;
    await expect.poll(async () => firstText(await loadStored(ctx.store.docs, cardId))!.toString()).toMatch(/^\[no ack\]/);
    await stillAnswering(ctx.alice);
  });
});
