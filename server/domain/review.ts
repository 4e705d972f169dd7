/**
 * Review threads: open one (on a range of card text, a whole card, or a live post), reply, edit
 * or delete your own comment, resolve or reopen. Each call checks roles (lib/protocol/roles.ts),
 * validates what it refers to, records the audit entry, and says who must be notified
 * (./notifications.ts stores and delivers that). Desk only: nothing here is ever public.
 */
import type {
  CommentEdit,
  CommentReply,
  Mentionable,
  ReviewComment,
  ReviewThread,
  ThreadCreate,
  ThreadResolve,
} from "../../lib/protocol/review";
import { can } from "../../lib/protocol/roles";
import type { CommentRecord, NewNotification, ThreadRecord } from "../store/review-types";
import type { DeskStore, StoryRecord } from "../store/types";
import { quote, record } from "./audit";
import type { Actor } from "./cards";
import { DomainError, notFound } from "./errors";
import { authorize } from "./policy";
import { canSee } from "./story-access";

/** Checks that both anchor positions exist in the card's text (server/collab/anchors.ts). */
export type AnchorCheck = (cardId: string, storyId: string, from: string, to: string) => Promise<boolean>;

export type ReviewActor = Actor & { id: string };

export function toReviewComment(c: CommentRecord): ReviewComment {
  const deleted = c.deletedAt !== null;
  return {
    id: c.id,
    threadId: c.threadId,
    authorId: c.authorId,
    authorName: c.authorName,
    body: deleted ? "" : c.body,
    mentions: deleted ? [] : parseIds(c.mentions),
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt?.toISOString() ?? null,
    deleted,
  };
}

export function toReviewThread(t: ThreadRecord): ReviewThread {
  return {
    id: t.id,
    storyId: t.storyId,
    cardId: t.cardId,
    updateId: t.updateId,
    anchor: t.anchorFrom && t.anchorTo ? { from: t.anchorFrom, to: t.anchorTo, quote: t.quote } : null,
    authorId: t.authorId,
    createdAt: t.createdAt.toISOString(),
    resolvedAt: t.resolvedAt?.toISOString() ?? null,
    resolvedBy: t.resolvedBy,
    comments: t.comments.map(toReviewComment),
  };
}

