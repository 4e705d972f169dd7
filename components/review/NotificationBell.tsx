"use client";
/**
 * The bell: the signed-in person's notifications (mentions, replies) with the unread count,
 * kept current live on every open tab — the server sends new ones and read marks to all of the
 * person's sockets, on every process. Each links to its thread; opening one marks it read. Email
 * for them can be turned on or off here (sent only when the server has SMTP configured).
 */
import { useEffect, useId, useRef, useState } from "react";
import { formatDateTime } from "@/lib/format/time";
import { threadHref, type NotificationsState, type PayloadOf } from "@/lib/protocol";
import { emitCommand, type DeskSocket } from "../desk/desk-socket";

const EMPTY: NotificationsState = { unread: 0, items: [], email: true };

/** Notifications are the person's, not the story's: these commands wait out a reconnect rather than fail. */
const ask = <E extends "notifications:list" | "notifications:read" | "notifications:email">(socket: DeskSocket, event: E, payload: PayloadOf<E>) =>
  emitCommand(socket, event, payload, { timeoutMs: 10_000, late: "No answer from the server" });

export function NotificationBell({ socket }: { socket: DeskSocket | null }) {
  const [state, setState] = useState<NotificationsState>(EMPTY);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!socket) return;
    const load = () => void ask(socket, "notifications:list", {}).then((ack) => ack.ok && setState(ack.data));
    const onNew = ({ notification, unread }: { notification: NotificationsState["items"][number]; unread: number }) =>
      setState((s) => ({ ...s, unread, items: [notification, ...s.items.filter((n) => n.id !== notification.id)] }));
    const onRead = ({ ids, unread }: { ids: number[]; unread: number }) =>
      setState((s) => ({ ...s, unread, items: s.items.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)) }));
    if (socket.connected) load();
    socket.on("connect", load);
    socket.on("notification:new", onNew);
    socket.on("notification:read", onRead);
    return () => {
      socket.off("connect", load);
      socket.off("notification:new", onNew);
      socket.off("notification:read", onRead);
    };
  }, [socket]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const markRead = (ids: number[] | "all") => socket && void ask(socket, "notifications:read", { ids });

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Notifications, ${state.unread} unread`}
        data-testid="bell"
        onClick={() => setOpen(!open)}
        className="relative rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50"
      >
        {/* A drawn bell: emoji fonts are not on every machine. */}
        <svg aria-hidden="true" viewBox="0 0 24 24" className="inline h-4 w-4 align-[-2px]" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {state.unread > 0 && (
          <span data-testid="bell-count" className="ml-1 rounded-full bg-red-700 px-1.5 text-xs font-semibold text-white">
            {state.unread}
          </span>
        )}
      </button>
      {open && (
        <div id={panelId} role="region" aria-label="Notifications" className="absolute left-0 z-30 mt-1 w-80 max-w-[calc(100vw-2rem)] rounded sm:left-auto sm:right-0 border border-slate-300 bg-white p-2 text-sm shadow-lg">
          <div className="mb-1 flex items-center justify-between">
            <strong className="text-xs">Notifications</strong>
            {state.unread > 0 && (
              <button type="button" className="text-xs underline" onClick={() => markRead("all")}>
                Mark all read
              </button>
            )}
          </div>
          {state.items.length === 0 ? (
            <p className="text-xs text-slate-600">Nothing yet. You are told here when someone mentions you or replies to you.</p>
          ) : (
            <ul className="max-h-80 space-y-1 overflow-y-auto">
              {state.items.map((n) => (
                <li key={n.id}>
                  <a
                    href={threadHref(n)}
                    data-testid="notification"
                    onClick={() => !n.read && markRead([n.id])}
                    className={`block rounded px-2 py-1 hover:bg-slate-100 ${n.read ? "text-slate-600" : "bg-amber-50 font-medium text-slate-900"}`}
                  >
                    {n.actorName} {n.kind === "mention" ? "mentioned you" : "replied"}: “{n.excerpt}”
                    <span className="block text-xs font-normal text-slate-600">{formatDateTime(n.createdAt)}</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <label className="mt-2 flex items-center gap-2 border-t border-slate-200 pt-2 text-xs">
            <input
              type="checkbox"
              checked={state.email}
              onChange={(e) => {
                const email = e.target.checked;
                setState((s) => ({ ...s, email }));
                if (socket) void ask(socket, "notifications:email", { email });
              }}
            />
            Also by email (a summary, not one per comment)
          </label>
        </div>
      )}
    </div>
  );
}
