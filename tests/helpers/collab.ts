/**
 * Helpers for the card-text suites: editors with their own socket (optionally reconnecting, and
 * joining the story again on every connect, as the desk does), a record of the updates the
 * server acknowledged as stored, and the document as stored (snapshot + update log).
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { io as connect, type Socket } from "socket.io-client";
import * as sync from "y-protocols/sync";
import * as Y from "yjs";
import { CardTextProvider, type ProviderOptions } from "../../lib/collab/card-text-provider";
import { BODY_FIELD, fromWire } from "../../lib/protocol/collab";
import { PROTOCOL_VERSION, type Ack } from "../../lib/protocol/events";
import type { DeskStore, DocStore } from "../../server/store/types";
import { SEED_SLUG, signInAs, type DeskClient, type Person } from "./server";

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
 * else it sends), and records every collab:sync the server acknowledged as stored.
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
  const editor: Editor = {
    socket,
    acked: [],
    reconnect,
    disconnect() {
      connecting = false;
      socket.disconnect();
    },
    async whenConnected(timeoutMs = 10_000) {
      for (const start = Date.now(); !socket.connected; await sleep(50)) {
        if (Date.now() - start > timeoutMs) throw new Error(`${person.name}: not connected after ${timeoutMs} ms`);
        reconnect();
      }
    },
  };
  const raw = socket as unknown as Socket;
  const emitWithAck = raw.emitWithAck.bind(raw);
  raw.emitWithAck = (async (event: string, ...args: unknown[]) => {
    const ack = (await emitWithAck(event, ...args)) as Ack<{ stored?: boolean }>;
    const payload = args[0] as { message: Uint8Array | string };
    if (event === "collab:sync" && ack.ok && ack.data.stored) editor.acked.push(updateOf(fromWire(payload.message)));
    return ack;
  }) as typeof raw.emitWithAck;
  const joined = new Promise<void>((resolve, reject) => {
    socket.once("connect_error", reject);
    socket.on("connect", () => {
      socket.emit("story:join", { slug: opts.slug ?? SEED_SLUG, ...person }, (ack) => {
        if (ack.ok) resolve();
        else reject(new Error(`join failed: ${ack.error.message}`));
      });
    });
  });
  await joined;
  return editor;
}

/** A provider on a fresh document, with fast retries for tests. */
export function openText(editor: Pick<Editor, "socket">, cardId: string, options: ProviderOptions = {}) {
  const doc = new Y.Doc();
  const provider = new CardTextProvider(editor.socket, cardId, doc, { retryDelayMs: 50, ackTimeoutMs: 5_000, ...options });
  return { doc, provider };
}

/** A card of the seeded story whose body is `body` (created in the store, not over a socket). */
export async function createCard(store: DeskStore, storyId: string, body: string, title = "Text under test") {
  const card = await store.createCard({ storyId, title, summary: "", body, updatedBy: "test" });
  if (!card) throw new Error("could not create a card");
  return card;
}

/** Every occurrence of `[…]` tokens in a string. */
export const tokensIn = (s: string): string[] => s.match(/\[[^\]]*\]/g) ?? [];
