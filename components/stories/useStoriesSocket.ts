"use client";
/**
 * A desk socket outside any story (the list, the new-story page): connects with the protocol
 * version, and sends commands resolving with their acks (an error ack when offline or on time-out).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";
import { PROTOCOL_VERSION, type Ack, type AckOf, type CommandName, type PayloadOf } from "@/lib/protocol";
import { emitCommand, type DeskSocket } from "../desk/desk-socket";

const ACK_TIMEOUT_MS = 15_000;

export function useStoriesSocket(onConnect?: (socket: DeskSocket) => void) {
  const ref = useRef<DeskSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const connectRef = useRef(onConnect);
  useEffect(() => {
    connectRef.current = onConnect;
  });

  useEffect(() => {
    const socket: DeskSocket = io({ auth: { protocol: PROTOCOL_VERSION } });
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

  const send = useCallback(
    <E extends CommandName>(event: E, payload: PayloadOf<E>): Promise<Ack<AckOf<E>>> =>
      emitCommand(ref.current, event, payload, {
        timeoutMs: ACK_TIMEOUT_MS,
        offline: "Not connected: nothing was sent. Try again in a moment.",
        late: "The server did not answer in time; nothing may have been saved.",
      }),
    [],
  );

  return { socket: ref, connected, send };
}
