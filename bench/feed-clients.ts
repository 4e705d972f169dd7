/**
 * The clients of `npm run bench:feed`: read-only readers (one WebSocket connection each,
 * socket.io-client with transports ["websocket"]) joined to the story's live room, and one
 * editor who posts. Every reader stamps each `live:update` on arrival with performance.now(), in
 * this process, the same clock that stamped the post.
 */
import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION } from "../lib/protocol/events";
import { LIVE_NAMESPACE } from "../lib/protocol/feed";
import { benchCookie } from "./bench-session";
import { BARE_ROOM, SLUG, type System } from "./feed-common";

const CONNECT_TIMEOUT_MS = 60_000;
const ACK_TIMEOUT_MS = 60_000;

type Ack = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

function open(url: string): Promise<Socket> {
  const socket = io(url, {
    auth: { protocol: PROTOCOL_VERSION },
    extraHeaders: { cookie: benchCookie() },
    transports: ["websocket"],
    reconnection: false,
    // One connection per client: without this, socket.io-client multiplexes them all on one.
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

async function ask(socket: Socket, event: string, payload: unknown): Promise<unknown> {
  const ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack;
  if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Arrivals of each post at the readers, by the post's token (the first word of its text). */
export class Arrivals {
  private readonly byToken = new Map<string, { times: number[]; want: number; done: () => void }>();

  /** Resolves when `want` readers have the post, or after `timeoutMs` with what arrived. */
  expect(token: string, want: number, timeoutMs: number): Promise<number[]> {
    return new Promise((resolve) => {
      const times: number[] = [];
      const timer = setTimeout(finish, timeoutMs);
      function finish() {
        clearTimeout(timer);
        resolve(times);
      }
      this.byToken.set(token, { times, want, done: finish });
    });
  }

  forget(token: string): void {
    this.byToken.delete(token);
  }

  /** Called by every reader's listener: stamps first, then looks the post up. */
  arrived(text: string): void {
    const at = performance.now();
    const space = text.indexOf(" ");
    const entry = this.byToken.get(space === -1 ? text : text.slice(0, space));
    if (!entry) return;
    entry.times.push(at);
    if (entry.times.length === entry.want) entry.done();
  }
}

export interface Readers {
  count: number;
  /** Wall time to connect and join them all. */
  rampMs: number;
  close(): void;
}

/**
 * Connects `n` readers in batches of `batch` (each batch connected and joined before the next
 * starts, so the server is never hit by thousands of handshakes at once).
 */
export async function connectReaders(
  system: System,
  port: number,
  n: number,
  batch: number,
  arrivals: Arrivals,
  progress: (done: number) => void = () => {},
): Promise<Readers> {
  const base = `http://127.0.0.1:${port}`;
  const sockets: Socket[] = [];
  const t0 = performance.now();
  const one = async () => {
    const socket = await open(system === "newsdesk" ? base + LIVE_NAMESPACE : base);
    sockets.push(socket);
    if (system === "newsdesk") await ask(socket, "live:join", { slug: SLUG });
    else await ask(socket, "join", { room: BARE_ROOM });
    socket.on("live:update", (update: { bodyText: string }) => arrivals.arrived(update.bodyText));
  };
  try {
    for (let i = 0; i < n; i += batch) {
      await Promise.all(Array.from({ length: Math.min(batch, n - i) }, one));
      progress(Math.min(n, i + batch));
    }
  } catch (err) {
    for (const s of sockets) s.disconnect();
    throw err;
  }
  return {
    count: sockets.length,
    rampMs: performance.now() - t0,
    close: () => sockets.forEach((s) => s.disconnect()),
  };
}

export interface Editor {
  /** Posts `body`; resolves with the ack's round trip in ms. */
  post(body: string): Promise<number>;
  close(): void;
}

export async function connectEditor(system: System, port: number): Promise<Editor> {
  const socket = await open(`http://127.0.0.1:${port}`);
  if (system === "newsdesk") await ask(socket, "story:join", { slug: SLUG, clientId: "bench-editor-0001" });
  const event = system === "newsdesk" ? "feed:post" : "post";
  return {
    async post(body) {
      const t0 = performance.now();
      await ask(socket, event, { body });
      return performance.now() - t0;
    },
    close: () => void socket.disconnect(),
  };
}

/** A post of about 600 bytes of HTML, as an editor writes them during a live event. */
export function postBody(token: string): string {
  return (
    `<p>${token} <strong>Petro and Trump</strong> leave the Oval Office after 90 minutes; ` +
    `aides say the talks covered <em>drug trafficking, the boat strikes, Venezuela and oil</em>.</p>` +
    `<p>A joint statement is expected within the hour. Colombia's foreign minister told reporters ` +
    `the meeting was "frank and long overdue"; the White House has not commented yet.</p>` +
    `<ul><li>Next: press availability at 15.00 ET</li><li><a href="https://example.com/statement">Read the statement</a></li></ul>`
  );
}
