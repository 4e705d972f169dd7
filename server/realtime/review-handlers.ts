/**
 * Review events of the desk: threads and comments (to the story room, desk sockets only — the
 * public /live namespace is another namespace and never hears them), deciding on suggestions, and
 * the signed-in person's notifications (to their user room, so every tab on every process hears
 * them through the adapter).
 */
import { z } from "zod";
import {
  ZCommentDelete,
  ZCommentEdit,
  ZCommentReply,
  ZNotificationPrefs,
  ZNotificationsRead,
  ZSuggestionDecide,
  ZThreadCreate,
  ZThreadList,
  ZThreadResolve,
} from "../../lib/protocol/review";
import type { DecideSuggestions } from "../collab/card-suggestions";
import { DomainError } from "../domain/errors";
import { markRead, notificationsOf, storeNotifications } from "../domain/notifications";
import * as review from "../domain/review";
import { decideSuggestions } from "../domain/suggestion-review";
import type { DeskStore } from "../store/types";
import type { NewNotification } from "../store/review-types";
import { userRoom } from "./auth";
import { actorOf, command, type SocketQueue } from "./command";
import { storyRoom, type DeskServer, type DeskSocket } from "./types";

export interface ReviewDeps {
  store: DeskStore;
  anchorOk: review.AnchorCheck;
  decide: DecideSuggestions;
  /** Called with every stored notification (the mailer's nudge); optional. */
  onNotified?: () => void;
}

const ZEmpty = z.object({}).strict().optional().default({});

export function registerReviewHandlers(io: DeskServer, socket: DeskSocket, deps: ReviewDeps, inOrder: SocketQueue): void {
  const { store } = deps;
  const actor = () => {
    const a = actorOf(socket);
    return { ...a, id: a.id! };
  };
  const me = () => {
    const user = socket.data.user;
    if (!user) throw new DomainError("UNAUTHORIZED", "Sign in to use the desk");
    return user;
  };

  /** Acknowledge, then tell the desk and the people concerned. */
  const shared = async (outcome: { thread: review.CommentOutcome["thread"]; notify?: NewNotification[] }) => {
    const delivered = await storeNotifications(store, outcome.notify ?? []);
    return {
      data: outcome.thread,
      broadcast: () => {
        io.to(storyRoom(outcome.thread.storyId)).emit("review:thread", outcome.thread);
        for (const d of delivered) io.to(userRoom(d.userId)).emit("notification:new", { notification: d.notification, unread: d.unread });
        if (delivered.length > 0) deps.onNotified?.();
      },
    };
  };

  socket.on("review:threads", command(inOrder, "review:threads", ZThreadList, async ({ cardId }) => ({ data: await review.listThreads(store, actor(), cardId) })));

  socket.on(
    "review:people",
    command(inOrder, "review:people", ZEmpty, async () => {
      const story = await store.findStoryById(actor().storyId);
      return { data: story ? await review.mentionable(store, story) : [] };
    }),
  );

  socket.on("thread:create", command(inOrder, "thread:create", ZThreadCreate, async (input) => shared(await review.createThread(store, actor(), input, deps.anchorOk))));
  socket.on("comment:reply", command(inOrder, "comment:reply", ZCommentReply, async (input) => shared(await review.reply(store, actor(), input))));
  socket.on("comment:edit", command(inOrder, "comment:edit", ZCommentEdit, async (input) => shared(await review.editComment(store, actor(), input))));
  socket.on(
    "comment:delete",
    command(inOrder, "comment:delete", ZCommentDelete, async ({ commentId }) => shared({ thread: await review.deleteComment(store, actor(), commentId) })),
  );
  socket.on("thread:resolve", command(inOrder, "thread:resolve", ZThreadResolve, async (input) => shared({ thread: await review.resolveThread(store, actor(), input) })));

  socket.on(
    "suggestion:decide",
    command(inOrder, "suggestion:decide", ZSuggestionDecide, async (input) => ({ data: await decideSuggestions(store, actor(), input, deps.decide) })),
  );

  socket.on("notifications:list", command(inOrder, "notifications:list", ZEmpty, async () => ({ data: await notificationsOf(store, me().id) })));

  socket.on(
    "notifications:read",
    command(inOrder, "notifications:read", ZNotificationsRead, async ({ ids }) => {
      const user = me();
      const result = await markRead(store, user.id, ids);
      return { data: result, broadcast: () => io.to(userRoom(user.id)).emit("notification:read", result) };
    }),
  );

  socket.on(
    "notifications:email",
    command(inOrder, "notifications:email", ZNotificationPrefs, async ({ email }) => {
      await store.review.setEmailPreference(me().id, email);
      return { data: { email } };
    }),
  );
}
