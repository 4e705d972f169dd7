/** Socket.IO types of the desk server, built from the shared event contract. */
import type { Server, Socket } from "socket.io";
import type { SessionUser } from "../../lib/protocol/auth";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/protocol/events";

/** What the server remembers about each connected browser (readable across processes via fetchSockets). */
export interface SocketData {
  /** The signed-in account (set by the connection middleware; never null on a connected desk socket). */
  user: SessionUser | null;
  sessionId: string | null;
  /** When the session expires (ms since epoch): later events are refused. */
  expiresAt: number;
  name: string | null;
  clientId: string | null;
  storyId: string | null;
  editingCardId: string | null;
}

/**
 * Between server processes (through the Redis adapter's `serverSideEmit`). Payloads come from
 * another process and are validated on receipt all the same (server/collab/cross-process.ts).
 */
export interface InterServerEvents {
  /** A card-text update this process stored: row `id` of the card's log (`update` in base64). */
  "collab:stored": (announcement: { cardId: string; id: number; update: string }) => void;
  /** Cursors on a card (an awareness update, base64), already stamped by the sender's process. */
  "collab:awareness": (announcement: { cardId: string; message: string }) => void;
  /** Something readers see changed: drop the public snapshots it touches (server/realtime/broadcasts.ts). */
  "public:changed": (change: { storyId: string; cardId?: string }) => void;
  /** One process's reader counts, every few seconds (server/public/audience.ts). */
  "public:audience": (report: { process: string; at: number; counts: Record<string, number> }) => void;
}

export type DeskServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type DeskSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
