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

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events yet
export type DeskServer = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type DeskSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>;

export const storyRoom = (storyId: string) => `story:${storyId}`;
