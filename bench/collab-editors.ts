/**
 * The simulated editors of `npm run bench:collab`: one Yjs document and one connection each,
 * for Newsdesk (socket.io-client + CardTextProvider, joined to the story as the desk does) and
 * for Hocuspocus (HocuspocusProvider over `ws`). Both type the same way into the card body's
 * first paragraph (the Tiptap layout: XmlFragment "default" > paragraph > XmlText).
 *
 * An insert is one chunk `{editor.seq}` + filler letters + a space, at a chunk boundary (after a
 * space, or at either end), so a token is never split. A delete removes 1–3 lowercase letters,
 * which tokens never contain, so every token survives and can be checked in the stored doc.
 * Latency: the receiving side decodes each remote update and looks its tokens up in `sentAt`.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { io as connect, type Socket } from "socket.io-client";
import WebSocket from "ws";
import * as Y from "yjs";
import { CardTextProvider } from "../lib/collab/card-text-provider";
import { BODY_FIELD } from "../lib/protocol/collab";
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type ServerToClientEvents } from "../lib/protocol/events";
import { benchCookie } from "./bench-session";
import { nodeChannel, whenChannelOpen } from "../tests/helpers/collab-channel";
import { waitFor } from "../tests/helpers/wait";

export type System = "newsdesk" | "hocuspocus";
type DeskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Transaction origin of the editors' own typing (both providers send anything not their own). */
const LOCAL = "bench-typing";
export const TOKEN = /\{(\d+)\.(\d+)\}/g;

export interface Shared {
  /** Token → performance.now() when its insert was applied locally (and handed to the provider). */
  sentAt: Map<string, number>;
  /** Edit-to-remote-apply latencies in ms, one per (token, receiving editor). */
  latencies: number[];
  /** The same latencies, by third of the typing window (the cards grow as it goes). */
  byThird: [number[], number[], number[]];
  /** Which third of the window is being typed now. */
  third: 0 | 1 | 2;
  /** Edit-to-ack latencies in ms (the sender's own round trip), one per acknowledged edit. */
  ackLatencies: number[];
  /** Only record latencies while true (the measured window). */
  recording: boolean;
  /** Deliveries owed while recording: each insert, once to every other editor of its card. */
  expected: number;
}

export interface Editor {
  readonly index: number;
  readonly card: string;
  readonly doc: Y.Doc;
  /** One entry per edit sent, in order: the token of an insert, null for a delete. */
  readonly ops: (string | null)[];
  /** Acknowledged edits since `resetAcks()`. */
  acked(): number;
  resetAcks(): void;
  /** Called just before each edit is applied (and so sent): starts its ack clock. */
  markSent(): void;
  /** Resolves when every edit so far is acknowledged. */
  whenSaved(timeoutMs: number): Promise<void>;
  close(): void;
}

/** Deterministic PRNG (mulberry32), so both systems get the same sequence of edits. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paragraphText(doc: Y.Doc): Y.XmlText | null {
  for (const node of doc.getXmlFragment(BODY_FIELD).toArray()) {
    if (node instanceof Y.XmlElement && node.nodeName === "paragraph") {
      const first = node.get(0);
      if (first instanceof Y.XmlText) return first;
    }
  }
  return null;
}

/** Gives an empty card body one paragraph with an (empty) text, as Tiptap would on first keystroke. */
export function ensureParagraph(doc: Y.Doc): void {
  if (paragraphText(doc)) return;
  doc.transact(() => {
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText()]);
    doc.getXmlFragment(BODY_FIELD).push([p]);
  }, LOCAL);
}

const plain = (text: Y.XmlText) =>
  text
    .toDelta()
    .map((d: { insert: unknown }) => (typeof d.insert === "string" ? d.insert : ""))
    .join("");

/** One edit: an insert (returns its token) or a delete (returns null). */
export function typeOnce(editor: Editor, seq: number, random: () => number, shared: Shared): string | null {
  const text = paragraphText(editor.doc);
  if (!text) throw new Error(`editor ${editor.index}: card ${editor.card} has no paragraph`);
  const s = plain(text);
  if (random() < 0.2) {
    const letter = /[a-z]/;
    let at = Math.floor(random() * s.length);
    while (at < s.length && !letter.test(s[at])) at++;
    if (at >= s.length) at = s.search(letter);
    if (at >= 0) {
      let n = 1;
      const want = 1 + Math.floor(random() * 3);
      while (n < want && at + n < s.length && letter.test(s[at + n])) n++;
      editor.markSent();
      editor.doc.transact(() => text.delete(at, n), LOCAL);
      return null;
    }
  }
  const token = `{${editor.index}.${seq}}`;
  let filler = "";
  for (let i = 3 + Math.floor(random() * 4); i > 0; i--) filler += String.fromCharCode(97 + Math.floor(random() * 26));
  const r = Math.floor(random() * (s.length + 1));
  const space = s.indexOf(" ", r);
  const at = space >= 0 ? space + 1 : random() < 0.5 ? 0 : s.length;
  shared.sentAt.set(token, performance.now());
  editor.markSent();
  editor.doc.transact(() => text.insert(at, `${token}${filler} `), LOCAL);
  return token;
}

/** Records, for every token a remote update brings, how long after its insert it arrived. */
function watchRemote(doc: Y.Doc, index: number, shared: Shared): void {
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === LOCAL || !shared.recording) return;
    const now = performance.now();
    for (const struct of Y.decodeUpdate(update).structs) {
      const content = (struct as Y.Item).content;
      if (!(content instanceof Y.ContentString)) continue;
      for (const m of content.str.matchAll(TOKEN)) {
        if (Number(m[1]) === index) continue;
        const t0 = shared.sentAt.get(m[0]);
        if (t0 === undefined) continue;
        shared.latencies.push(now - t0);
        shared.byThird[shared.third].push(now - t0);
      }
    }
  });
}

