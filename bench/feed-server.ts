/**
 * The server side of `npm run bench:feed`, in its own process so that the 2,000 clients of the
 * load generator distort neither its CPU nor its memory figures:
 *
 *   node --import tsx --expose-gc bench/feed-server.ts <newsdesk|bare> <dir>
 *
 * - newsdesk: the real server (startNode, server/node.ts, without Next; with its read-only /live namespace)
 *   over a throwaway SQLite file `<dir>/desk.db`, migrated and seeded by openStore, as
 *   server/index.ts runs it minus Next.js. Readers join with `live:join`, the editor posts with
 *   `feed:post` (validated, sanitised, stored, acked, then announced to the story's live room).
 * - bare: a plain Socket.IO server of the same version and options. Readers `join` a room; the
 *   editor's `post` is acked and the same LiveUpdate-shaped payload goes out with a plain
 *   `io.to(room).emit("live:update", update)`. No database, no validation: the floor.
 *
 * Both listen on 127.0.0.1:0 and tell the parent { type: "ready", port } over IPC. Requests:
 * { type: "memory" } → { type: "memory", rss, heapUsed } after a full GC; { type: "cpu" } →
 * { type: "cpu", micros } (user + system so far); { type: "stop" } → { type: "stopped" }, exit.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { BARE_ROOM, type System } from "./feed-common";
import { benchLimits, createBenchSession } from "./bench-session";
import { runMain, serveParent, tellParent } from "./child-server";

const [system, dir] = process.argv.slice(2) as [System, string];
process.env.LOG_LEVEL ??= "warn";
const send = tellParent;

interface Running {
  port: number;
  stop(): Promise<void>;
}

const listen = (http: HttpServer) =>
  new Promise<number>((resolve) => http.listen(0, "127.0.0.1", () => resolve((http.address() as AddressInfo).port)));

async function startNewsdesk(): Promise<Running> {
  const { openStore } = await import("../server/db/open-store");
  const { startNode } = await import("../server/node");
  const { loadEnv } = await import("../server/env");
  const store = await openStore(`file:${join(dir, "desk.db")}`, { seed: true });
  await createBenchSession(store);
  // The server factory production uses (server/node.ts), without Next.
  const node = await startNode({ env: loadEnv({ HOST: "127.0.0.1", PORT: "0", MEDIA_DIR: join(dir, "media") }), store, limits: await benchLimits() });
  return {
    port: node.port,
    async stop() {
      await node.shutdown();
      await store.close();
    },
  };
}

async function startBare(): Promise<Running> {
  const { Server } = await import("socket.io");
  const http = createServer();
  // The options Newsdesk's Socket.IO server uses (server/realtime/create-realtime.ts), so only the application differs.
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1_000_000 });
  let id = 0;
  io.on("connection", (socket) => {
    socket.on("join", (_payload: unknown, ack: (r: unknown) => void) => {
      void socket.join(BARE_ROOM);
      ack({ ok: true, data: null });
    });
    socket.on("post", ({ body }: { body: string }, ack: (r: unknown) => void) => {
      const update = {
        id: ++id,
        storyId: "bench-story",
        authorName: "Bench editor",
        bodyHtml: body,
        bodyText: body.replace(/<[^>]*>/g, ""),
        cardId: null,
        keyEvent: false,
        version: 1,
        publishedAt: new Date().toISOString(),
        editedAt: null,
        correctedAt: null,
        correctionNote: null,
      };
      ack({ ok: true, data: update });
      io.to(BARE_ROOM).emit("live:update", update);
    });
  });
  const port = await listen(http);
  return { port, stop: () => new Promise<void>((resolve) => io.close(() => resolve())) };
}

async function memory() {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 100));
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

async function main(): Promise<void> {
  if (!dir || (system !== "newsdesk" && system !== "bare")) throw new Error("usage: feed-server.ts <newsdesk|bare> <dir>");
  const running = system === "newsdesk" ? await startNewsdesk() : await startBare();
  serveParent(running, (msg) => {
    if (msg.type === "memory") void memory().then((m) => send({ type: "memory", ...m }));
    if (msg.type === "cpu") {
      const { user, system: sys } = process.cpuUsage();
      send({ type: "cpu", micros: user + sys });
    }
  });
}

runMain(main);
