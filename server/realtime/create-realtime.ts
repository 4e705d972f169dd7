/**
 * Builds the realtime server on an existing HTTP server. `server/index.ts` wires it to the
 * Next.js server; tests build it on a bare HTTP server on port 0.
 */
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { CLIENT_EVENTS, PROTOCOL_VERSION } from "../../lib/protocol/events";
import { LIMITS } from "../../lib/protocol/schemas";
import { loggerFor } from "../logger";
import { ackOf } from "./command";
import { registerDeskHandlers, type DeskDeps } from "./desk-handlers";
import type { DeskServer, DeskSocket } from "./types";

const log = loggerFor("realtime");
const known = new Set<string>(CLIENT_EVENTS);

/** Transport ceiling: a frame above this closes the connection (Socket.IO's own rule). */
const MAX_FRAME_BYTES = 1_000_000;

function payloadBytes(args: unknown[]): number {
  try {
    return Buffer.byteLength(JSON.stringify(args.filter((a) => typeof a !== "function")) ?? "");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Refuses unknown events and oversized payloads with an error ack before any handler runs. */
function guardEvents(socket: DeskSocket): void {
  socket.use(([event, ...args], next) => {
    const ack = ackOf(args.at(-1));
    if (!known.has(event)) {
      log.warn({ event: String(event).slice(0, 64), socket: socket.id }, "unknown event");
      ack({ ok: false, error: { code: "UNKNOWN_EVENT", message: `Unknown event "${String(event).slice(0, 64)}"` } });
      return;
    }
    if (payloadBytes(args) > LIMITS.eventBytesMax) {
      ack({
        ok: false,
        error: { code: "PAYLOAD_TOO_LARGE", message: `Payload is larger than ${LIMITS.eventBytesMax / 1024} KB` },
      });
      return;
    }
    next();
  });
}

export function createRealtime(httpServer: HttpServer, deps: DeskDeps): DeskServer {
  const io: DeskServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // No connection-state recovery on purpose: a reconnecting client joins again and gets the
    // whole story in the join ack, which is correct after any gap, however long.
  });

  io.use((socket, next) => {
    const protocol = (socket.handshake.auth as { protocol?: unknown } | undefined)?.protocol;
    if (protocol !== PROTOCOL_VERSION) {
      next(new Error(`PROTOCOL_MISMATCH: this server speaks protocol ${PROTOCOL_VERSION}; reload the page`));
      return;
    }
    next();
  });

  io.on("connection", (socket) => {
    socket.data = { name: null, clientId: null, storyId: null, editingCardId: null };
    guardEvents(socket);
    registerDeskHandlers(io, socket, deps);
  });

  return io;
}
