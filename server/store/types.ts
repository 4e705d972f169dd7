/**
 * The persistence interface of the desk. Domain functions talk to this, never to Prisma, so the
 * rules stay in one place and the storage can change (SQLite, Postgres) underneath.
 */
import type { DbProvider } from "../db/client";
import type { ReviewStore } from "./review-types";

export interface StoryRecord {
  id: string;
  slug: string;
  headline: string;
  summary: string;
  coverageStart: Date | null;
  coverageEnd: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** JSON array of IANA zone names. */
  timeZones: string;
  archivedAt: Date | null;
  restricted: boolean;
  createdBy: string | null;
  version: number;
  headlineVersion: number;
  summaryVersion: number;
  slugVersion: number;
  timeZonesVersion: number;
  coverageStartVersion: number;
  coverageEndVersion: number;
  archivedVersion: number;
  restrictedVersion: number;
}

export interface StorySummaryRecord extends StoryRecord {
  cardCount: number;
  publishedCount: number;
  lastActivityAt: Date | null;
}

/** Fields a settings or state command may write (versions computed by server/domain/story-commands.ts). */
export type StoryPatch = Partial<
  Omit<StoryRecord, "id" | "createdAt" | "updatedAt" | "createdBy">
>;

/** Who may see which stories when listing: admins see every story, others the open ones and their own. */
export interface StoryViewer {
  userId: string;
  admin: boolean;
}

export interface CardRecord {
  id: string;
  storyId: string;
  title: string;
  summary: string;
  body: string;
  bodyHtml: string;
  status: string;
  position: number;
  version: number;
  titleVersion: number;
  summaryVersion: number;
  statusVersion: number;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
  publishedRevision: number | null;
  publishedKey: string | null;
}

/**
 * What the public side needs to know about a card to find its published revision: never the
 * working copy's title, summary or body (a draft's body can be megabytes; readers must not make
 * the server load it, and what is not loaded cannot leak).
 */
export type CardPublicState = Pick<CardRecord, "id" | "storyId" | "status" | "position" | "deletedAt" | "publishedRevision">;

/** Fields a card command may write. Versions are computed by the domain layer. */
export type CardPatch = Partial<
  Pick<
    CardRecord,
    "title" | "summary" | "status" | "version" | "titleVersion" | "summaryVersion" | "statusVersion" | "updatedBy"
  >
>;

/** What a publication writes to the card besides the revision (the body as it was published). */
export type PublishPatch = CardPatch & Pick<CardRecord, "body" | "bodyHtml" | "publishedKey">;

export interface RevisionRecord {
  id: number;
  cardId: string;
  number: number;
  kind: string;
  title: string;
  summary: string;
  bodyHtml: string;
  bodyText: string;
  note: string | null;
  publishedBy: string | null;
  publishedAt: Date;
}

export type NewRevision = Omit<RevisionRecord, "id" | "cardId" | "number" | "publishedAt"> & {
  docState: Uint8Array | null;
};

/** Published revisions: written once, never changed. */
export interface RevisionStore {
  /**
   * In one transaction, if the card is still at `expectedVersion` and not deleted: stores the
   * revision with the next number and writes `patch` and that number to the card. Null when the
   * card moved on (the caller plans again).
   */
  publish(
    cardId: string,
    expectedVersion: number,
    revision: NewRevision,
    patch: PublishPatch,
  ): Promise<{ card: CardRecord; revision: RevisionRecord } | null>;
  /** Newest first, without document states. */
  list(cardId: string, limit: number): Promise<RevisionRecord[]>;
  /** One revision with its document state (null when the revision has none). */
  find(cardId: string, number: number): Promise<(RevisionRecord & { docState: Uint8Array | null }) | null>;
  /**
   * For each card, the revisions readers need: number 1 (first publication), the given current
   * number, and every correction. Without document states.
   */
  forReaders(cards: { id: string; publishedRevision: number }[]): Promise<RevisionRecord[]>;
}

export interface NewCard {
  storyId: string;
  title: string;
  summary: string;
  body?: string;
  status?: string;
  updatedBy: string | null;
}

export interface NewStory {
  slug: string;
  headline: string;
  summary: string;
  coverageStart: Date | null;
  coverageEnd: Date | null;
  timeZones?: string;
  restricted?: boolean;
  sourceArticle?: string;
  createdBy?: string | null;
}

