"use client";
/**
 * The bell in the page header, on every desk page (story list, desk, account, admin): it keeps
 * its own desk socket, joined to no story, to hear the signed-in person's notifications (the
 * server sends them to all of that person's sockets, on every process).
 */
import { useEffect, useState } from "react";
import { io } from "socket.io-client";
import { PROTOCOL_VERSION } from "@/lib/protocol";
import type { DeskSocket } from "../desk/desk-socket";
import { NotificationBell } from "./NotificationBell";

export function HeaderBell() {
  const [socket, setSocket] = useState<DeskSocket | null>(null);
  useEffect(() => {
    const s: DeskSocket = io({ auth: { protocol: PROTOCOL_VERSION }, reconnectionDelayMax: 10_000 });
    // Handed over once connected (a subscription's callback, not a render-time effect).
    s.once("connect", () => setSocket(s));
    return () => {
      s.removeAllListeners();
      s.disconnect();
      setSocket(null);
    };
  }, []);
  return <NotificationBell socket={socket} />;
}
