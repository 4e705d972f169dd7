/**
 * Readers of the public "/live" namespace for the integration suites: real socket.io-client
 * clients typed with the live contract, plus helpers to wait for (or record) what they receive.
 */
import { afterAll } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION, type Ack } from "../../lib/protocol/events";
import { LIVE_NAMESPACE, type LiveClientEvents, type LiveServerEvents, type LiveSnapshot } from "../../lib/protocol/feed";
import { okData, SEED_SLUG, type RunningDesk } from "./server";

export type LiveClient = Socket<LiveServerEvents, LiveClientEvents>;
export type LivePayload<E extends keyof LiveServerEvents> = Parameters<LiveServerEvents[E]>[0];

const TIMEOUT_MS = 5_000;

/** Connects a reader to `url + "/live"`; resolves once the handshake is accepted, rejects if refused. */
export async function connectReader(url: string, auth: Record<string, unknown> = { protocol: PROTOCOL_VERSION }): Promise<LiveClient> {
  const socket: LiveClient = connect(url + LIVE_NAMESPACE, {
    auth,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: TIMEOUT_MS,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
  } catch (err) {
    socket.disconnect();
    throw err;
  }
  return socket;
}

/** Sends anything on a reader's socket (writes it must not be allowed to make) and resolves with the ack. */
export function readerEmit(reader: LiveClient, event: string, ...args: unknown[]): Promise<Ack<unknown>> {
  return (reader as unknown as Socket).timeout(TIMEOUT_MS).emitWithAck(event, ...args) as Promise<Ack<unknown>>;
}

export async function joinLive(reader: LiveClient, slug = SEED_SLUG): Promise<LiveSnapshot> {
  return okData((await readerEmit(reader, "live:join", { slug })) as Ack<LiveSnapshot>);
}

/** Resolves with the next `event` the reader receives that matches `match`. */
export function nextLive<E extends keyof LiveServerEvents>(
  reader: LiveClient,
  event: E,
  match: (payload: LivePayload<E>) => boolean = () => true,
  timeoutMs = TIMEOUT_MS,
): Promise<LivePayload<E>> {
  const raw = reader as unknown as { on(e: string, l: (p: never) => void): void; off(e: string, l: (p: never) => void): void };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      raw.off(event, listener);
      reject(new Error(`reader got no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: LivePayload<E>) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      raw.off(event, listener);
      resolve(payload);
    };
    raw.on(event, listener);
  });
}

/** Everything a reader receives from now on, in order. */
export function recordLive(reader: LiveClient): { events: { event: string; payload: unknown }[]; stop(): void } {
  const events: { event: string; payload: unknown }[] = [];
  const listener = (event: string, payload: unknown) => void events.push({ event, payload });
  reader.onAny(listener);
  return { events, stop: () => reader.offAny(listener) };
}

/**
 * Readers for one suite: `ctx.reader()` connects and joins the seeded story (or `slug`); every
 * reader is disconnected after the suite. `desk` is read lazily (useDesk fills it in beforeAll).
 */
export function useReaders(desk: () => RunningDesk) {
  const readers: LiveClient[] = [];
  afterAll(() => {
    for (const r of readers) r.disconnect();
  });
  return {
    async connect(auth?: Record<string, unknown>): Promise<LiveClient> {
      const reader = await connectReader(desk().url, auth);
      readers.push(reader);
      return reader;
    },
    async reader(slug = SEED_SLUG): Promise<{ reader: LiveClient; snapshot: LiveSnapshot }> {
      const reader = await connectReader(desk().url);
      readers.push(reader);
      return { reader, snapshot: await joinLive(reader, slug) };
    },
  };
}
