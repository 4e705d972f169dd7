/**
 * Notifications: stored per person, counted unread, marked read. Delivery to the person's open
 * tabs is the realtime layer's (their user room, on every process through the adapter); email is
 * the batched mailer's (server/mail/notification-mailer.ts).
 */
import { REVIEW_LIMITS, type NotificationsState, type ReviewNotification } from "../../lib/protocol/review";
import type { NewNotification, NotificationRecord } from "../store/review-types";
import type { DeskStore } from "../store/types";

export function toReviewNotification(n: NotificationRecord): ReviewNotification {
  return {
    id: n.id,
    kind: n.kind === "reply" ? "reply" : "mention",
    storyId: n.storyId,
    storySlug: n.storySlug,
    cardId: n.cardId,
    threadId: n.threadId,
    commentId: n.commentId,
    actorName: n.actorName,
    excerpt: n.excerpt,
    createdAt: n.createdAt.toISOString(),
    read: n.readAt !== null,
  };
}

export interface Delivered {
  userId: string;
  notification: ReviewNotification;
  unread: number;
}

/** Stores the notifications; returns each with its person's new unread count, for delivery. */
export async function storeNotifications(store: DeskStore, rows: NewNotification[]): Promise<Delivered[]> {
  if (rows.length === 0) return [];
  const created = await store.review.createNotifications(rows);
  const out: Delivered[] = [];
  for (const n of created) out.push({ userId: n.userId, notification: toReviewNotification(n), unread: await store.review.countUnread(n.userId) });
  return out;
}

export async function notificationsOf(store: DeskStore, userId: string): Promise<NotificationsState> {
  const [items, unread, email] = await Promise.all([
    store.review.listNotifications(userId, REVIEW_LIMITS.notificationsPage),
    store.review.countUnread(userId),
    store.review.emailPreference(userId),
  ]);
  return { items: items.map(toReviewNotification), unread, email };
}

export async function markRead(store: DeskStore, userId: string, ids: number[] | "all"): Promise<{ ids: number[]; unread: number }> {
  const changed = await store.review.markRead(userId, ids, new Date());
  return { ids: changed, unread: await store.review.countUnread(userId) };
}
