/** Records and the store interface of review: comment threads and notifications (desk only). */

export interface CommentRecord {
  id: number;
  threadId: string;
  authorId: string;
  authorName: string;
  body: string;
  /** JSON array of user ids. */
  mentions: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export interface ThreadRecord {
  id: string;
  storyId: string;
  cardId: string | null;
  updateId: number | null;
  anchorFrom: string | null;
  anchorTo: string | null;
  quote: string;
  authorId: string;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  createdAt: Date;
  comments: CommentRecord[];
}

export interface NotificationRecord {
  id: number;
  userId: string;
  kind: string;
  storyId: string;
  storySlug: string;
  cardId: string | null;
  threadId: string;
  commentId: number;
  actorName: string;
  excerpt: string;
  createdAt: Date;
  readAt: Date | null;
  emailedAt: Date | null;
}

export type NewComment = Pick<CommentRecord, "authorId" | "authorName" | "body" | "mentions">;
export type NewThread = Omit<ThreadRecord, "id" | "createdAt" | "resolvedAt" | "resolvedBy" | "comments">;
export type NewNotification = Omit<NotificationRecord, "id" | "createdAt" | "readAt" | "emailedAt">;

export interface ReviewStore {
  /** A thread with its first comment, in one transaction. */
  createThread(thread: NewThread, first: NewComment): Promise<ThreadRecord>;
  findThread(id: string): Promise<ThreadRecord | null>;
  /** A story's threads (or one card's), oldest first, comments in order. */
  listThreads(storyId: string, cardId?: string): Promise<ThreadRecord[]>;
  addComment(threadId: string, comment: NewComment): Promise<CommentRecord>;
  findComment(id: number): Promise<CommentRecord | null>;
  updateComment(id: number, patch: Partial<Pick<CommentRecord, "body" | "mentions" | "editedAt" | "deletedAt">>): Promise<void>;
  setResolved(threadId: string, resolvedAt: Date | null, resolvedBy: string | null): Promise<void>;

  createNotifications(rows: NewNotification[]): Promise<NotificationRecord[]>;
  /** Newest first. */
  listNotifications(userId: string, limit: number): Promise<NotificationRecord[]>;
  countUnread(userId: string): Promise<number>;
  /** Marks the user's notifications read; returns the ids that changed. */
  markRead(userId: string, ids: number[] | "all", now: Date): Promise<number[]>;
  /** Notifications not yet emailed, created before `before`, oldest first. */
  unmailed(before: Date, limit: number): Promise<NotificationRecord[]>;
  /** Claims notifications for one email (so two processes never both send them): the ids claimed. */
  claimForEmail(ids: number[], now: Date): Promise<number[]>;
  /** Gives claimed notifications back (the email could not be sent): the next batch retries them. */
  unclaimEmail(ids: number[]): Promise<void>;
  emailPreference(userId: string): Promise<boolean>;
  setEmailPreference(userId: string, on: boolean): Promise<void>;
}
