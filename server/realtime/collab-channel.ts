/**
 * The card-text WebSocket (`/collab`, frames in lib/protocol/collab-frames.ts). It belongs to a
 * desk socket of this process, named in `?sid=`, and lives no longer than it: the desk socket
 * holds who the user is (session, role), which story they joined and their rate budget, and when
 * it goes (signed out, role changed, story left for another process) the channel closes too. So a
 * channel needs no session lookup of its own; its handshake only has to prove it comes from the
 * same browser session (the same session cookie) and an allowed origin.
 *
 * Why a socket of its own: every keystroke is one binary frame each way here, against a Socket.IO
 * event with a JSON header, an ack id and a callback per update (bench/RESULTS.md, issue 12).
 */
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { parse } from "cookie";
import { WebSocketServer, type WebSocket } from "ws";
import { SESSION_COOKIE } from "../../lib/protocol/auth";
import { COLLAB_CLOSE, COLLAB_PATH, decodeClientFrame, FRAME, type ClientFrame } from "../../lib/protocol/collab-frames";
import { PROTOCOL_VERSION } from "../../lib/protocol/events";
import type { RateLimits } from "../domain/rate-limits";
import { DomainError } from "../domain/errors";
import { loggerFor } from "../logger";
import { metrics } from "../ops/metrics";
import { CollabSession, type CollabDeps } from "./collab-handlers";
import type { RoomMember } from "./collab-rooms";
import { refusedOrigin, type OriginPolicy } from "./origin";
import type { StoryGuard } from "./story-guard";
import type { DeskServer, DeskSocket } from "./types";

const log = loggerFor("collab");

/** Above this a frame closes the connection (as Socket.IO's frame ceiling did); below it, a clear error. */
const MAX_FRAME_BYTES = 1_000_000;
/** Cursors are dropped while this much is still waiting to be sent to a slow client. */
const LOSSY_BACKLOG_BYTES = 64 * 1024;
/**
 * A ping this often keeps an idle channel open through proxies (nginx closes a silent one after
 * 60 s by default) and ends one whose client vanished without closing (no pong by the next ping),
 * as Socket.IO's own heartbeat does for the desk socket.
 */
const HEARTBEAT_MS = 25_000;

/** The events counter of each frame kind, bound once (labelling it per frame cost a hash each time). */
const EVENT_COUNTERS = {
  [FRAME.OPEN]: metrics.events.labels({ event: "collab:open" }),
  [FRAME.UPDATE]: metrics.events.labels({ event: "collab:sync" }),
  [FRAME.AWARENESS]: metrics.events.labels({ event: "collab:awareness" }),
  [FRAME.CLOSE]: metrics.events.labels({ event: "collab:close" }),
};

/**
 * Runs `handle` on each frame in arrival order: at once while nothing is pending, so a keystroke
 * whose checks are answered from memory costs no promise; a frame that has to wait (a lookup, a
 * document loading) holds the frames after it until it is done.
 */
function frameQueue(handle: (frame: ClientFrame) => Promise<void> | void, failed: (err: unknown) => void): (frame: ClientFrame) => void {
  const backlog: ClientFrame[] = [];
  let busy = false;
  const drain = () => {
    busy = true;
    while (backlog.length > 0) {
      let pending: Promise<void> | void = undefined;
      try {
        pending = handle(backlog.shift()!);
      } catch (err) {
        failed(err);
      }
      if (pending) {
        pending.catch(failed).finally(drain);
        return;
      }
    }
    busy = false;
  };
  return (frame) => {
    backlog.push(frame);
    if (!busy) drain();
  };
}

export interface ChannelDeps extends CollabDeps, OriginPolicy {
  io: DeskServer;
  limits: RateLimits;
  guard: StoryGuard;
}

