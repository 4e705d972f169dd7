/** Socket.IO types of the desk server, built from the shared event contract. */
import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/protocol/events";

/** What the server remembers about each connected browser (readable across processes via fetchSockets). */
export interface SocketData {
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
