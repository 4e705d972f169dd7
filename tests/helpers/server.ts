/**
 * Starts the real realtime server (node:http + createRealtime) on port 0 over a store, and
 * connects real socket.io-client clients to it, typed with the shared event contract.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { expect } from "vitest";
import {
  PROTOCOL_VERSION,
  type Ack,
  type AckError,
  type AckFn,
  type ClientToServerEvents,
  type ErrorCode,
  type JoinedStory,
  type ServerToClientEvents,
} from "../../lib/protocol/events";
import { CardDocs, type CardDocsOptions } from "../../server/collab/card-docs";
import { createRealtime, shutdownRealtime } from "../../server/realtime/create-realtime";
import type { DeskServer } from "../../server/realtime/types";
import type { DeskStore, DocStore } from "../../server/store/types";

export type DeskClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Events that carry an ack (everything but presence:update). */
export type CommandEvent = Exclude<keyof ClientToServerEvents, "presence:update">;
export type PayloadOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
export type AckDataOf<E extends CommandEvent> = Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer T> ? T : never;
export type BroadcastOf<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

export const SEED_SLUG = "petro-trump-white-house";
const ACK_TIMEOUT_MS = 5_000;

export interface RunningDesk {
  url: string;
  io: DeskServer;
  store: DeskStore;
  /** The live card documents. */
  docs: CardDocs;
  /** Connects a client and waits until the handshake is accepted (auth defaults to the right protocol). */
  connect(options?: { auth?: Record<string, unknown> }): Promise<DeskClient>;
  /** Disconnects every client, closes Socket.IO and the HTTP server. Leaves the store open. */
  stop(): Promise<void>;
}

export interface DeskOptions {
  /** Tunes the card documents (compaction, unload) for suites that exercise them. */
  docs?: CardDocsOptions;
  /** Wraps the store of the card documents (e.g. to make writes fail on purpose). */
  wrapDocs?: (docs: DocStore) => DocStore;
}

export async function startDesk(store: DeskStore, options: DeskOptions = {}): Promise<RunningDesk> {
  const httpServer = createServer();
  const docs = new CardDocs(options.wrapDocs ? options.wrapDocs(store.docs) : store.docs, options.docs);
  const io = createRealtime(httpServer, { store, docs });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const clients = new Set<DeskClient>();

  return {
    url,
    io,
    store,
    docs,
    async connect({ auth = { protocol: PROTOCOL_VERSION } } = {}) {
      const socket: DeskClient = connect(url, {
        auth,
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
        timeout: ACK_TIMEOUT_MS,
      });
      clients.add(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      return socket;
    },
    async stop() {
      for (const socket of clients) socket.disconnect();
      clients.clear();
      await shutdownRealtime(io);
    },
  };
}

/** Sends a command and resolves with its ack; rejects if no ack arrives in time. */
export function emitAck<E extends CommandEvent>(
  socket: DeskClient,
  event: E,
  payload: PayloadOf<E>,
): Promise<Ack<AckDataOf<E>>> {
  return emitRaw(socket, event, payload) as Promise<Ack<AckDataOf<E>>>;
}

/** Sends anything at all (for malformed input) and resolves with the ack. */
export function emitRaw(socket: DeskClient, event: string, ...args: unknown[]): Promise<Ack<unknown>> {
  return (socket as unknown as Socket).timeout(ACK_TIMEOUT_MS).emitWithAck(event, ...args) as Promise<Ack<unknown>>;
}

/** The data of a successful ack; fails the test with the server's message otherwise. */
export function okData<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected an ok ack, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** The error of a refused ack, checked to carry `code` and a human-readable message. */
export function ackError(ack: Ack<unknown>, code: ErrorCode): AckError {
  expect(ack.ok, `expected ${code}, got ${JSON.stringify(ack).slice(0, 300)}`).toBe(false);
  const { error } = ack as { ok: false; error: AckError };
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(5);
  return error;
}

/** Resolves with the next `event` the socket receives that matches `match`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: DeskClient,
  event: E,
  match: (payload: BroadcastOf<E>) => boolean = () => true,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<BroadcastOf<E>> {
  const raw = socket as unknown as { on(e: string, l: (p: never) => void): void; off(e: string, l: (p: never) => void): void };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      raw.off(event, listener);
      reject(new Error(`no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: BroadcastOf<E>) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      raw.off(event, listener);
      resolve(payload);
    };
    raw.on(event, listener);
  });
}

/** Records every broadcast a socket receives, to assert that nothing was sent. */
export function recordBroadcasts(socket: DeskClient): { events: { event: string; payload: unknown }[]; stop(): void } {
  const events: { event: string; payload: unknown }[] = [];
  const listener = (event: string, payload: unknown) => {
    if (event !== "presence:changed") events.push({ event, payload });
  };
  socket.onAny(listener);
  return { events, stop: () => socket.offAny(listener) };
}

export interface Person {
  name: string;
  clientId: string;
}
export const ALICE: Person = { name: "Alice", clientId: "client-alice-0001" };
export const BEA: Person = { name: "Bea", clientId: "client-bea-00002" };

export async function joinStory(socket: DeskClient, person: Person, slug = SEED_SLUG): Promise<JoinedStory> {
  return okData(await emitAck(socket, "story:join", { slug, ...person }));
}