function reject(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

/** The desk socket a handshake belongs to, or why it may not open a channel. */
function deskOf(req: IncomingMessage, deps: ChannelDeps): DeskSocket | { status: number; reason: string } {
  const url = new URL(req.url ?? "/", "http://desk");
  if (url.searchParams.get("protocol") !== String(PROTOCOL_VERSION)) {
    return { status: 400, reason: `PROTOCOL_MISMATCH: this server speaks protocol ${PROTOCOL_VERSION}; reload the page` };
  }
  const refused = refusedOrigin(req, deps);
  if (refused) return { status: 403, reason: `FORBIDDEN: ${refused}` };
  const desk = deps.io.of("/").sockets.get(url.searchParams.get("sid") ?? "");
  if (!desk) return { status: 404, reason: "NOT_FOUND: no desk connection with that id on this server" };
  const token = parse(req.headers.cookie ?? "")[SESSION_COOKIE];
  const deskToken = parse(desk.request.headers.cookie ?? "")[SESSION_COOKIE];
  if (!token || token !== deskToken) return { status: 403, reason: "FORBIDDEN: that desk connection belongs to another session" };
  return desk;
}

/** Serves `/collab` on the HTTP server; returns a function that closes every channel. */
export function attachCollabChannels(httpServer: HttpServer, deps: ChannelDeps): () => void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const channels = new Map<DeskSocket, WebSocket>();
  let nextId = 0;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith(COLLAB_PATH) || (req.url.length > COLLAB_PATH.length && req.url[COLLAB_PATH.length] !== "?")) return;
    const desk = deskOf(req, deps);
    if (!("id" in desk)) return reject(socket, desk.status, desk.reason);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!desk.connected) return ws.close(COLLAB_CLOSE.DESK_GONE, "desk connection closed");
      // One channel per desk connection: a newer one (the client reconnected) replaces the older.
      channels.get(desk)?.close(COLLAB_CLOSE.DESK_GONE, "replaced by a newer channel");
      channels.set(desk, ws);
      serve(ws, desk, `${desk.id}#${++nextId}`);
    });
  };
  httpServer.on("upgrade", onUpgrade);
  const alive = new WeakSet<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function serve(ws: WebSocket, desk: DeskSocket, id: string): void {
    const member: RoomMember = {
      id,
      send(frame, lossy) {
        if (ws.readyState !== ws.OPEN || (lossy && ws.bufferedAmount > LOSSY_BACKLOG_BYTES)) return;
        ws.send(frame);
      },
    };
    const session = new CollabSession(member, desk, deps);
    alive.add(ws);
    ws.on("pong", () => alive.add(ws));
    const inOrder = frameQueue((frame) => checked(frame), (err) => log.error({ err, channel: id }, "a card-text frame failed"));
    const onDeskGone = () => ws.close(COLLAB_CLOSE.DESK_GONE, "desk connection closed");
    desk.once("disconnect", onDeskGone);

    ws.on("message", (data, isBinary) => {
      const bytes = !isBinary ? null : Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      let frame: ClientFrame;
      try {
        if (!bytes) throw new Error("text frame");
        frame = decodeClientFrame(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch {
        metrics.events.inc({ event: "unknown" });
        log.warn({ channel: id }, "unreadable card-text frame; closing the channel");
        ws.close(COLLAB_CLOSE.MALFORMED, "unreadable frame");
        return;
      }
      EVENT_COUNTERS[frame.kind].inc();
      inOrder(frame);
    });

    /**
     * The checks every desk event passes (./auth.ts eventGuard, ./story-guard.ts), then the frame.
     * Synchronous while the story's state is cached and the card is open: no promise per keystroke.
     */
    function checked(frame: ClientFrame): Promise<void> | void {
      const { user, expiresAt, storyId } = desk.data;
      if (!user || expiresAt < Date.now()) {
        ws.close(COLLAB_CLOSE.UNAUTHORIZED, "session expired");
        setTimeout(() => desk.disconnect(true), 0);
        return;
      }
      if (frame.kind !== FRAME.CLOSE) {
        let storyChecked: Promise<void> | void;
        try {
          const wait = deps.limits.socketEvents.take(user.id);
          if (wait > 0) throw new DomainError("RATE_LIMITED", `Too many changes at once; wait ${wait} s`);
          storyChecked = storyId ? deps.guard.checkText(desk, storyId, user) : undefined;
        } catch (err) {
          return session.refuseFrame(frame, err);
        }
        if (storyChecked) return storyChecked.then(() => session.handle(frame), (err: unknown) => session.refuseFrame(frame, err));
      }
      return session.handle(frame);
    }

    ws.on("close", () => {
      desk.off("disconnect", onDeskGone);
      if (channels.get(desk) === ws) channels.delete(desk);
      session.closeAll().catch((err: unknown) => log.warn({ err, channel: id }, "closing a card-text channel failed"));
    });
    ws.on("error", (err) => log.debug({ err, channel: id }, "card-text channel error"));
  }

  return () => {
    clearInterval(heartbeat);
    httpServer.off("upgrade", onUpgrade);
    for (const ws of wss.clients) ws.terminate();
    wss.close();
  };
}
