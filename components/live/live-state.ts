/**
 * A reader's live page state and how pushed events change it. New updates wait in `pending`
 * while the reader is scrolled down, so the page never moves under them.
 */
import type { LiveResume, LiveSnapshot, LiveUpdate } from "@/lib/protocol/feed";
import type { PublicCard } from "@/lib/protocol/embed";

export interface LiveState {
  snapshot: LiveSnapshot;
  /** Updates that arrived while the reader was not at the top, newest first. */
  pending: LiveUpdate[];
  /** Ids that just arrived at the top (for the slide-in). */
  fresh: number[];
  /**
   * While (re)joining: changes pushed before the join's snapshot arrived. The server joins the
   * room before it reads the snapshot, so these may be newer than it: they are applied after it.
   */
  held?: LiveAction[] | null;
}

export type LiveAction =
  | { type: "joining" }
  | { type: "snapshot"; snapshot: LiveSnapshot; atTop: boolean }
  | { type: "resume"; resume: LiveResume; atTop: boolean }
  | { type: "update"; update: LiveUpdate; atTop: boolean }
  | { type: "removed"; id: number }
  | { type: "pinned"; pinned: LiveUpdate | null }
  | { type: "card"; card: PublicCard }
  | { type: "cardWithdrawn"; id: string }
  | { type: "story"; story: LiveSnapshot["story"] }
  | { type: "showPending" };

const newestFirst = (list: LiveUpdate[]) => [...list].sort((a, b) => b.id - a.id);
const replace = (list: LiveUpdate[], u: LiveUpdate) => list.map((x) => (x.id === u.id && u.version >= x.version ? u : x));

function withKeyEvent(keyEvents: LiveUpdate[], u: LiveUpdate): LiveUpdate[] {
  const rest = keyEvents.filter((k) => k.id !== u.id);
  return u.keyEvent ? newestFirst([...rest, u]) : rest;
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  if (action.type === "joining") return { ...state, held: [] };
  if (action.type === "snapshot" || action.type === "resume") {
    const held = state.held ?? [];
    const joined = action.type === "snapshot" ? applyLive({ ...state, held: null }, action) : resume({ ...state, held: null }, action);
    return held.reduce(liveReducer, joined);
  }
  if (state.held && action.type !== "showPending") return { ...state, held: [...state.held, action] };
  return applyLive(state, action);
}

/**
 * Back after a blip: the missed updates arrive as new ones (inserted at the top, or waiting behind
 * the button), each once and in order; deleted ones leave, edited ones are replaced; pinned, key
 * events, cards and the story's fields are taken as they are now.
 */
function resume(state: LiveState, { resume: r, atTop }: Extract<LiveAction, { type: "resume" }>): LiveState {
  const inWindow = new Set(r.window.map(([id]) => id));
  const oldestInWindow = r.window.at(-1)?.[0] ?? Number.POSITIVE_INFINITY;
  const gone = (u: LiveUpdate) => u.id >= oldestInWindow && !inWindow.has(u.id) && !r.missed.some((m) => m.id === u.id);
  let next: LiveState = {
    ...state,
    snapshot: {
      ...state.snapshot,
      story: r.story,
      pinned: r.pinned,
      pinnedUpdateId: r.pinnedUpdateId,
      keyEvents: r.keyEvents,
      cards: r.cards,
      updates: state.snapshot.updates.filter((u) => !gone(u)),
    },
    pending: state.pending.filter((u) => !gone(u)),
    fresh: [],
  };
  for (const update of [...r.edited, ...r.missed]) next = applyLive(next, { type: "update", update, atTop });
  if (atTop && r.missed.length > 1) next = { ...next, fresh: r.missed.map((u) => u.id) };
  return next;
}

function applyLive(state: LiveState, action: Exclude<LiveAction, { type: "joining" | "resume" }>): LiveState {
  const s = state.snapshot;
  switch (action.type) {
    case "snapshot": {
      // After a reconnect: anything newer than what the reader sees is announced, not inserted.
      const shownIds = new Set(s.updates.map((u) => u.id));
      const newest = s.updates[0]?.id ?? 0;
      const incoming = action.snapshot.updates.filter((u) => u.id > newest && !shownIds.has(u.id));
      if (action.atTop || incoming.length === 0) return { ...state, snapshot: action.snapshot, pending: [], fresh: [] };
      const kept = action.snapshot.updates.filter((u) => u.id <= newest);
      return { ...state, snapshot: { ...action.snapshot, updates: kept }, pending: incoming, fresh: [] };
    }
    case "update": {
      const u = action.update;
      const known = s.updates.some((x) => x.id === u.id) || state.pending.some((x) => x.id === u.id);
      const keyEvents = withKeyEvent(s.keyEvents, u);
      const pinned = s.pinned?.id === u.id ? u : s.pinned;
      if (known) {
        return {
          ...state,
          snapshot: { ...s, updates: replace(s.updates, u), keyEvents, pinned },
          pending: replace(state.pending, u),
        };
      }
      // A change to an update older than the page shows (edited, corrected, marked): not news.
      // Unknown but within or above the page: readers never had it (a contributor's post just
      // approved by an editor), so it is news, whatever its version.
      const ids = [...s.updates, ...state.pending].map((x) => x.id);
      const oldestShown = ids.length ? Math.min(...ids) : 0;
      if (u.version > 1 && u.id < oldestShown) return { ...state, snapshot: { ...s, keyEvents, pinned } };
      if (!action.atTop) return { ...state, snapshot: { ...s, keyEvents, pinned }, pending: newestFirst([...state.pending, u]) };
      return { ...state, snapshot: { ...s, updates: newestFirst([u, ...s.updates]), keyEvents, pinned }, fresh: [u.id] };
    }
    case "removed":
      return {
        ...state,
        snapshot: {
          ...s,
          updates: s.updates.filter((u) => u.id !== action.id),
          keyEvents: s.keyEvents.filter((u) => u.id !== action.id),
          pinned: s.pinned?.id === action.id ? null : s.pinned,
        },
        pending: state.pending.filter((u) => u.id !== action.id),
      };
    case "pinned":
      return { ...state, snapshot: { ...s, pinned: action.pinned, pinnedUpdateId: action.pinned?.id ?? null } };
    case "card": {
      const cards = [...s.cards.filter((c) => c.id !== action.card.id), action.card].sort((a, b) => a.position - b.position);
      return { ...state, snapshot: { ...s, cards } };
    }
    case "cardWithdrawn":
      return { ...state, snapshot: { ...s, cards: s.cards.filter((c) => c.id !== action.id) } };
    case "story":
      return { ...state, snapshot: { ...s, story: action.story } };
    case "showPending":
      return {
        ...state,
        snapshot: { ...s, updates: newestFirst([...state.pending, ...s.updates]) },
        pending: [],
        fresh: state.pending.map((u) => u.id),
      };
  }
}
