/**
 * The desk's client events as data: for each event the browser may send, its zod input schema,
 * the type of its ack data, the permission the server checks, whether it needs a joined story,
 * and one line for docs/protocol.md. Everything else is derived from this table: the
 * `ClientToServerEvents` map Socket.IO is typed with, `CLIENT_EVENTS` (anything else gets
 * UNKNOWN_EVENT), the desk's typed `send`, and the event list in docs/protocol.md
 * (`npm run docs:protocol`; tests/protocol-doc.test.ts fails when the two disagree).
 *
 * Only data: no handlers, no server imports, so the browser and the server share it.
 */
import type { z } from "zod";
import type { AuditEntry } from "./audit";
import { ZAuditList } from "./audit";
import type { AckFn, CardOrder, JoinedStory } from "./events";
import { ZApproveUpdate, ZDeleteUpdate, ZEditUpdate, ZFeedMore, ZMarkKeyEvent, ZPinUpdate, ZPostUpdate } from "./feed";
import type { FeedState, LiveUpdate } from "./feed";
import { ZCardHistory, ZPublishCard, ZPublishPreview, ZRevertCard } from "./publishing";
import type { CardHistory, PublishPreview } from "./publishing";
import {
  ZCommentDelete,
  ZCommentEdit,
  ZCommentReply,
  ZNoPayload,
  ZNotificationPrefs,
  ZNotificationsRead,
  ZSuggestionDecide,
  ZThreadCreate,
  ZThreadList,
  ZThreadResolve,
} from "./review";
import type { Mentionable, NotificationsState, ReviewThread } from "./review";
import type { Action } from "./roles";
import { ZCreateCard, ZDeleteCard, ZJoinStory, ZMoveCard, ZPresenceUpdate, ZSetCardStatus, ZUpdateCard } from "./schemas";
import type { Card, Story, StorySummary } from "./schemas";
import { ZCreateStory, ZListStories, ZProposeTopics, ZSetStoryAccess, ZSetStoryState, ZStoryRef, ZUpdateStory } from "./stories";
import type { Proposals, StoryAccess } from "./stories";

declare const ackData: unique symbol;

/**
 * A phantom marker: at run time only the name of the ack data (for the doc), at compile time
 * its type `T` (for the event map and the desk's `send`).
 */
export interface AckType<T> {
  readonly ack: string;
  readonly [ackData]?: T;
}
/** Fire-and-forget: the client sends no ack callback (one that is sent anyway gets `null`). */
export interface NoAck {
  readonly ack: null;
}

const ack = <T>(name: string): AckType<T> => ({ ack: name });
const noAck: NoAck = { ack: null };

export interface ClientEventSpec {
  /** Validates the payload (the server parses with it; its output is what a handler gets). */
  input: z.ZodType;
  ack: AckType<unknown> | NoAck;
  /**
   * The permission (lib/protocol/roles.ts) the sender's role must have; the domain may check
   * more (e.g. contributors edit drafts only). null: no role check — being signed in (and, for
   * events on the joined story, being allowed to see it) is enough.
   */
  permission: Action | null;
  /**
   * Acts on the socket's joined story: NOT_JOINED before `story:join`, NOT_FOUND once the story
   * became invisible to the sender. false: the event names its story itself, or none.
   */
  joined: boolean;
  /** Changes the joined story's cards, text, feed or review: refused (READ_ONLY) while it is archived. */
  writes: boolean;
  /** One line for docs/protocol.md. */
  description: string;
}

