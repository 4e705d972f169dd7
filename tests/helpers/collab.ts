/**
 * Helpers for the card-text suites: editors with their own socket (optionally reconnecting, and
 * joining the story again on every connect, as the desk does), a record of the updates the
 * server acknowledged as stored, and the document as stored (snapshot + update log).
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { io as connect } from "socket.io-client";
import WebSocket from "ws";
import * as sync from "y-protocols/sync";
import * as Y from "yjs";
import { CardTextProvider, type ProviderOptions } from "../../lib/collab/card-text-provider";
import type { CollabChannel } from "../../lib/collab/collab-channel";
import { BODY_FIELD, type CollabOpened } from "../../lib/protocol/collab";
import { COLLAB_PATH } from "../../lib/protocol/collab-frames";
import { PROTOCOL_VERSION, type Ack } from "../../lib/protocol/events";
import { nodeChannel, whenChannelOpen } from "./collab-channel";
import type { DeskStore, DocStore } from "../../server/store/types";
import { SEED_SLUG, signInAs, type DeskClient, type Person } from "./server";
import { waitFor } from "./wait";

/** Re-exported for the card-text suites, which import it from here; written once in ./wait. */
export { sleep } from "./wait";

/** The body as XML (structure and text), e.g. `<paragraph>abc</paragraph>`. */
export const bodyXml = (doc: Y.Doc): string => doc.getXmlFragment(BODY_FIELD).toString();

/** The first paragraph's text (the suites type into it). */
export function firstText(doc: Y.Doc): Y.XmlText | null {
  const paragraph = doc.getXmlFragment(BODY_FIELD).get(0);
  if (!(paragraph instanceof Y.XmlElement)) return null;
  const text = paragraph.get(0);
  return text instanceof Y.XmlText ? text : null;
}

/** A fresh document built from what is stored for the card: snapshot, then the update log. */
export async function loadStored(docs: DocStore, cardId: string): Promise<Y.Doc> {
  const stored = await docs.loadDoc(cardId);
  if (!stored) throw new Error(`card ${cardId} has no stored document`);
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state);
  for (const { update } of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** The raw rows of a card's document, to check that a refused message left them untouched. */
export async function storedRows(docs: DocStore, cardId: string) {
  const stored = await docs.loadDoc(cardId);
  return {
    state: stored?.state ? Buffer.from(stored.state).toString("base64") : null,
    throughId: stored?.throughId,
    updates: stored?.updates.map((u) => `${u.id}:${Buffer.from(u.update).toString("base64")}`),
  };
}

/** True when `doc` already holds everything in `update` (applying it changes nothing, leaves nothing pending). */
export function holds(doc: Y.Doc, update: Uint8Array): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = { sv: Y.encodeStateVector(copy).toString(), xml: bodyXml(copy) };
  Y.applyUpdate(copy, update);
  const pending = copy.store.pendingStructs !== null || copy.store.pendingDs !== null;
  const same = Y.encodeStateVector(copy).toString() === before.sv && bodyXml(copy) === before.xml;
  copy.destroy();
  return same && !pending;
}

