"use client";
/**
 * The story's review threads on the desk: loaded once connected (and again after every
 * reconnect, which may have missed changes), kept current by `review:thread` upserts; and the
 * people who may be mentioned. Commands go through the desk's `send` (acks, time-outs).
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Ack, CommentEdit, CommentReply, Mentionable, ReviewThread, SuggestionDecide, ThreadCreate, ThreadResolve } from "@/lib/protocol";
import type { DeskSocket } from "../desk/desk-socket";
import type { useDesk } from "../desk/useDesk";

type Send = ReturnType<typeof useDesk>["send"];

export interface ReviewState {
  threads: ReviewThread[];
  people: Mentionable[];
  createThread: (p: ThreadCreate) => Promise<Ack<ReviewThread>>;
  reply: (p: CommentReply) => Promise<Ack<ReviewThread>>;
  edit: (p: CommentEdit) => Promise<Ack<ReviewThread>>;
  remove: (commentId: number) => Promise<Ack<ReviewThread>>;
  resolve: (p: ThreadResolve) => Promise<Ack<ReviewThread>>;
  decide: (p: SuggestionDecide) => Promise<Ack<{ decided: string[] }>>;
}

const upsert = (threads: ReviewThread[], thread: ReviewThread) =>
  threads.some((t) => t.id === thread.id) ? threads.map((t) => (t.id === thread.id ? thread : t)) : [...threads, thread];

export function useReview(socket: DeskSocket | null, send: Send, connected: boolean): ReviewState {
  const [threads, setThreads] = useState<ReviewThread[]>([]);
  const [people, setPeople] = useState<Mentionable[]>([]);

  useEffect(() => {
    if (!socket) return;
    const onThread = (thread: ReviewThread) => setThreads((all) => upsert(all, thread));
    socket.on("review:thread", onThread);
    return () => {
      socket.off("review:thread", onThread);
    };
  }, [socket]);

  useEffect(() => {
    if (!connected) return;
    let stale = false;
    void send("review:threads", {}).then((ack) => !stale && ack.ok && setThreads(ack.data));
    void send("review:people", {}).then((ack) => !stale && ack.ok && setPeople(ack.data));
    return () => {
      stale = true;
    };
  }, [connected, send]);

  /** Our own change shows at once; the broadcast of the same thread replaces it harmlessly. */
  const keep = useCallback((ack: Ack<ReviewThread>) => {
    if (ack.ok) setThreads((all) => upsert(all, ack.data));
    return ack;
  }, []);

  return useMemo(
    () => ({
      threads,
      people,
      createThread: (p) => send("thread:create", p).then(keep),
      reply: (p) => send("comment:reply", p).then(keep),
      edit: (p) => send("comment:edit", p).then(keep),
      remove: (commentId) => send("comment:delete", { commentId }).then(keep),
      resolve: (p) => send("thread:resolve", p).then(keep),
      decide: (p) => send("suggestion:decide", p),
    }),
    [threads, people, send, keep],
  );
}