/** Every event the browser may send, in the order the doc lists them. */
export const CLIENT_EVENT_TABLE = {
  "story:join": {
    input: ZJoinStory, ack: ack<JoinedStory>("JoinedStory"), permission: "story:read", joined: false, writes: false,
    description: "Join a story's desk (again on every reconnect; a second join switches stories): the whole story, its members and the newest feed",
  },
  "presence:update": {
    input: ZPresenceUpdate, ack: noAck, permission: null, joined: true, writes: false,
    description: "Which card this socket is editing (sent volatile); → `presence:joined`",
  },
  "card:create": {
    input: ZCreateCard, ack: ack<Card>("Card"), permission: "card:create", joined: true, writes: true,
    description: "A new card at the end of the joined story (`storyId` must be that story); → `card:created`",
  },
  "card:update": {
    input: ZUpdateCard, ack: ack<Card>("Card"), permission: "card:edit", joined: true, writes: true,
    description: "Title and/or summary, based on `baseVersion` (per-field CONFLICT, see Concurrency); → `card:updated` if something changed",
  },
  "card:setStatus": {
    input: ZSetCardStatus, ack: ack<Card>("Card"), permission: "card:review", joined: true, writes: true,
    description: "Draft ⇄ in review; unpublish (to draft) and publish from review need `card:publish`; → `card:updated` if it changed",
  },
  "card:move": {
    input: ZMoveCard, ack: ack<CardOrder>("CardOrder"), permission: "card:edit", joined: true, writes: true,
    description: "A new place in the card list (a published card's needs `card:publish`); → `card:moved`",
  },
  "card:delete": {
    input: ZDeleteCard, ack: ack<{ cardId: string }>("{ cardId }"), permission: "card:delete", joined: true, writes: true,
    description: "Soft-delete a card; → `card:deleted` (readers: `live:cardWithdrawn` if it was published)",
  },
  "card:publish": {
    input: ZPublishCard, ack: ack<Card>("Card"), permission: "card:publish", joined: true, writes: true,
    description: "Publish the working copy as a new revision (publication, update or correction); → `card:updated`, readers `live:card`",
  },
  "card:history": {
    input: ZCardHistory, ack: ack<CardHistory>("CardHistory"), permission: "story:read", joined: true, writes: false,
    description: "The card's published revisions (newest first, at most 100) and the working copy to compare them with",
  },
  "card:preview": {
    input: ZPublishPreview, ack: ack<PublishPreview>("PublishPreview"), permission: "card:publish", joined: true, writes: false,
    description: "The card as readers would see it if published now, and how many embeds show it now (-1: unknown); nothing is written",
  },
  "card:revert": {
    input: ZRevertCard, ack: ack<Card>("Card"), permission: "card:edit", joined: true, writes: true,
    description: "Bring a revision's title, summary and text back into the working copy (history is kept); → `card:updated`",
  },
  "feed:post": {
    input: ZPostUpdate, ack: ack<LiveUpdate>("LiveUpdate"), permission: "feed:post", joined: true, writes: true,
    description: "A live update, not empty (a contributor's waits for approval; `scheduleAt` needs `feed:manage`); → `feed:posted`, readers `live:update`",
  },
  "feed:edit": {
    input: ZEditUpdate, ack: ack<LiveUpdate>("LiveUpdate"), permission: "feed:manage", joined: true, writes: true,
    description: "Edit or correct an update, based on `baseVersion`; → `feed:changed`, readers `live:update`",
  },
  "feed:delete": {
    input: ZDeleteUpdate, ack: ack<{ updateId: number }>("{ updateId }"), permission: "feed:manage", joined: true, writes: true,
    description: "Tombstone an update (or cancel a scheduled one); → `feed:deleted` (+ `feed:pinned` null), readers `live:removed`",
  },
  "feed:pin": {
    input: ZPinUpdate, ack: ack<{ pinnedUpdateId: number | null }>("{ pinnedUpdateId }"), permission: "feed:manage", joined: true, writes: true,
    description: "Pin an approved update, or unpin (null); → `feed:pinned`, readers `live:pinned`",
  },
  "feed:keyEvent": {
    input: ZMarkKeyEvent, ack: ack<LiveUpdate>("LiveUpdate"), permission: "feed:manage", joined: true, writes: true,
    description: "Mark or unmark an update as a key event; → `feed:changed`, readers `live:update`",
  },
  "feed:approve": {
    input: ZApproveUpdate, ack: ack<LiveUpdate>("LiveUpdate"), permission: "feed:approve", joined: true, writes: true,
    description: "Publish a contributor's waiting post as a new update; → `feed:deleted` (waiting id) + `feed:posted`, readers `live:update`",
  },
  "feed:more": {
    input: ZFeedMore, ack: ack<FeedState>("FeedState"), permission: null, joined: true, writes: false,
    description: "Older updates for the desk's feed panel (waiting and scheduled ones included)",
  },
  "audit:list": {
    input: ZAuditList, ack: ack<AuditEntry[]>("AuditEntry[]"), permission: "audit:read", joined: true, writes: false,
    description: "The joined story's activity log, or one card's: newest first, 100 a page",
  },
  "stories:watch": {
    input: ZListStories, ack: ack<StorySummary[]>("StorySummary[]"), permission: "story:read", joined: false, writes: false,
    description: "The story list (visible stories only) and a seat in the list room: `stories:changed` follows",
  },
  "story:propose": {
    input: ZProposeTopics, ack: ack<Proposals>("Proposals"), permission: "story:create", joined: false, writes: false,
    description: "Topic proposals for a pasted article (not empty, ≤ 200 KB of UTF-8); nothing is stored",
  },
  "story:create": {
    input: ZCreateStory, ack: ack<Story>("Story"), permission: "story:create", joined: false, writes: false,
    description: "Open a story with its draft cards and members in one transaction (`article` ≤ 200 KB; a taken slug: CONFLICT); → `stories:changed`",
  },
  "story:update": {
    input: ZUpdateStory, ack: ack<Story>("Story"), permission: "story:manage", joined: false, writes: false,
    description: "Settings, based on `baseVersion` (per-field CONFLICT + `currentStory`); → `story:updated`, `stories:changed`, readers `live:story`",
  },
  "story:setState": {
    input: ZSetStoryState, ack: ack<Story>("Story"), permission: "story:manage", joined: false, writes: false,
    description: "End coverage, reopen, archive, unarchive; → as `story:update`",
  },
  "story:access": {
    input: ZStoryRef, ack: ack<StoryAccess>("StoryAccess"), permission: "story:manage", joined: false, writes: false,
    description: "Whether the story is restricted, its members and who may be named one",
  },
  "story:setAccess": {
    input: ZSetStoryAccess, ack: ack<Story>("Story"), permission: "story:manage", joined: false, writes: false,
    description: "Restrict a story to its members (or open it); → as `story:update`, and `story:gone` to sockets that lost access",
  },
  "story:source": {
    input: ZStoryRef, ack: ack<{ source: string }>("{ source }"), permission: "story:read", joined: false, writes: false,
    description: "The story's source article as plain text (desk only, never public)",
  },
  "review:threads": {
    input: ZThreadList, ack: ack<ReviewThread[]>("ReviewThread[]"), permission: "comment:read", joined: true, writes: false,
    description: "Review threads of the joined story, or of one card, resolved ones included",
  },
  "review:people": {
    input: ZNoPayload, ack: ack<Mentionable[]>("Mentionable[]"), permission: null, joined: true, writes: false,
    description: "Who may be mentioned: active accounts that can see the joined story",
  },
  "thread:create": {
    input: ZThreadCreate, ack: ack<ReviewThread>("ReviewThread"), permission: "comment:write", joined: true, writes: true,
    description: "A thread on a card (optionally anchored in its text) or a live post; → `review:thread`, `notification:new` to the mentioned",
  },
  "thread:resolve": {
    input: ZThreadResolve, ack: ack<ReviewThread>("ReviewThread"), permission: "comment:write", joined: true, writes: true,
    description: "Resolve or reopen a thread (its author, or `comment:moderate`); → `review:thread`",
  },
  "comment:reply": {
    input: ZCommentReply, ack: ack<ReviewThread>("ReviewThread"), permission: "comment:write", joined: true, writes: true,
    description: "Reply in a thread; → `review:thread`, `notification:new` to the mentioned and the thread's other authors",
  },
  "comment:edit": {
    input: ZCommentEdit, ack: ack<ReviewThread>("ReviewThread"), permission: "comment:write", joined: true, writes: true,
    description: "Edit one's own comment (newly mentioned people are notified); → `review:thread`",
  },
  "comment:delete": {
    input: ZCommentDelete, ack: ack<ReviewThread>("ReviewThread"), permission: "comment:write", joined: true, writes: true,
    description: "Delete a comment (one's own, or anyone's with `comment:moderate`), leaving a tombstone; → `review:thread`",
  },
  "suggestion:decide": {
    input: ZSuggestionDecide, ack: ack<{ decided: string[] }>("{ decided }"), permission: "suggestion:review", joined: true, writes: true,
    description: "Accept or reject suggestions in a card's text (some, or all); the change reaches its editors as card-text SYNC",
  },
  "notifications:list": {
    input: ZNoPayload, ack: ack<NotificationsState>("NotificationsState"), permission: null, joined: false, writes: false,
    description: "The sender's notifications (newest 50), unread count and email setting",
  },
  "notifications:read": {
    input: ZNotificationsRead, ack: ack<{ ids: number[]; unread: number }>("{ ids, unread }"), permission: null, joined: false, writes: false,
    description: "Mark notifications read (some, or all); → `notification:read` to all of the person's sockets",
  },
  "notifications:email": {
    input: ZNotificationPrefs, ack: ack<{ email: boolean }>("{ email }"), permission: null, joined: false, writes: false,
    description: "Email for mentions and replies, on or off",
  },
} as const satisfies Record<string, ClientEventSpec>;

