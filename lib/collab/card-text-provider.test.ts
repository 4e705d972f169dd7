/**
 * The read-only mode of the text provider, against a stand-in for the card-text channel: it opens the
 * card and follows the others' changes, but sends no change and no cursor, even when its
 * document holds something the server lacks, and says "saved" (up to date) once opened.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as sync from "y-protocols/sync";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CardTextProvider } from "./card-text-provider";

type CardListener = { sync(m: Uint8Array): void; awareness(m: Uint8Array): void };

/**
 * Just enough of a card-text channel (./collab-channel.ts), answering opens from a server-side
 * document. `sent` lists what the provider asked for, by the names of the old desk events.
 */
class FakeChannel {
  connected = true;
  readonly sent: string[] = [];
  /** When set, updates are answered with this error. */
  refuseSync: { code: string; message: string } | null = null;
  private readonly connects = new Set<() => void>();
  private readonly disconnects = new Set<() => void>();
  private readonly cards = new Set<CardListener>();
  constructor(private readonly server: Y.Doc) {}

  onConnect(fn: () => void) {
    this.connects.add(fn);
    return () => this.connects.delete(fn);
  }
  onDisconnect(fn: () => void) {
    this.disconnects.add(fn);
    return () => this.disconnects.delete(fn);
  }
  listen(_cardId: string, l: CardListener) {
    this.cards.add(l);
    return () => this.cards.delete(l);
  }
  fire(event: "collab:sync" | "connect" | "disconnect", payload?: { message: Uint8Array }) {
    if (event === "collab:sync") for (const l of this.cards) l.sync(payload!.message);
    if (event === "connect") for (const fn of this.connects) fn();
    if (event === "disconnect") for (const fn of this.disconnects) fn();
  }
  async open(_cardId: string, message: Uint8Array) {
    this.sent.push("collab:open");
    const step2 = encoding.createEncoder();
    sync.readSyncMessage(decoding.createDecoder(message), step2, this.server, "client");
    const step1 = encoding.createEncoder();
    sync.writeSyncStep1(step1, this.server);
    return { ok: true, data: { syncStep2: encoding.toUint8Array(step2), syncStep1: encoding.toUint8Array(step1), awareness: null } };
  }
  async sync() {
    this.sent.push("collab:sync");
    if (this.refuseSync) return { ok: false, error: this.refuseSync };
    return { ok: true, data: { stored: true } };
  }
  awareness() {
    this.sent.push("collab:awareness");
  }
  close() {
    this.sent.push("collab:close");
  }
}

const text = (doc: Y.Doc) => doc.getXmlFragment("body").toString();

function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText("From the server.")]);
  doc.getXmlFragment("body").insert(0, [p]);
  return doc;
}

async function settle() {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

describe("CardTextProvider, read-only", () => {
  it("receives the text and later changes, and is up to date once opened", async () => {
    const server = serverDoc();
    const socket = new FakeChannel(server);
    const doc = new Y.Doc();
    const provider = new CardTextProvider(socket as never, "card-1", doc, { readOnly: true });
    await settle();
    expect(text(doc)).toContain("From the server.");
    expect(provider.status).toBe("saved");

    // Someone else types: the change arrives as a collab:sync broadcast.
    const before = Y.encodeStateVector(server);
    server.getXmlFragment("body").insert(1, [new Y.XmlElement("paragraph")]);
    const update = Y.encodeStateAsUpdate(server, before);
    const msg = encoding.createEncoder();
    sync.writeUpdate(msg, update);
    socket.fire("collab:sync", { message: encoding.toUint8Array(msg) });
    expect(doc.getXmlFragment("body").length).toBe(2);
    provider.destroy();
  });

  it("never sends a change or a cursor, even for local content the server lacks", async () => {
    const socket = new FakeChannel(serverDoc());
    const doc = new Y.Doc();
    // Left in the browser's copy from before (e.g. typed offline before a role change).
    doc.getXmlFragment("body").insert(0, [new Y.XmlElement("paragraph")]);
    const provider = new CardTextProvider(socket as never, "card-1", doc, { readOnly: true });
    await settle();
    doc.getXmlFragment("body").insert(0, [new Y.XmlElement("paragraph")]);
    provider.awareness.setLocalStateField("user", { name: "Vera", color: "#000" });
    await settle();
    expect(socket.sent.filter((e) => e !== "collab:open" && e !== "collab:close")).toEqual([]);
    expect(provider.status).toBe("saved");

    // Back from a lost connection: still nothing pending, nothing sent.
    socket.connected = false;
    socket.fire("disconnect");
    expect(provider.status).toBe("offline");
    socket.connected = true;
    socket.fire("connect");
    await settle();
    expect(provider.status).toBe("saved");
    expect(socket.sent.filter((e) => e === "collab:sync" || e === "collab:awareness")).toEqual([]);
    provider.destroy();
  });

  it("an editor's provider does send what the server lacks (the same stand-in, for contrast)", async () => {
    const socket = new FakeChannel(serverDoc());
    const doc = new Y.Doc();
    doc.getXmlFragment("body").insert(0, [new Y.XmlElement("paragraph")]);
    const provider = new CardTextProvider(socket as never, "card-1", doc);
    await settle();
    expect(socket.sent).toContain("collab:sync");
    provider.destroy();
  });
});

describe("CardTextProvider, refused for who the user is", () => {
  it("a FORBIDDEN text change is not resent in a loop: the editor says why and stops", async () => {
    const socket = new FakeChannel(serverDoc());
    socket.refuseSync = { code: "FORBIDDEN", message: "Contributors edit drafts only" };
    const doc = new Y.Doc();
    const provider = new CardTextProvider(socket as never, "card-1", doc, { retryDelayMs: 10 });
    await settle();
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText("Typed after the card went to review")]);
    doc.getXmlFragment("body").insert(0, [p]);
    await settle();
    await new Promise((r) => setTimeout(r, 100)); // ten retry delays
    expect(provider.status).toBe("out-of-sync");
    expect(socket.sent.filter((e) => e === "collab:sync")).toHaveLength(1);
    expect(socket.sent.filter((e) => e === "collab:open")).toHaveLength(1);
    provider.destroy();
  });
});
