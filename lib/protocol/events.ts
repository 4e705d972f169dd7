/**
 * The Socket.IO event contract of the desk: every event name, its payload and its ack.
 * Both the server (server/realtime) and the browser (components/) import this module, so
 * there is exactly one description of the protocol. Payloads are validated with the zod
 * schemas in ./schemas on the server; these types only describe them. See docs/protocol.md.
 */
import type {
  Card,
  CardTextChange,
  CreateCard,
  DeleteCard,
  JoinStory,
  Member,
  MoveCard,
  PresenceUpdate,
  SetCardStatus,
  Story,
  StorySummary,
  StoryWithCards,
  UpdateCard,
} from "./schemas";
import type { CreateStory, ListStories, ProposeTopics, Proposals, SetStoryAccess, SetStoryState, StoryAccess, UpdateStory } from "./stories";
import type { EditUpdate, FeedState, LiveUpdate, PostUpdate } from "./feed";
import type { CardHistory, PublishPreview, PublishCard, RevertCard } from "./publishing";
import type { AuditEntry, AuditList } from "./audit";
import type { SessionUser } from "./auth";
import type { AudienceReport } from "./audience";
import type {
  CommentEdit,
  CommentReply,
  Mentionable,
  NotificationsState,
  ReviewNotification,
  ReviewThread,
  SuggestionDecide,
  ThreadCreate,
  ThreadResolve,
} from "./review";

/**
 * Sent by the client in the handshake (`auth.protocol`); a mismatch is refused at connect (the
 * page is told to reload). 2: collab:sync and collab:awareness became base64 text. 3: card text
 * left the desk socket for its own WebSocket (./collab-frames.ts), which checks the same number.
 * The public /live namespace has not changed since 1 and accepts every version
 * (LIVE_PROTOCOL_VERSIONS), so embeds cached on partner sites keep working.
 */
export const PROTOCOL_VERSION = 3;
export const LIVE_PROTOCOL_VERSIONS: readonly number[] = [1, 2, 3];

