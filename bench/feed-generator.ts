/**
 * One load-generator process of `npm run bench:feed` (bench/feed-generators.ts forks several, so
 * that 10,000 readers' sockets are spread over cores and the generator is not the bottleneck).
 * It holds readers (socket.io-client, WebSocket only), joins them, and reports when each watched
 * post reached its readers. Times are epoch milliseconds with sub-millisecond precision
 * (performance.timeOrigin + performance.now()), comparable across processes of one machine.
 *
 * IPC requests (each with an `id`, answered with the same `id`):
 *   { type: "connect", system, port, n, batch }     → { count, errors }
 *   { type: "storm", system, port, n, spreadMs }    → { count, errors, lastJoinedAt }
 *   { type: "watch", token, timeoutMs }             → { watching: true } at once, then { times }
 *                                                     once every reader of this process has it
 *   { type: "close" }                               → {}
 */
import { io, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION } from "../lib/protocol/events";
import { LIVE_NAMESPACE } from "../lib/protocol/feed";
import { BARE_ROOM, SLUG, type System } from "./feed-common";

const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
const watches = new Map<string, { times: number[]; want: number; done: () => void }>();

function open(url: string): Promise<Socket> {
  const socket = io(url, { auth: { protocol: PROTOCOL_VERSION }, transports: ["websocket"], reconnection: false, forceNew: true, timeout: 60_000 });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.disconnect();
      reject(err);
    });
  });
}

/** One reader: connected, joined, listening. Resolves when it has the snapshot (or the join ack). */
async function reader(system: System, port: number): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const socket = await open(system === "newsdesk" ? base + LIVE_NAMESPACE : base);
  sockets.push(socket);
  const ack = (await socket.timeout(60_000).emitWithAck(system === "newsdesk" ? "live:join" : "join", system === "newsdesk" ? { slug: SLUG } : { room: BARE_ROOM })) as { ok: boolean };
  if (!ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`);
  socket.on("live:update", (update: { bodyText: string }) => {
    const at = now();
    const space = update.bodyText.indexOf(" ");
    const w = watches.get(space === -1 ? update.bodyText : update.bodyText.slice(0, space));
    if (!w) return;
    w.times.push(at);
    if (w.times.length === w.want) w.done();
  });
}

async function connect(system: System, port: number, n: number, batch: number) {
  let errors = 0;
  for (let i = 0; i < n; i += batch) {
    const results = await Promise.allSettled(Array.from({ length: Math.min(batch, n - i) }, () => reader(system, port)));
    errors += results.filter((r) => r.status === "rejected").length;
  }
  return { count: sockets.length, errors };
}

/** `n` readers, each arriving at a uniformly random moment within `spreadMs`. */
async function storm(system: System, port: number, n: number, spreadMs: number) {
  let errors = 0;
  let lastJoinedAt = 0;
  const firstError: string[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      await new Promise((r) => setTimeout(r, Math.random() * spreadMs));
      try {
        await reader(system, port);
        lastJoinedAt = Math.max(lastJoinedAt, now());
      } catch (err) {
        errors++;
        if (firstError.length === 0) firstError.push(String((err as Error).message ?? err));
      }
    }),
  );
  return { count: sockets.length, errors, lastJoinedAt, firstError: firstError[0] ?? null };
}

function watch(token: string, timeoutMs: number): Promise<{ times: number[] }> {
  return new Promise((resolve) => {
    const times: number[] = [];
    const finish = () => {
      clearTimeout(timer);
      watches.delete(token);
      resolve({ times });
    };
    const timer = setTimeout(finish, timeoutMs);
    watches.set(token, { times, want: sockets.length, done: finish });
  });
}

process.on("message", (msg: { id: number; type: string; [k: string]: unknown }) => {
  const reply = (data: object) => process.send?.({ id: msg.id, ...data });
  const fail = (err: unknown) => process.send?.({ id: msg.id, error: String((err as Error)?.message ?? err) });
  if (msg.type === "connect") connect(msg.system as System, msg.port as number, msg.n as number, msg.batch as number).then(reply, fail);
  else if (msg.type === "storm") storm(msg.system as System, msg.port as number, msg.n as number, msg.spreadMs as number).then(reply, fail);
  // Answered twice: at once (so the parent posts only once every generator listens), then with the times.
  else if (msg.type === "watch") {
    const done = watch(msg.token as string, msg.timeoutMs as number);
    reply({ watching: true });
    void done.then((r) => process.send?.({ id: msg.id, done: true, ...r }));
  } else if (msg.type === "close") {
    for (const s of sockets.splice(0)) s.disconnect();
    reply({});
  } else if (msg.type === "exit") process.exit(0);
});
// The parent is gone (finished or killed): nothing more to generate.
process.on("disconnect", () => process.exit(0));
process.send?.({ type: "ready" });
