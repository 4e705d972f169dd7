/**
 * Starts the real server (the factory production uses, server/node.ts, without Next) on port 0
 * over a store, and connects real socket.io-client clients to it, typed with the shared event
 * contract.
 */
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
import { randomBytes } from "node:crypto";
import { SESSION_COOKIE } from "../../lib/protocol/auth";
import type { Role } from "../../lib/protocol/roles";
import type { CardDocs, CardDocsOptions } from "../../server/collab/card-docs";
import { sessionIdOf } from "../../server/domain/accounts";
import type { RateLimits } from "../../server/domain/rate-limits";
import type { MediaStorage } from "../../server/media/manifest";
import { startNode } from "../../server/node";
import { testEnv } from "./test-env";
import type { DeskServer } from "../../server/realtime/types";
import type { Services } from "../../server/services";
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
  /** What the app's routes call (publish them with publishServices for route tests). */
  services: Services;
  /**
   * Connects a client signed in as `as` (default Alice, an editor; accounts are made on first
   * use) and waits until the handshake is accepted. `cookie: null` connects with no session.
   */
  connect(options?: { auth?: Record<string, unknown>; as?: Person; cookie?: string | null }): Promise<DeskClient>;
  /** The session cookie of a person's account (created on first use). */
  cookieFor(person: Person): Promise<string>;
  /** Disconnects every client, closes Socket.IO and the HTTP server. Leaves the store open. */
  stop(): Promise<void>;
}

export interface DeskOptions {
  /** Tunes the card documents (compaction, unload) for suites that exercise them. */
  docs?: CardDocsOptions;
  /** Wraps the store of the card documents (e.g. to make writes fail on purpose). */
  wrapDocs?: (docs: DocStore) => DocStore;
  /** Rate limits (defaults: the server's). */
  limits?: RateLimits;
  /** Origins besides the desk's own allowed to open the desk socket (ALLOWED_ORIGINS). */
  allowedOrigins?: string[];
  /** Photos of live posts (none: posts with photos are refused). */
  media?: MediaStorage;
}

export async function startDesk(store: DeskStore, options: DeskOptions = {}): Promise<RunningDesk> {
  const node = await startNode({
    env: testEnv({ ALLOWED_ORIGINS: options.allowedOrigins?.join(",") }),
    store,
    docs: options.docs,
    wrapDocs: options.wrapDocs,
    limits: options.limits,
    media: options.media,
  });
  const { io, docs, services } = node;
  const url = `http://127.0.0.1:${node.port}`;
  const clients = new Set<DeskClient>();
  const cookies = new Map<string, Promise<string>>();
  const cookieFor = (person: Person) => {
    const key = `${person.name}/${person.role ?? "editor"}`;
    if (!cookies.has(key)) cookies.set(key, signInAs(store, person));
    return cookies.get(key)!;
  };

  return {
    url,
    io,
    store,
    docs,
    services,
    cookieFor,
    async connect({ auth = { protocol: PROTOCOL_VERSION }, as = ALICE, cookie }: { auth?: Record<string, unknown>; as?: Person; cookie?: string | null } = {}) {
      const sessionCookie = cookie === undefined ? await cookieFor(as) : cookie;
      const socket: DeskClient = connect(url, {
        auth,
        ...(sessionCookie ? { extraHeaders: { cookie: sessionCookie } } : {}),
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
      await node.shutdown();
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
    if (!event.startsWith("presence:")) events.push({ event, payload });
  };
  socket.onAny(listener);
  return { events, stop: () => socket.offAny(listener) };
}

export interface Person {
  name: string;
  clientId: string;
  /** The account's role (editor unless said otherwise). */
  role?: Role;
}
export const ALICE: Person = { name: "Alice", clientId: "client-alice-0001" };
export const BEA: Person = { name: "Bea", clientId: "client-bea-00002" };

export async function joinStory(socket: DeskClient, person: Person, slug = SEED_SLUG): Promise<JoinedStory> {
  return okData(await emitAck(socket, "story:join", { slug, clientId: person.clientId }));
}

/**
 * An account for `person` (email from the name and role) and a session for it, written straight
 * to the store: the cookie a browser would hold after signing in. No password hashing: fast.
 */
export async function signInAs(store: DeskStore, person: Person, expiresAt = new Date(Date.now() + 3_600_000)): Promise<string> {
  const role = person.role ?? "editor";
  const email = `${person.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.${role}@test.local`;
  const user =
    (await store.users.findByEmail(email)) ??
    (await store.users.create({ email, name: person.name, role, passwordHash: "not-a-password" })) ??
    // Created meanwhile by a concurrent sign-in of the same person.
    (await store.users.findByEmail(email));
  if (!user) throw new Error(`could not create the account ${email}`);
  const token = randomBytes(32).toString("base64url");
  await store.users.createSession({ id: sessionIdOf(token), userId: user.id, csrfToken: randomBytes(16).toString("base64url"), expiresAt });
  return `${SESSION_COOKIE}=${token}`;
}
