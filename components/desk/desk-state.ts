/**
 * The desk's client state and how server events change it. Pure, so the rules (ignore stale
 * broadcasts, keep order, drop deleted cards) are easy to reason about and to test.
 */
import type { Card, CardOrder, CardTextChange, FeedState, LiveUpdate, Member, SessionUser, Story, StoryWithCards } from "@/lib/protocol";

export type Connection = "connecting" | "connected" | "reconnecting" | "offline";

export interface DeskState {
  /** Who we are signed in as: from the page first, then from every join (a role may change). */
  me: SessionUser;
  story: StoryWithCards;
  members: Member[];
  /** The live feed panel: newest first. */
  feed: FeedState;
  connection: Connection;
  /** Set when the server refused us for good (e.g. protocol changed): the page must be reloaded. */
  fatal: string | null;
}

export type DeskAction =
  | { type: "joined"; me: SessionUser; story: StoryWithCards; members: Member[]; feed: FeedState }
  | { type: "feedUpserted"; update: LiveUpdate }
  | { type: "feedDeleted"; updateId: number }
  | { type: "feedPinned"; pinnedUpdateId: number | null }
  | { type: "feedOlder"; page: FeedState }
  | { type: "cardUpserted"; card: Card }
  | { type: "cardText"; change: CardTextChange }
  | { type: "cardsMoved"; order: CardOrder }
  | { type: "cardDeleted"; cardId: string }
  | { type: "memberJoined"; storyId: string; member: Member }
  | { type: "memberLeft"; storyId: string; clientId: string }
  | { type: "storyUpdated"; story: Story }
  | { type: "connection"; connection: Connection }
  | { type: "fatal"; message: string };

function byPosition(cards: Card[]): Card[] {
  return [...cards].sort((a, b) => a.position - b.position);
}

export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  switch (action.type) {
    case "joined":
      return { ...state, me: action.me, story: action.story, members: action.members, feed: action.feed, connection: "connected" };
    case "feedUpserted": {
      const { update } = action;
      if (update.storyId !== state.story.id) return state;
      const old = state.feed.updates.find((u) => u.id === update.id);
      if (old && old.version > update.version) return state;
      const updates = [...state.feed.updates.filter((u) => u.id !== update.id), update].sort((a, b) => b.id - a.id);
      return { ...state, feed: { ...state.feed, updates } };
    }
    case "feedDeleted":
      return {
        ...state,
        feed: {
          ...state.feed,
          updates: state.feed.updates.filter((u) => u.id !== action.updateId),
          pinnedUpdateId: state.feed.pinnedUpdateId === action.updateId ? null : state.feed.pinnedUpdateId,
        },
      };
    case "feedPinned":
      return { ...state, feed: { ...state.feed, pinnedUpdateId: action.pinnedUpdateId } };
    case "feedOlder": {
      const known = new Set(state.feed.updates.map((u) => u.id));
      const older = action.page.updates.filter((u) => !known.has(u.id));
      return { ...state, feed: { ...state.feed, updates: [...state.feed.updates, ...older], hasMore: action.page.hasMore } };
    }
    case "cardUpserted": {
      const { card } = action;
      if (card.storyId !== state.story.id) return state;
      const existing = state.story.cards.find((c) => c.id === card.id);
      // An ack and a broadcast of the same change both arrive; an older one must never win.
      if (existing && existing.version > card.version) return state;
      const others = state.story.cards.filter((c) => c.id !== card.id);
      const merged = existing ? { ...card, position: existing.position } : card;
      return { ...state, story: { ...state.story, cards: byPosition([...others, merged]) } };
    }
    case "cardText": {
      const { change } = action;
      const existing = state.story.cards.find((c) => c.id === change.cardId);
      // Typing does not bump the card's version: the time of the stored text orders previews.
      if (!existing || existing.updatedAt > change.updatedAt) return state;
      const { preview, changedSincePublish, updatedAt } = change;
      const cards = state.story.cards.map((c) => (c.id === change.cardId ? { ...c, preview, changedSincePublish, updatedAt } : c));
      return { ...state, story: { ...state.story, cards } };
    }
    case "cardsMoved": {
      if (action.order.storyId !== state.story.id) return state;
      const index = new Map(action.order.order.map((id, i) => [id, i]));
      const cards = state.story.cards.map((c) => ({ ...c, position: index.get(c.id) ?? c.position }));
      return { ...state, story: { ...state.story, cards: byPosition(cards) } };
    }
    case "cardDeleted":
      return {
        ...state,
        story: { ...state.story, cards: state.story.cards.filter((c) => c.id !== action.cardId) },
      };
    case "memberJoined": {
      if (action.storyId !== state.story.id) return state;
      const others = state.members.filter((m) => m.clientId !== action.member.clientId);
      return { ...state, members: [...others, action.member] };
    }
    case "memberLeft":
      if (action.storyId !== state.story.id) return state;
      return { ...state, members: state.members.filter((m) => m.clientId !== action.clientId) };
    case "storyUpdated":
      // Settings and state only; a late broadcast of an older version never undoes a newer one.
      if (action.story.id !== state.story.id || action.story.version < state.story.version) return state;
      return { ...state, story: { ...state.story, ...action.story, cards: state.story.cards } };
    case "connection":
      return { ...state, connection: action.connection };
    case "fatal":
      return { ...state, fatal: action.message, connection: "offline" };
  }
}