function parseIds(json: string): string[] {
  try {
    const ids: unknown = JSON.parse(json);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

async function storyOf(store: DeskStore, actor: ReviewActor): Promise<StoryRecord> {
  const story = await store.findStoryById(actor.storyId);
  if (!story) throw notFound("Story");
  return story;
}

/** Active accounts that can see the story: who may be mentioned. */
export async function mentionable(store: DeskStore, story: Pick<StoryRecord, "id" | "restricted">): Promise<Mentionable[]> {
  const users = (await store.users.list()).filter((u) => u.active);
  const visible = [];
  for (const u of users) if (await canSee(store, story, { id: u.id, role: u.role as ReviewActor["role"] })) visible.push({ id: u.id, name: u.name });
  return visible.sort((a, b) => a.name.localeCompare(b.name));
}

/** Refuses mentions of unknown or deactivated accounts, or of people who cannot see the story. */
async function checkMentions(store: DeskStore, story: StoryRecord, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  for (const id of unique) {
    const user = await store.users.findById(id);
    if (!user || !user.active || !(await canSee(store, story, { id: user.id, role: user.role as ReviewActor["role"] }))) {
      throw new DomainError("VALIDATION_FAILED", "You can only mention active accounts that can see this story", { field: "mentions" });
    }
  }
  return unique;
}

async function loadThread(store: DeskStore, actor: ReviewActor, threadId: string): Promise<ThreadRecord> {
  const thread = await store.review.findThread(threadId);
  if (!thread || thread.storyId !== actor.storyId) throw notFound("Thread");
  return thread;
}

/** Who hears about a new comment: the people it mentions, and the others already in the thread. */
function recipients(actor: ReviewActor, thread: ThreadRecord, mentions: string[]): { userId: string; kind: "mention" | "reply" }[] {
  const out = new Map<string, "mention" | "reply">();
  for (const id of mentions) out.set(id, "mention");
  for (const c of thread.comments) if (!out.has(c.authorId) && c.deletedAt === null) out.set(c.authorId, "reply");
  out.delete(actor.id);
  return [...out].map(([userId, kind]) => ({ userId, kind }));
}

export interface CommentOutcome {
  thread: ReviewThread;
  notify: NewNotification[];
}

function notifications(story: StoryRecord, thread: ThreadRecord, comment: CommentRecord, who: { userId: string; kind: "mention" | "reply" }[]): NewNotification[] {
  return who.map(({ userId, kind }) => ({
    userId,
    kind,
    storyId: story.id,
    storySlug: story.slug,
    cardId: thread.cardId,
    threadId: thread.id,
    commentId: comment.id,
    actorName: comment.authorName,
    excerpt: comment.body.slice(0, 200),
  }));
}

export async function createThread(store: DeskStore, actor: ReviewActor, input: ThreadCreate & { mentions: string[] }, anchorOk: AnchorCheck): Promise<CommentOutcome> {
  authorize(actor, "comment:write");
  const story = await storyOf(store, actor);
  if (input.cardId !== undefined) {
    const card = await store.findCard(input.cardId);
    if (!card || card.storyId !== story.id) throw notFound("Card");
    if (input.anchor && !(await anchorOk(card.id, story.id, input.anchor.from, input.anchor.to))) {
      throw new DomainError("VALIDATION_FAILED", "The commented text is not in this card", { field: "anchor" });
    }
  } else {
    const post = await store.feed.findUpdate(input.updateId!);
    if (!post || post.storyId !== story.id) throw notFound("Update");
  }
  const mentions = await checkMentions(store, story, input.mentions);
  const created = await store.review.createThread(
    {
      storyId: story.id,
      cardId: input.cardId ?? null,
      updateId: input.updateId ?? null,
      anchorFrom: input.anchor?.from ?? null,
      anchorTo: input.anchor?.to ?? null,
      quote: input.anchor?.quote ?? "",
      authorId: actor.id,
    },
    { authorId: actor.id, authorName: actor.name, body: input.body, mentions: JSON.stringify(mentions) },
  );
  const where = input.anchor ? ` on ${quote(input.anchor.quote, 40)}` : input.updateId ? ` on update #${input.updateId}` : "";
  await record(store, actor, "comment.create", { storyId: story.id, cardId: created.cardId }, `comment${where}: ${quote(input.body)}`);
  const who = recipients(actor, { ...created, comments: [] }, mentions);
  return { thread: toReviewThread(created), notify: notifications(story, created, created.comments[0], who) };
}

export async function reply(store: DeskStore, actor: ReviewActor, input: CommentReply & { mentions: string[] }): Promise<CommentOutcome> {
  authorize(actor, "comment:write");
  const story = await storyOf(store, actor);
  const thread = await loadThread(store, actor, input.threadId);
  const mentions = await checkMentions(store, story, input.mentions);
  const comment = await store.review.addComment(thread.id, { authorId: actor.id, authorName: actor.name, body: input.body, mentions: JSON.stringify(mentions) });
  await record(store, actor, "comment.create", { storyId: story.id, cardId: thread.cardId }, `reply: ${quote(input.body)}`);
  const who = recipients(actor, thread, mentions);
  const updated = (await store.review.findThread(thread.id))!;
  return { thread: toReviewThread(updated), notify: notifications(story, thread, comment, who) };
}

async function ownComment(store: DeskStore, actor: ReviewActor, commentId: number, moderatorMay: boolean) {
  const comment = await store.review.findComment(commentId);
  if (!comment || comment.deletedAt) throw notFound("Comment");
  const thread = await loadThread(store, actor, comment.threadId);
  if (comment.authorId !== actor.id && !(moderatorMay && can(actor.role, "comment:moderate"))) {
    throw new DomainError("FORBIDDEN", "You can only change your own comments");
  }
  return { comment, thread };
}

export async function editComment(store: DeskStore, actor: ReviewActor, input: CommentEdit & { mentions: string[] }): Promise<CommentOutcome> {
  authorize(actor, "comment:write");
  const story = await storyOf(store, actor);
  const { comment, thread } = await ownComment(store, actor, input.commentId, false);
  const mentions = await checkMentions(store, story, input.mentions);
  await store.review.updateComment(comment.id, { body: input.body, mentions: JSON.stringify(mentions), editedAt: new Date() });
  await record(store, actor, "comment.edit", { storyId: story.id, cardId: thread.cardId }, `${quote(comment.body, 40)} → ${quote(input.body, 40)}`);
  // Only people newly mentioned hear about an edit.
  const before = new Set(parseIds(comment.mentions));
  const fresh = mentions.filter((id) => !before.has(id) && id !== actor.id).map((userId) => ({ userId, kind: "mention" as const }));
  const updated = (await store.review.findThread(thread.id))!;
  return { thread: toReviewThread(updated), notify: notifications(story, thread, { ...comment, body: input.body }, fresh) };
}

export async function deleteComment(store: DeskStore, actor: ReviewActor, commentId: number): Promise<ReviewThread> {
  // Viewers write no comments, so they have none to delete; moderators delete anyone's.
  authorize(actor, "comment:write");
  const { comment, thread } = await ownComment(store, actor, commentId, true);
  await store.review.updateComment(comment.id, { deletedAt: new Date() });
  await record(store, actor, "comment.delete", { storyId: thread.storyId, cardId: thread.cardId }, `by ${comment.authorName}: ${quote(comment.body, 40)}`);
  return toReviewThread((await store.review.findThread(thread.id))!);
}

/** Resolving hides a thread (it is kept); its author or an editor may resolve or reopen it. */
export async function resolveThread(store: DeskStore, actor: ReviewActor, input: ThreadResolve): Promise<ReviewThread> {
  authorize(actor, "comment:write");
  const thread = await loadThread(store, actor, input.threadId);
  if (thread.authorId !== actor.id && !can(actor.role, "comment:moderate")) {
    throw new DomainError("FORBIDDEN", "Only the thread's author or an editor can resolve or reopen it");
  }
  if ((thread.resolvedAt !== null) === input.resolved) return toReviewThread(thread);
  await store.review.setResolved(thread.id, input.resolved ? new Date() : null, input.resolved ? actor.name : null);
  const first = thread.comments[0]?.body ?? "";
  await record(store, actor, input.resolved ? "thread.resolve" : "thread.reopen", { storyId: thread.storyId, cardId: thread.cardId }, quote(first, 60));
  return toReviewThread((await store.review.findThread(thread.id))!);
}

export async function listThreads(store: DeskStore, actor: ReviewActor, cardId?: string): Promise<ReviewThread[]> {
  authorize(actor, "comment:read");
  return (await store.review.listThreads(actor.storyId, cardId)).map(toReviewThread);
}
