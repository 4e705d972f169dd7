/**
 * The desk's Socket.IO connection as the browser sees it, declared once: every component that
 * holds a desk socket (the desk, the story list, the notification bell) imports this type, and
 * every command goes through `emitCommand`, typed from the contract (lib/protocol/contract.ts).
 */
import type { Socket } from "socket.io-client";
import type { Ack, AckOf, ClientToServerEvents, CommandName, PayloadOf, ServerToClientEvents } from "@/lib/protocol";

export type DeskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface EmitOptions {
  timeoutMs: number;
  /** The error when no ack came in time (the change may or may not have been made). */
  late: string;
  /**
   * The error when the socket is not connected: nothing is sent, so the desk never claims to
   * have saved what it has not. Without it the command waits in Socket.IO's buffer for the
   * reconnect (the time-out still applies).
   */
  offline?: string;
}

/** Sends a command and resolves with its ack: an error ack, never a rejection, when it fails. */
export async function emitCommand<E extends CommandName>(
  socket: DeskSocket | null,
  event: E,
  payload: PayloadOf<E>,
  { timeoutMs, late, offline }: EmitOptions,
): Promise<Ack<AckOf<E>>> {
  if (!socket || (offline !== undefined && !socket.connected)) {
    return { ok: false, error: { code: "INTERNAL", message: offline ?? late } };
  }
  // Socket.IO types each event of the map separately and cannot follow a generic event name;
  // `E` ties the payload and the ack to the same event, which is what its typing checks.
  const timed = socket.timeout(timeoutMs) as unknown as {
    emitWithAck(event: E, payload: PayloadOf<E>): Promise<Ack<AckOf<E>>>;
  };
  try {
    return await timed.emitWithAck(event, payload);
  } catch {
    return { ok: false, error: { code: "INTERNAL", message: late } };
  }
}
