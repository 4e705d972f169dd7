/**
 * Review inside the desk: comment threads (on a range of a card's text, a whole card, or a live
 * post awaiting approval), @mentions, notifications, and deciding on suggestions. Desk-only: none
 * of it is ever sent to readers, embeds, the API or the /live namespace. See docs/protocol.md.
 */
import { z } from "zod";
import { ZId } from "./schemas";

export const REVIEW_LIMITS = {
  /** One comment, in characters. */
  bodyMax: 4_000,
  /** People mentioned in one comment. */
  mentionsMax: 20,
  /** A Yjs relative position, base64 (a few dozen bytes in practice). */
  anchorMax: 512,
  /** The quoted words kept with a thread. */
  quoteMax: 500,
  /** Suggestions decided in one command (besides "all"). */
  suggestionIdsMax: 200,
  /** Notifications sent with `notifications:list`. */
  notificationsPage: 50,
} as const;

const ZBody = z
  .string()
  .trim()
  .min(1, "A comment cannot be empty")
  .max(REVIEW_LIMITS.bodyMax, `A comment is at most ${REVIEW_LIMITS.bodyMax} characters`);
const ZMentions = z.array(ZId).max(REVIEW_LIMITS.mentionsMax, `At most ${REVIEW_LIMITS.mentionsMax} people per comment`).default([]);
const ZAnchorPart = z.string().min(1).max(REVIEW_LIMITS.anchorMax).regex(/^[A-Za-z0-9+/]*={0,2}$/, "Not a valid anchor");

/** Where a new thread is: one of a card (optionally a range of its text) or a live post. */
export const ZThreadCreate = z
  .object({
    cardId: ZId.optional(),
    updateId: z.number().int().min(1).optional(),
    /** Yjs relative positions (base64) of the start and end of the commented text. */
    anchor: z.object({ from: ZAnchorPart, to: ZAnchorPart, quote: z.string().max(REVIEW_LIMITS.quoteMax) }).optional(),
    body: ZBody,
    mentions: ZMentions,
  })
  .refine((t) => (t.cardId === undefined) !== (t.updateId === undefined), { message: "A thread is on a card or on a live post" })
  .refine((t) => !t.anchor || t.cardId !== undefined, { message: "Only card text has ranges" });
export type ThreadCreate = z.input<typeof ZThreadCreate>;

export const ZCommentReply = z.object({ threadId: ZId, body: ZBody, mentions: ZMentions });
export type CommentReply = z.input<typeof ZCommentReply>;
export const ZCommentEdit = z.object({ commentId: z.number().int().min(1), body: ZBody, mentions: ZMentions });
export type CommentEdit = z.input<typeof ZCommentEdit>;
export const ZCommentDelete = z.object({ commentId: z.number().int().min(1) });
export const ZThreadResolve = z.object({ threadId: ZId, resolved: z.boolean() });
export type ThreadResolve = z.input<typeof ZThreadResolve>;
export const ZThreadList = z.object({ cardId: ZId.optional() });
/** Events that carry nothing (`review:people`, `notifications:list`): `{}` or no payload at all. */
export const ZNoPayload = z.object({}).strict().optional().default({});

export const ZSuggestionDecide = z.object({
  cardId: ZId,
  ids: z.union([z.literal("all"), z.array(z.string().min(1).max(200)).min(1).max(REVIEW_LIMITS.suggestionIdsMax)]),
  verdict: z.enum(["accept", "reject"]),
});
export type SuggestionDecide = z.input<typeof ZSuggestionDecide>;

export const ZNotificationsRead = z.object({
  ids: z.union([z.literal("all"), z.array(z.number().int().min(1)).min(1).max(REVIEW_LIMITS.notificationsPage)]),
});
export const ZNotificationPrefs = z.object({ email: z.boolean() });

export interface ReviewComment {
  id: number;
  threadId: string;
  authorId: string;
  authorName: string;
  /** Empty once deleted (the comment stays as a tombstone so replies keep their place). */
  body: string;
  mentions: string[];
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export interface ReviewThread {
  id: string;
  storyId: string;
  cardId: string | null;
  updateId: number | null;
  /** Null for a thread on a whole card or post; the client resolves it in its copy of the text. */
  anchor: { from: string; to: string; quote: string } | null;
  authorId: string;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  comments: ReviewComment[];
}

export interface ReviewNotification {
  id: number;
  kind: "mention" | "reply";
  storyId: string;
  storySlug: string;
  cardId: string | null;
  threadId: string;
  commentId: number;
  actorName: string;
  excerpt: string;
  createdAt: string;
  read: boolean;
}

export interface NotificationsState {
  unread: number;
  items: ReviewNotification[];
  email: boolean;
}

/** Someone a comment can mention: an active account that can see the story. */
export interface Mentionable {
  id: string;
  name: string;
}

/** The desk address of a thread, for notifications and emails. */
export const threadHref = (n: Pick<ReviewNotification, "storySlug" | "cardId" | "threadId">): string =>
  `/stories/${encodeURIComponent(n.storySlug)}?${n.cardId ? `card=${encodeURIComponent(n.cardId)}&` : ""}thread=${encodeURIComponent(n.threadId)}`;