/** Each edit is one update message and gets one ack, in order: a FIFO of send times pairs them. */
function ackClock(shared: Shared) {
  const sent: number[] = [];
  let head = 0;
  return {
    sent: () => void sent.push(performance.now()),
    acked() {
      const t0 = sent[head];
      if (t0 === undefined) return; // an ack of the initial sync, not of an edit
      head += 1;
      if (shared.recording) shared.ackLatencies.push(performance.now() - t0);
    },
  };
}

export const SEED_SLUG = "petro-trump-white-house";

async function deskSocket(url: string): Promise<DeskSocket> {
  const socket: DeskSocket = connect(url, {
    auth: { protocol: PROTOCOL_VERSION },
    extraHeaders: { cookie: benchCookie() },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

function ok<T>(ack: Ack<T>, what: string): T {
  if (!ack.ok) throw new Error(`${what}: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Sends a command and waits for its ack (typed by the shared event contract). */
async function command<E extends "story:join" | "card:create">(
  socket: DeskSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<ClientToServerEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never> {
  const timed = socket.timeout(10_000);
  const emit = timed.emitWithAck as unknown as (e: E, p: unknown) => Promise<Ack<never>>;
  return ok(await emit.call(timed, event, payload), event);
}

function join(socket: DeskSocket, index: number) {
  const clientId = `bench-editor-${String(index).padStart(4, "0")}`;
  return command(socket, "story:join", { slug: SEED_SLUG, clientId });
}

/** Card ids for the run: the seeded story's cards, plus new ones created through card:create. */
export async function newsdeskCards(url: string, count: number): Promise<string[]> {
  const socket = await deskSocket(url);
  try {
    const { story } = await join(socket, 9999);
    const ids = story.cards.map((c) => c.id);
    for (let i = ids.length; i < count; i++) {
      const card = await command(socket, "card:create", { storyId: story.id, title: `Bench card ${i + 1}` });
      ids.push(card.id);
    }
    return ids.slice(0, count);
  } finally {
    socket.disconnect();
  }
}

export async function newsdeskEditor(url: string, index: number, card: string, shared: Shared): Promise<Editor> {
  const socket = await deskSocket(url);
  await join(socket, index);
  const doc = new Y.Doc();
  const channel = nodeChannel(socket, url, benchCookie(), { answerTimeoutMs: 30_000 });
  channel.start();
  await whenChannelOpen(channel);
  const provider = new CardTextProvider(channel, card, doc);
  await provider.whenSaved(30_000);
  watchRemote(doc, index, shared);
  const clock = ackClock(shared);
  let ackedCount = provider.acked;
  Object.defineProperty(provider, "acked", {
    get: () => ackedCount,
    set: (v: number) => {
      for (let i = ackedCount; i < v; i++) clock.acked();
      ackedCount = v;
    },
  });
  let base = provider.acked;
  return {
    markSent: clock.sent,
    index,
    card,
    doc,
    ops: [],
    acked: () => provider.acked - base,
    resetAcks: () => void (base = provider.acked),
    whenSaved: (timeoutMs) => provider.whenSaved(timeoutMs),
    close() {
      provider.destroy();
      channel.destroy();
      socket.disconnect();
    },
  };
}

export async function hocuspocusEditor(url: string, index: number, card: string, shared: Shared): Promise<Editor> {
  const doc = new Y.Doc();
  const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider, name: card, document: doc });
  provider.attach(); // a provider given its own websocket does not attach by itself
  // Every SyncStatus(applied) from the server acknowledges one update message.
  let acks = 0;
  const clock = ackClock(shared);
  const decrement = provider.decrementUnsyncedChanges.bind(provider);
  provider.decrementUnsyncedChanges = () => {
    acks += 1;
    clock.acked();
    decrement();
  };
  await waitFor(() => provider.synced && !provider.hasUnsyncedChanges, { timeoutMs: 30_000, what: `hocuspocus editor ${index} sync` });
  watchRemote(doc, index, shared);
  let base = acks;
  return {
    markSent: clock.sent,
    index,
    card,
    doc,
    ops: [],
    acked: () => acks - base,
    resetAcks: () => void (base = acks),
    whenSaved: (timeoutMs) => waitFor(() => !provider.hasUnsyncedChanges, { timeoutMs, what: `hocuspocus editor ${index} acks` }),
    close() {
      provider.destroy();
      websocketProvider.destroy();
    },
  };
}

/** Connects the editors: editor i types on card i mod cards; the first on each card sets up its paragraph. */
export async function connectEditors(system: System, port: number, editors: number, cardIds: string[], shared: Shared): Promise<Editor[]> {
  const url = system === "newsdesk" ? `http://127.0.0.1:${port}` : `ws://127.0.0.1:${port}`;
  const open = system === "newsdesk" ? newsdeskEditor : hocuspocusEditor;
  const first = await Promise.all(cardIds.map((card, i) => open(url, i, card, shared)));
  for (const editor of first) ensureParagraph(editor.doc);
  await Promise.all(first.map((e) => e.whenSaved(30_000)));
  const rest: Editor[] = [];
  for (let i = cardIds.length; i < editors; i += 10) {
    const batch = [];
    for (let j = i; j < Math.min(editors, i + 10); j++) batch.push(open(url, j, cardIds[j % cardIds.length], shared));
    rest.push(...(await Promise.all(batch)));
  }
  const all = [...first, ...rest].slice(0, editors);
  await waitFor(() => all.every((e) => paragraphText(e.doc) !== null), { timeoutMs: 30_000, what: "every editor has the paragraph" });
  return all;
}