/** Stories beyond the basics: settings, state, access and the source article. */
export interface StoryStore {
  /** Visible to `viewer`, newest first; archived ones only with `archived: true` (then only those). */
  list(viewer: StoryViewer, filter: { search: string; archived: boolean }): Promise<StorySummaryRecord[]>;
  /**
   * Creates the story, its draft cards in order and its members in ONE transaction. Null when
   * the slug is taken (nothing is written).
   */
  create(story: NewStory, cards: Omit<NewCard, "storyId">[], memberIds: string[]): Promise<StoryRecord | null>;
  /** Compare-and-set on `version`; null when it moved on. Throws SlugTaken for a used slug. */
  updateIfVersion(id: string, expectedVersion: number, patch: StoryPatch): Promise<StoryRecord | null>;
  /** Writes the patch and replaces the member list at once, compare-and-set on `version`. */
  setAccess(id: string, expectedVersion: number, patch: StoryPatch, memberIds: string[]): Promise<StoryRecord | null>;
  isMember(storyId: string, userId: string): Promise<boolean>;
  members(storyId: string): Promise<{ id: string; name: string }[]>;
  /** The stored (sanitised) source article, or null for an unknown story. */
  source(storyId: string): Promise<string | null>;
  /** True once any card was published or any live update reached readers. */
  hasPublished(storyId: string): Promise<boolean>;
}

/** A story write refused because another story holds the slug. */
export class SlugTaken extends Error {
  constructor() {
    super("slug taken");
    this.name = "SlugTaken";
  }
}

import type { DocStore } from "./doc-store-types";
export * from "./doc-store-types";

export interface LiveUpdateRecord {
  id: number;
  storyId: string;
  authorName: string;
  bodyHtml: string;
  bodyText: string;
  cardId: string | null;
  keyEvent: boolean;
  version: number;
  publishedAt: Date;
  editedAt: Date | null;
  correctedAt: Date | null;
  correctionNote: string | null;
  deletedAt: Date | null;
  approved: boolean;
  headline: string | null;
  /** Newline-separated names (co-bylines). */
  coAuthors: string | null;
  embedUrl: string | null;
  photoKey: string | null;
  photoWidth: number | null;
  photoHeight: number | null;
  photoAlt: string | null;
  photoCaption: string | null;
  photoCredit: string | null;
  scheduledFor: Date | null;
}

/** What a new post carries besides its ids (all optional extras default to null). */
export type NewLiveUpdate = Pick<LiveUpdateRecord, "storyId" | "authorName" | "bodyHtml" | "bodyText" | "cardId" | "keyEvent" | "approved"> &
  Partial<Pick<LiveUpdateRecord, "headline" | "coAuthors" | "embedUrl" | "photoKey" | "photoWidth" | "photoHeight" | "photoAlt" | "photoCaption" | "photoCredit" | "scheduledFor">>;

export type LiveUpdatePatch = Partial<
  Pick<LiveUpdateRecord, "bodyHtml" | "bodyText" | "keyEvent" | "version" | "editedAt" | "correctedAt" | "correctionNote" | "approved" | "publishedAt" | "headline" | "scheduledFor">
>;