/** The Yjs update inside a sync step 2 or update message. */
export function updateOf(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message);
  decoding.readVarUint(decoder);
  return decoding.readVarUint8Array(decoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  sync.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  sync.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export interface Editor {
  socket: DeskClient;
  /** The card-text channel of the socket, opened again after every join. */
  channel: CollabChannel;
  /** Yjs updates the server acknowledged as stored, in ack order. */
  acked: Uint8Array[];
  /**
   * Connects again unless connected or already connecting (socket.connect() while the
   * connection is opening sends a second namespace CONNECT, which the server answers by
   * closing the transport).
   */
  reconnect(): void;
  /** Drops the connection (also one that is still opening). */
  disconnect(): void;
  /** Resolves once connected, connecting again after a failed attempt. */
  whenConnected(timeoutMs?: number): Promise<void>;
}

/**
 * Connects an editor to `url` that joins the seeded story on every connect (before anything
 * else it sends), and records every update the server reported stored.
 */
export async function connectEditor(
  url: string,
  person: Person,
  /** `cookie` of the person's session, or `store` to sign them in directly in the database. */
  opts: { reconnection?: boolean; slug?: string } & ({ cookie: string } | { store: DeskStore }),
): Promise<Editor> {
  const cookie = "cookie" in opts ? opts.cookie : await signInAs(opts.store, person);
  const socket: DeskClient = connect(url, {
    auth: { protocol: PROTOCOL_VERSION },
    extraHeaders: { cookie },
    transports: ["websocket"],
    forceNew: true,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 50,
    reconnectionDelayMax: 250,
    randomizationFactor: 0,
    timeout: 5_000,
  });
  let connecting = false;
  socket.on("connect", () => (connecting = false));
  socket.on("connect_error", () => (connecting = false));
  socket.on("disconnect", () => (connecting = false));
  const reconnect = () => {
    if (socket.connected || connecting) return;
    connecting = true;
    socket.connect();
  };
  const channel = channelFor(socket);
  const editor: Editor = {
    socket,
    channel,
    acked: [],
    reconnect,
    disconnect() {
      connecting = false;
      socket.disconnect();
    },
    async whenConnected(timeoutMs = 10_000) {
      const connected = () => socket.connected || (reconnect(), false);
      await waitFor(connected, { timeoutMs, intervalMs: 50, what: `${person.name} connected` });
    },
  };
  const sync = channel.sync.bind(channel);
  channel.sync = async (cardId, message) => {
    const ack = await sync(cardId, message);
    if (ack.ok && ack.data.stored) editor.acked.push(updateOf(message));
    return ack;
  };
  const joined = new Promise<void>((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.on("connect", () => {
      socket.emit("story:join", { slug: opts.slug ?? SEED_SLUG, ...person }, (ack) => {
        if (!ack.ok) return reject(new Error(`join failed: ${ack.error.message}`));
        // As the desk does: card text opens on its own channel once the story is joined.
        channel.start();
        whenChannelOpen(channel).then(resolve, reject);
      });
    });
  });
  await joined;
  return editor;
}

/** A provider on a fresh document, with fast retries for tests (a socket's channel is opened if needed). */
export function openText(editor: Pick<Editor, "channel"> | Pick<Editor, "socket">, cardId: string, options: ProviderOptions = {}) {
  const doc = new Y.Doc();
  const channel = "channel" in editor ? editor.channel : channelFor(editor.socket);
  channel.start();
  const provider = new CardTextProvider(channel, cardId, doc, { retryDelayMs: 50, ...options });
  return { doc, provider };
}

const channels = new WeakMap<DeskClient, CollabChannel>();

/**
 * The card-text channel of a desk socket (one per socket, created on first use, not opened):
 * same server and session cookie as the socket.
 */
export function channelFor(socket: DeskClient): CollabChannel {
  let channel = channels.get(socket);
  if (!channel) {
    const manager = socket.io as unknown as { uri: string; opts: { extraHeaders?: Record<string, string> } };
    channel = nodeChannel(socket, manager.uri, manager.opts.extraHeaders?.cookie ?? "", { answerTimeoutMs: 5_000, retryDelayMs: 50 });
    channels.set(socket, channel);
  }
  return channel;
}

/** The socket's channel, opened (the socket must have joined its story). */
export async function openChannel(socket: DeskClient): Promise<CollabChannel> {
  const channel = channelFor(socket);
  if (!channel.connected) {
    channel.start();
    await whenChannelOpen(channel);
  }
  return channel;
}

/** Opens a card's text on the socket's channel with sync step 1 `message` (the OPEN frame). */
export async function openCard(socket: DeskClient, cardId: string, message: Uint8Array): Promise<Ack<CollabOpened>> {
  return (await openChannel(socket)).open(cardId, message);
}

/** Sends a sync step 2 or update message on the socket's channel; resolves when stored or refused. */
export async function syncCard(socket: DeskClient, cardId: string, message: Uint8Array): Promise<Ack<{ stored: boolean }>> {
  return (await openChannel(socket)).sync(cardId, message);
}

/** A card of the seeded story whose body is `body` (created in the store, not over a socket). */
export async function createCard(store: DeskStore, storyId: string, body: string, title = "Text under test") {
  const card = await store.createCard({ storyId, title, summary: "", body, updatedBy: "test" });
  if (!card) throw new Error("could not create a card");
  return card;
}

/** Every occurrence of `[…]` tokens in a string. */
export const tokensIn = (s: string): string[] => s.match(/\[[^\]]*\]/g) ?? [];

/**
 * A bare card-text WebSocket for a desk socket, to send frames no CollabChannel would (garbage,
 * oversized). It replaces the socket's current channel on the server: use a socket of its own.
 */
export async function rawChannel(socket: DeskClient): Promise<{ send(frame: Uint8Array | string): void; closed: Promise<number> }> {
  const manager = socket.io as unknown as { uri: string; opts: { extraHeaders?: Record<string, string> } };
  const url = new URL(COLLAB_PATH, manager.uri);
  url.protocol = "ws:";
  url.searchParams.set("sid", socket.id ?? "");
  url.searchParams.set("protocol", String(PROTOCOL_VERSION));
  const ws = new WebSocket(url, { headers: { cookie: manager.opts.extraHeaders?.cookie ?? "" } });
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return { send: (frame) => ws.send(frame, { binary: typeof frame !== "string" }), closed };
}

/** The HTTP status a card-text channel handshake gets (101 when the WebSocket opens). */
export function channelHandshake(
  baseUrl: string,
  opts: { sid: string; cookie: string; origin?: string; protocol?: string },
): Promise<number> {
  const url = new URL(COLLAB_PATH, baseUrl);
  url.protocol = "ws:";
  url.searchParams.set("sid", opts.sid);
  url.searchParams.set("protocol", opts.protocol ?? String(PROTOCOL_VERSION));
  const headers: Record<string, string> = { cookie: opts.cookie };
  if (opts.origin) headers.origin = opts.origin;
  const ws = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once("error", (err) => reject(err));
  });
}

/** Replaces the card's body with one paragraph of `text`, through the co-editing protocol. */
export async function typeBody(socket: DeskClient, cardId: string, text: string): Promise<void> {
  const { doc, provider } = openText({ socket }, cardId);
  await provider.whenSaved();
  const fragment = doc.getXmlFragment(BODY_FIELD);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.transact(() => {
    fragment.delete(0, fragment.length);
    fragment.insert(0, [paragraph]);
  });
  await provider.whenSaved();
  provider.destroy();
  doc.destroy();
}