/** Stable error codes. Clients branch on the code; the message is for people. */
export const ERROR_CODES = [
  "VALIDATION_FAILED",
  "PAYLOAD_TOO_LARGE",
  "UNKNOWN_EVENT",
  "NOT_FOUND",
  "NOT_JOINED",
  "DOC_TOO_LARGE",
  "DOC_TOO_DEEP",
  "MALFORMED_UPDATE",
  "READ_ONLY",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "RATE_LIMITED",
  "CONFLICT",
  "INVALID_TRANSITION",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AckError {
  code: ErrorCode;
  message: string;
  /** For CONFLICT: the card as it is now, so the editor sees the value that won. */
  current?: Card;
  /** For CONFLICT on story settings: the story as it is now. */
  currentStory?: Story;
  /** For VALIDATION_FAILED: which field was wrong. */
  field?: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };
export type AckFn<T> = (response: Ack<T>) => void;

export interface JoinedStory {
  /** Who this socket is signed in as. */
  me: SessionUser;
  story: StoryWithCards;
  members: Member[];
  /** The newest live updates and the pinned one. */
  feed: FeedState;
}

/** Events the browser sends. Every command has an ack; presence is fire-and-forget. */
export interface ClientToServerEvents {
  "story:join": (payload: JoinStory, ack: AckFn<JoinedStory>) => void;
  "presence:update": (payload: PresenceUpdate) => void;
  "card:create": (payload: CreateCard, ack: AckFn<Card>) => void;
  "card:update": (payload: UpdateCard, ack: AckFn<Card>) => void;
  "card:setStatus": (payload: SetCardStatus, ack: AckFn<Card>) => void;
  "card:move": (payload: MoveCard, ack: AckFn<CardOrder>) => void;
  "card:delete": (payload: DeleteCard, ack: AckFn<{ cardId: string }>) => void;
  /** Publish the working copy as a new revision (publication, update or correction). */
  "card:publish": (payload: PublishCard, ack: AckFn<Card>) => void;
  /** The card's published revisions, newest first, and the working copy to compare them with. */
  "card:history": (payload: { cardId: string }, ack: AckFn<CardHistory>) => void;
  /** Editors: the card as it would be published now, and how many embeds show it now. */
  "card:preview": (payload: { cardId: string }, ack: AckFn<PublishPreview>) => void;
  /** Bring a revision back into the working copy (title, summary, text); history is kept. */
  "card:revert": (payload: RevertCard, ack: AckFn<Card>) => void;
  "feed:post": (payload: PostUpdate, ack: AckFn<LiveUpdate>) => void;
  "feed:edit": (payload: EditUpdate, ack: AckFn<LiveUpdate>) => void;
  "feed:delete": (payload: { updateId: number }, ack: AckFn<{ updateId: number }>) => void;
  "feed:pin": (payload: { updateId: number | null }, ack: AckFn<{ pinnedUpdateId: number | null }>) => void;
  "feed:keyEvent": (payload: { updateId: number; keyEvent: boolean }, ack: AckFn<LiveUpdate>) => void;
  /** An editor approves a contributor's post: readers see it from then on. */
  "feed:approve": (payload: { updateId: number }, ack: AckFn<LiveUpdate>) => void;
  /** The joined story's audit log, or one card's (editors and admins). */
  "audit:list": (payload: AuditList, ack: AckFn<AuditEntry[]>) => void;
  /** Older updates for the desk's feed panel. */
  "feed:more": (payload: { before: number }, ack: AckFn<FeedState>) => void;
  /** The story list (visible stories only) and a seat in its room: "stories:changed" follows. */
  "stories:watch": (payload: ListStories, ack: AckFn<StorySummary[]>) => void;
  /** Topic proposals for a pasted article. Nothing is stored. */
  "story:propose": (payload: ProposeTopics, ack: AckFn<Proposals>) => void;
  /** Opens a story with its draft cards, in one transaction. */
  "story:create": (payload: CreateStory, ack: AckFn<Story>) => void;
  /** Settings (per-field versions: a stale edit of a changed field gets CONFLICT + currentStory). */
  "story:update": (payload: UpdateStory, ack: AckFn<Story>) => void;
  /** End coverage, reopen, archive, unarchive. */
  "story:setState": (payload: SetStoryState, ack: AckFn<Story>) => void;
  "story:access": (payload: { storyId: string }, ack: AckFn<StoryAccess>) => void;
  "story:setAccess": (payload: SetStoryAccess, ack: AckFn<Story>) => void;
  /** The story's source article (desk only, never public). */
  "story:source": (payload: { storyId: string }, ack: AckFn<{ source: string }>) => void;
  /** Review (lib/protocol/review.ts): the joined story's threads, or one card's. */
  "review:threads": (payload: { cardId?: string }, ack: AckFn<ReviewThread[]>) => void;
  /** Who may be mentioned on the joined story. */
  "review:people": (payload: Record<string, never>, ack: AckFn<Mentionable[]>) => void;
  "thread:create": (payload: ThreadCreate, ack: AckFn<ReviewThread>) => void;
  "thread:resolve": (payload: ThreadResolve, ack: AckFn<ReviewThread>) => void;
  "comment:reply": (payload: CommentReply, ack: AckFn<ReviewThread>) => void;
  "comment:edit": (payload: CommentEdit, ack: AckFn<ReviewThread>) => void;
  "comment:delete": (payload: { commentId: number }, ack: AckFn<ReviewThread>) => void;
  /** Editors: accept or reject suggestions in a card's text (one, several, or "all"). */
  "suggestion:decide": (payload: SuggestionDecide, ack: AckFn<{ decided: string[] }>) => void;
  /** The signed-in person's notifications (no story needed: the bell is on every desk page). */
  "notifications:list": (payload: Record<string, never>, ack: AckFn<NotificationsState>) => void;
  "notifications:read": (payload: { ids: number[] | "all" }, ack: AckFn<{ ids: number[]; unread: number }>) => void;
  /** Email for mentions and replies, on or off. */
  "notifications:email": (payload: { email: boolean }, ack: AckFn<{ email: boolean }>) => void;
}

/** The story's card ids in display order, after a move. */
export interface CardOrder {
  storyId: string;
  order: string[];
}

/** Events the server broadcasts to everyone on a story (the sender included). */
export interface ServerToClientEvents {
  "card:created": (card: Card) => void;
  "card:updated": (card: Card) => void;
  /** Cards whose text changed (typed by someone): their previews, for the card list, at most one event per second per story. */
  "card:text": (changes: CardTextChange[]) => void;
  "card:moved": (order: CardOrder) => void;
  "card:deleted": (payload: { storyId: string; cardId: string }) => void;
  /** Someone joined the story, or changed which card they are editing (upsert by `clientId`). */
  "presence:joined": (payload: { storyId: string; member: Member }) => void;
  /** Someone left the story (closed the tab, lost the connection, opened another story). */
  "presence:left": (payload: { storyId: string; clientId: string }) => void;
  "feed:posted": (update: LiveUpdate) => void;
  "feed:changed": (update: LiveUpdate) => void;
  "feed:deleted": (payload: { storyId: string; updateId: number }) => void;
  "feed:pinned": (payload: { storyId: string; pinnedUpdateId: number | null }) => void;
  /** To the story room: its settings or state changed. */
  "story:updated": (story: Story) => void;
  /** Readers of the story right now, across processes (lib/protocol/audience.ts), every few seconds when it changed. */
  "story:audience": (audience: AudienceReport) => void;
  /**
   * To the story list room: something on the list changed (a story opened, its state or settings,
   * who is on it). Carries nothing, so restricted stories leak nothing: watchers ask again.
   */
  "stories:changed": () => void;
  /** To a socket that lost access to its story (made restricted without it): leave the desk. */
  "story:gone": (payload: { storyId: string }) => void;
  /** To the story room (desk only): a review thread was opened or changed (upsert by id). */
  "review:thread": (thread: ReviewThread) => void;
  /** To the person's own sockets, on every process: a new notification and their unread count. */
  "notification:new": (payload: { notification: ReviewNotification; unread: number }) => void;
  /** To the person's own sockets: notifications read in one tab are read in all of them. */
  "notification:read": (payload: { ids: number[]; unread: number }) => void;
}

/** Every event name a client may send; anything else gets UNKNOWN_EVENT. */
export const CLIENT_EVENTS = [
  "story:join",
  "presence:update",
  "card:create",
  "card:update",
  "card:setStatus",
  "card:move",
  "card:delete",
  "card:publish",
  "card:history",
  "card:preview",
  "card:revert",
  "feed:post",
  "feed:edit",
  "feed:delete",
  "feed:pin",
  "feed:keyEvent",
  "feed:approve",
  "feed:more",
  "audit:list",
  "stories:watch",
  "story:propose",
  "story:create",
  "story:update",
  "story:setState",
  "story:access",
  "story:setAccess",
  "story:source",
  "review:threads",
  "review:people",
  "thread:create",
  "thread:resolve",
  "comment:reply",
  "comment:edit",
  "comment:delete",
  "suggestion:decide",
  "notifications:list",
  "notifications:read",
  "notifications:email",
] as const satisfies readonly (keyof ClientToServerEvents)[];
