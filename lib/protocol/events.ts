/**
 * The Socket.IO event contract of the desk. What the browser sends is a table in ./contract.ts
 * (re-exported here): each event's zod schema, ack type, permission and description, from which
 * `ClientToServerEvents` and `CLIENT_EVENTS` are derived. What the server sends is
 * `ServerToClientEvents` below, with `SERVER_EVENT_TABLE` saying who hears each event. Both the
 * server (server/realtime) and the browser (components/) import this module; docs/protocol.md's
 * event list is generated from the two tables (`npm run docs:protocol`).
 */
import type { Card, CardTextChange, Member, Story, StoryWithCards } from "./schemas";
import type { FeedState, LiveUpdate } from "./feed";
import type { SessionUser } from "./auth";
import type { AudienceReport } from "./audience";
import type { ReviewNotification, ReviewThread } from "./review";

export * from "./contract";

// The version numbers live apart (./version.ts): the readers' scripts need them without the contract's schemas.
export { LIVE_PROTOCOL_VERSIONS, PROTOCOL_VERSION } from "./version";

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

/** Who hears a server event: the Socket.IO room it is sent to (server/realtime). */
export const SERVER_EVENT_ROOMS = {
  story: "the story's desk (`story:<storyId>`: every socket that joined it, the sender included)",
  list: "the story list's watchers (`stories`: sockets that sent `stories:watch`)",
  user: "the person's own sockets, every tab on every process (`user:<userId>`)",
  socket: "one socket",
} as const;
export type ServerEventRoom = keyof typeof SERVER_EVENT_ROOMS;

export interface ServerEventSpec {
  room: ServerEventRoom;
  /** The payload's type, for the doc (the compiler checks `ServerToClientEvents`, not this). */
  payload: string;
  /** One line for docs/protocol.md: when it is sent. */
  description: string;
}

/** `ServerToClientEvents` as data, for docs/protocol.md: every event, where it goes and when. */
export const SERVER_EVENT_TABLE = {
  "card:created": { room: "story", payload: "Card", description: "A card was created" },
  "card:updated": { room: "story", payload: "Card", description: "A card's title, summary or status changed, or it was published or reverted" },
  "card:text": {
    room: "story",
    payload: "CardTextChange[]",
    description:
      "Cards whose preview changed (someone typed): their previews for the card list, gathered per story, at most one event a second (fewer when many cards are typed: about 20 previews a second)",
  },
  "card:moved": { room: "story", payload: "CardOrder", description: "After a `card:move`: all live card ids of the story in display order" },
  "card:deleted": { room: "story", payload: "{ storyId, cardId }", description: "A card was soft-deleted" },
  "presence:joined": {
    room: "story",
    payload: "{ storyId, member: Member }",
    description: "Someone joined the story, or changed the card they edit (upsert by `clientId`)",
  },
  "presence:left": {
    room: "story",
    payload: "{ storyId, clientId }",
    description: "Someone left (closed the tab, lost the connection, joined another story) and has no other connection with that `clientId` on it",
  },
  "feed:posted": { room: "story", payload: "LiveUpdate", description: "A live update was posted (or approved, or its scheduled time came)" },
  "feed:changed": { room: "story", payload: "LiveUpdate", description: "A live update was edited, corrected or (un)marked as a key event" },
  "feed:deleted": { room: "story", payload: "{ storyId, updateId }", description: "A live update was deleted (or replaced by its approved or due copy)" },
  "feed:pinned": { room: "story", payload: "{ storyId, pinnedUpdateId }", description: "The pinned update changed (null: none)" },
  "story:updated": { room: "story", payload: "Story", description: "The story's settings, state or access changed" },
  "story:audience": {
    room: "story",
    payload: "AudienceReport",
    description: "Readers of the story now, across processes: every few seconds while it has readers, once when the last leaves",
  },
  "stories:changed": {
    room: "list",
    payload: "—",
    description: "Something on the list changed (a story opened, its state or settings, who is on it); watchers ask again",
  },
  "story:gone": { room: "socket", payload: "{ storyId }", description: "The story was restricted without this socket's account: leave the desk" },
  "review:thread": { room: "story", payload: "ReviewThread", description: "A review thread was opened or changed (upsert by id)" },
  "notification:new": { room: "user", payload: "{ notification, unread }", description: "A new notification and the unread count" },
  "notification:read": { room: "user", payload: "{ ids, unread }", description: "Notifications were read (in any tab)" },
} as const satisfies Record<keyof ServerToClientEvents, ServerEventSpec>;
