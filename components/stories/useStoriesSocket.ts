"use client";
/**
 * A desk socket outside any story (the list, the new-story page): connects with the protocol
 * version, and sends commands resolving with their acks (an error ack when offline or on time-out).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type ServerToClientEvents } from "@/lib/protocol";

export type ListSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Command = Exclude<keyof ClientToServerEvents, "presence:update">;
type PayloadOf<E extends Command> = Parameters<ClientToServerEvents[E]>[0];
type DataOf<E extends Command> = Parameters<ClientToServerEvents[E]>[1] extends (r: Ack<infer T>) => void ? T : never;

const ACK_TIMEOUT_MS = 15_000;

export function useStoriesSocket(onConnect?: (socket: ListSocket) => void) {
  const ref = useRef<ListSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const connectRef = useRef(onConnect);
  useEffect(() => {
    connectRef.current = onConnect;
  });

  useEffect(() => {
    const socket: ListSocket = io({ auth: { protocol: PROTOCOL_VERSION } });
    ref.current = socket;
    socket.on("connect", () => {
      setConnected(true);
      connectRef.current?.(socket);
    });
    socket.on("disconnect", () => setConnected(false));
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
      ref.current = null;
    };
  }, []);

  const send = useCallback(async <E extends Command>(event: E, payload: PayloadOf<E>): Promise<Ack<DataOf<E>>> => {
    const socket = ref.current;
    if (!socket?.connected) return { ok: false, error: { code: "INTERNAL", message: "Not connected: nothing was sent. Try again in a moment." } };
    try {
      const timed = socket.timeout(ACK_TIMEOUT_MS) as unknown as { emitWithAck: (e: E, p: PayloadOf<E>) => Promise<Ack<DataOf<E>>> };
      return await timed.emitWithAck(event, payload);
    } catch {
      return { ok: false, error: { code: "INTERNAL", message: "The server did not answer in time; nothing may have been saved." } };
    }
  }, []);

  return { socket: ref, connected, send };
}