/** Persistence of the stories' live feeds. Reads never return deleted (tombstoned) updates. */
export interface FeedStore {
  createUpdate(update: NewLiveUpdate): Promise<LiveUpdateRecord>;
  findUpdate(id: number): Promise<LiveUpdateRecord | null>;
  /** Compare-and-set on `version`; null when it moved on or the update is gone. */
  updateIfVersion(id: number, expectedVersion: number, patch: LiveUpdatePatch): Promise<LiveUpdateRecord | null>;
  /**
   * Publishes a post that waited for approval as a NEW update (a new id, published now, so it
   * sorts and pages as the newest), tombstoning the pending one, in one transaction. Null when
   * the pending post changed meanwhile (version) or is gone.
   */
  approveAsNew(id: number, expectedVersion: number, now: Date): Promise<LiveUpdateRecord | null>;
  /** Tombstones an update (and unpins it); null when not found or already deleted. */
  deleteUpdate(id: number): Promise<LiveUpdateRecord | null>;
  /**
   * Newest first. `before`: only ids below it (older); `after`: only ids above it (newer,
   * the `limit` oldest of those, still returned newest first). Posts awaiting approval only
   * with `pending: true` (the desk; readers never).
   */
  listUpdates(
    storyId: string,
    page: { before?: number; after?: number; limit: number; pending?: boolean },
  ): Promise<LiveUpdateRecord[]>;
  listKeyEvents(storyId: string, limit: number): Promise<LiveUpdateRecord[]>;
  /** Scheduled posts due at `now` (any story), oldest due first. */
  listDueScheduled(now: Date, limit: number): Promise<LiveUpdateRecord[]>;
  /**
   * Publishes a scheduled post exactly once: in one transaction, a conditional write claims it
   * (tombstones the scheduled row, only if it is still scheduled, undeleted and at
   * `expectedVersion` when given) and creates the public post with a new id, published `now`.
   * Null for every caller but the one whose claim succeeded (another process, a cancel or an edit
   * got there first).
   */
  publishScheduled(id: number, now: Date, expectedVersion?: number): Promise<LiveUpdateRecord | null>;
  getPinnedId(storyId: string): Promise<number | null>;
  setPinnedId(storyId: string, updateId: number | null): Promise<void>;
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: string;
  passwordHash: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface SessionRecord {
  id: string;
  userId: string;
  csrfToken: string;
  expiresAt: Date;
  createdAt: Date;
}

/** Accounts and their sessions (server/domain/accounts.ts). */
export interface UserStore {
  count(): Promise<number>;
  /** Null when the email is taken. */
  create(user: Pick<UserRecord, "email" | "name" | "role" | "passwordHash">): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  findByEmail(email: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  /**
   * Deactivating or a new password also deletes the user's sessions, in the same transaction —
   * all but `keepSessionId` (someone changing their own password stays signed in here).
   */
  update(
    id: string,
    patch: Partial<Pick<UserRecord, "name" | "role" | "active" | "passwordHash">>,
    options?: { keepSessionId?: string },
  ): Promise<UserRecord | null>;
  createSession(session: Omit<SessionRecord, "createdAt">): Promise<SessionRecord>;
  /** The session with its user, whatever their state (the domain decides). */
  findSession(id: string): Promise<(SessionRecord & { user: UserRecord }) | null>;
  extendSession(id: string, expiresAt: Date): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteExpiredSessions(now: Date): Promise<number>;
}

export interface AuditRecord {
  id: number;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  storyId: string | null;
  cardId: string | null;
  summary: string;
}

/** The append-only audit log. */
export interface AuditStore {
  append(entry: Omit<AuditRecord, "id" | "at">): Promise<void>;
  /** Newest first. */
  list(filter: { storyId?: string; cardId?: string; before?: number; limit: number }): Promise<AuditRecord[]>;
}

export interface DeskStore {
  readonly provider: DbProvider;
  readonly docs: DocStore;
  readonly feed: FeedStore;
  readonly revisions: RevisionStore;
  readonly users: UserStore;
  readonly audit: AuditStore;
  readonly stories: StoryStore;
  /** Review threads and notifications (./review-types.ts). */
  readonly review: ReviewStore;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  listStories(): Promise<StorySummaryRecord[]>;
  findStoryBySlug(slug: string): Promise<StoryRecord | null>;
  findStoryById(id: string): Promise<StoryRecord | null>;
  /** The story's cards that are not deleted, in display order. */
  listCards(storyId: string): Promise<CardRecord[]>;
  /** A card that is not deleted, or null. */
  findCard(id: string): Promise<CardRecord | null>;
  /** The story's published, not deleted cards in display order: their public state only. */
  listPublishedCards(storyId: string): Promise<CardPublicState[]>;
  /** A card's public state, even if deleted (public pages tell "withdrawn" from "never existed"), or null. */
  findCardPublicState(id: string): Promise<CardPublicState | null>;
  /** Appends a card at the end of its story; null when the story does not exist. */
  createCard(card: NewCard): Promise<CardRecord | null>;
  /**
   * Compare-and-set: writes the patch only if the card is still at `expectedVersion` and not
   * deleted. Returns the updated card, or null when someone else got there first.
   */
  updateCardIfVersion(id: string, expectedVersion: number, patch: CardPatch): Promise<CardRecord | null>;
  /**
   * Reorders a story's cards atomically (concurrent moves on one story are serialised):
   * `plan` gets the current ids in order and returns the new order.
   */
  reorderCards(storyId: string, plan: (ids: string[]) => string[]): Promise<string[]>;
  /** Marks a card deleted (kept on record); null when it was not found or already deleted. */
  softDeleteCard(id: string, deletedBy: string | null): Promise<CardRecord | null>;
  /** Creates a story with its cards in order, in one transaction (used by the seed). */
  createStoryWithCards(story: NewStory, cards: Omit<NewCard, "storyId">[]): Promise<StoryRecord>;
  close(): Promise<void>;
}