export type ClientEventName = keyof typeof CLIENT_EVENT_TABLE;
type SpecOf<E extends ClientEventName> = (typeof CLIENT_EVENT_TABLE)[E];

/** What the browser sends for `E` (the schema's input: defaults may be left out). */
export type PayloadOf<E extends ClientEventName> = z.input<SpecOf<E>["input"]>;
/** What a server handler gets for `E` once the payload is parsed (defaults filled in, strings trimmed). */
export type InputOf<E extends ClientEventName> = z.output<SpecOf<E>["input"]>;
/** `E`'s schema as generic code sees it (parsing gives `InputOf<E>`). */
export type InputSchema<E extends ClientEventName> = z.ZodType<InputOf<E>, PayloadOf<E>>;
/** The `data` of `E`'s successful ack (never for fire-and-forget events). */
export type AckOf<E extends ClientEventName> = SpecOf<E>["ack"] extends AckType<infer T> ? T : never;
/** The events that are acknowledged (every one but fire-and-forget presence). */
export type CommandName = { [E in ClientEventName]: SpecOf<E>["ack"] extends NoAck ? never : E }[ClientEventName];

/** Events the browser sends, typed for Socket.IO: an ack callback last, except for fire-and-forget events. */
export type ClientToServerEvents = {
  [E in ClientEventName]: SpecOf<E>["ack"] extends NoAck
    ? (payload: PayloadOf<E>) => void
    : (payload: PayloadOf<E>, ack: AckFn<AckOf<E>>) => void;
};

/**
 * `E`'s schema, typed for code generic over the event (a server registering its handlers from
 * the table): the compiler cannot follow a generic index into the table; the table guarantees it.
 */
export const inputSchemaOf = <E extends ClientEventName>(event: E): InputSchema<E> =>
  CLIENT_EVENT_TABLE[event].input as unknown as InputSchema<E>;

/** Every event name a client may send; anything else gets UNKNOWN_EVENT. */
export const CLIENT_EVENTS = Object.keys(CLIENT_EVENT_TABLE) as readonly ClientEventName[];
