/**
 * The reader's script on the live page (/live/:slug), bundled by scripts/build-embed.mjs into
 * public/live/page.js. The page arrives complete from the server (components/live/html.ts); this
 * keeps it live without React: the state is the same pure reducer the tests cover
 * (live-state.ts), and every piece is re-rendered with the same functions the server used
 * (parts.ts).
 *
 * - Joins the read-only /live namespace; after a reconnect it sends `after` (the newest update it
 *   shows) and gets only what it missed (server/public/resume.ts).
 * - Reconnects with jittered, growing delays, so a server restart does not bring every reader
 *   back in the same second.
 * - When the WebSocket cannot open (a proxy in the way), it polls the cached feed API every
 *   POLL_MS with If-None-Match (components/live/poll.ts) and keeps trying the socket.
 * - New updates slide in at the top, or wait behind "N new updates" when the reader has scrolled
 *   down; a polite live region tells screen-reader users, at most once per ANNOUNCE_MS.
 */
import { io, type Socket } from "socket.io-client";
import { LIVE_NAMESPACE } from "@/lib/protocol/embed";
import { PROTOCOL_VERSION } from "@/lib/protocol/version";
import type { FeedState, LiveClientEvents, LiveServerEvents, LiveSnapshot, LiveUpdate } from "@/lib/protocol/feed";
import { liveReducer, type LiveAction, type LiveState } from "./live-state";
import { cardsHtml, coverageHtml, hasEnded, keyEventsHtml, LIVE_IDS, newUpdatesText, stateHtml, updateHtml } from "./parts";
import { startPolling, type Poller } from "./poll";
import { loadEmbed } from "./media-html";
import { formatRelative } from "@/lib/format/time";

/** How far down (px) a reader may be and still count as "at the top". */
const TOP_SLACK = 120;
/** A socket not open after this long (a proxy holding the upgrade): the page polls meanwhile. */
const FALLBACK_AFTER_MS = 5_000;
/** The live region speaks at most this often; updates in between are summed up. */
const ANNOUNCE_MS = 10_000;

const page = document.querySelector<HTMLElement>("article.lv[data-slug]");
if (page) start(page);
// "3 min ago" beside each time, kept current (the served page may come from a cache).
function refreshAgo(): void {
  for (const node of Array.from(document.querySelectorAll<HTMLElement>("[data-ago]"))) {
    const text = ` · ${formatRelative(node.dataset.ago!)}`;
    if (node.textContent !== text) node.textContent = text;
  }
}
refreshAgo();
setInterval(refreshAgo, 30_000);
new MutationObserver(refreshAgo).observe(document.body, { childList: true, subtree: true });
// Social and video posts load only when the reader asks (components/live/media-html.ts).
document.addEventListener("click", (event) => {
  const button = (event.target as Element | null)?.closest?.<HTMLButtonElement>("button[data-embed-frame]");
  if (button) loadEmbed(button);
});

function start(root: HTMLElement): void {
  const slug = root.dataset.slug ?? "";
  const el = (id: string) => document.getElementById(id)!;
  const atTop = () => window.scrollY < TOP_SLACK;
  // What the server rendered, as the reducer's starting point: the ids and versions on screen.
  const shown: LiveUpdate[] = Array.from(el(LIVE_IDS.feed).querySelectorAll<HTMLElement>("[data-update-id]")).map(
    (n) => ({ id: Number(n.dataset.updateId), version: Number(n.dataset.version) }) as LiveUpdate,
  );
  const story = { coverageEnd: root.dataset.end || null } as LiveSnapshot["story"];
  const pinnedId = Number(el(LIVE_IDS.pinned).querySelector<HTMLElement>("[data-update-id]")?.dataset.updateId) || null;
  // Key events, pinned and cards as empty lists: the reducer reads them; only a join fills them in.
  const skeleton = { updates: shown, story, pinnedUpdateId: pinnedId, pinned: null, keyEvents: [], cards: [], hasMore: false };
  let state: LiveState = { snapshot: skeleton as LiveSnapshot, pending: [], fresh: [], held: [] };
  /** Whether the state holds a whole snapshot (from a join); polling alone knows only the feed. */
  let whole = false;
  let joined = false;
  let mode: "live" | "connecting" | "polling" = "connecting";
  const nodes = new Map<number, { version: number; node: Element }>();
  for (const n of Array.from(el(LIVE_IDS.feed).querySelectorAll("[data-update-id]"))) {
    nodes.set(Number((n as HTMLElement).dataset.updateId), { version: Number((n as HTMLElement).dataset.version), node: n });
  }
  const toNode = (html: string) => {
    const t = document.createElement("template");
    t.innerHTML = html;
    return t.content.firstElementChild!;
  };

  // Screen readers: "3 new updates", not one announcement per post during a busy minute.
  let unannounced = 0;
  let announceTimer: ReturnType<typeof setTimeout> | null = null;
  let lastAnnounced = 0;
  function announce(count: number): void {
    unannounced += count;
    if (announceTimer) return;
    announceTimer = setTimeout(() => {
      announceTimer = null;
      lastAnnounced = Date.now();
      // The same words twice in a row are not read again by some screen readers: vary the text.
      const text = unannounced === 1 ? "1 new update" : `${unannounced} new updates`;
      const region = el(LIVE_IDS.announcer);
      region.textContent = region.textContent === text ? `${text}.` : text;
      unannounced = 0;
    }, Math.max(0, lastAnnounced + ANNOUNCE_MS - Date.now()));
  }

  let lastPinned = "";
  let lastKeys = "";
  let lastCards = "";
  let lastStory = "";
  function render(): void {
    const s = state.snapshot;
    const ended = hasEnded(s.story.coverageEnd);
    el(LIVE_IDS.state).innerHTML = stateHtml(mode, ended);
    if (!joined) return;
    if (whole) renderRest(s);
    renderFeed(s);
  }

  function renderRest(s: LiveSnapshot): void {
    const story = JSON.stringify(s.story);
    if (story !== lastStory) {
      lastStory = story;
      el(LIVE_IDS.headline).textContent = s.story.headline;
      el(LIVE_IDS.summary).textContent = s.story.summary;
      const coverage = coverageHtml(s.story);
      el(LIVE_IDS.coverage).innerHTML = coverage;
      el(LIVE_IDS.coverage).hidden = coverage === "";
    }
    const pinned = s.pinned ? updateHtml(s.pinned, { pinned: true, cards: s.cards, zones: s.story.timeZones ?? [] }) : "";
    if (pinned !== lastPinned) el(LIVE_IDS.pinned).innerHTML = lastPinned = pinned;
    const keys = keyEventsHtml(s.keyEvents);
    if (keys !== lastKeys) {
      el(LIVE_IDS.keyEvents).innerHTML = lastKeys = keys;
      el(LIVE_IDS.keyEvents).hidden = keys === "";
    }
    const cards = cardsHtml(s.cards);
    if (cards !== lastCards) {
      el(LIVE_IDS.cards).innerHTML = lastCards = cards;
      el(LIVE_IDS.cards).hidden = cards === "";
    }
  }

  function renderFeed(s: LiveSnapshot): void {
    // The feed, keyed by id: unchanged updates keep their element (and the reader's selection).
    const wanted = s.updates.map((u) => {
      const known = nodes.get(u.id);
      const fresh = state.fresh.includes(u.id);
      if (known && known.version === u.version && !fresh) return known.node;
      const node = toNode(updateHtml(u, { fresh, cards: s.cards, zones: s.story.timeZones ?? [] }));
      nodes.set(u.id, { version: u.version, node });
      return node;
    });
    const feed = el(LIVE_IDS.feed);
    const current = Array.from(feed.children);
    if (wanted.length === 0) feed.innerHTML = '<p class="lv-empty">No updates yet.</p>';
    else if (current.length !== wanted.length || current.some((n, i) => n !== wanted[i])) feed.replaceChildren(...wanted);
    for (const id of nodes.keys()) if (!s.updates.some((u) => u.id === id)) nodes.delete(id);
    // The button exists only while updates wait (a hidden one would still be in the page's tab order for some readers).
    const slot = el(LIVE_IDS.newUpdates);
    if (state.pending.length === 0) slot.replaceChildren();
    else {
      if (!slot.firstElementChild) slot.appendChild(newButton);
      newButton.textContent = newUpdatesText(state.pending.length);
    }
  }

  function dispatch(action: LiveAction): void {
    const before = new Set([...state.snapshot.updates, ...state.pending].map((u) => u.id));
    state = liveReducer(state, action);
    if (!state.held) {
      const arrived = [...state.snapshot.updates, ...state.pending].filter((u) => !before.has(u.id)).length;
      if (joined && arrived > 0 && action.type !== "snapshot") announce(arrived);
      render();
    }
  }

  const newButton = document.createElement("button");
  newButton.type = "button";
  newButton.className = "lv-new";
  newButton.dataset.testid = "new-updates";
  newButton.addEventListener("click", () => {
    dispatch({ type: "showPending" });
    window.scrollTo({ top: 0, behavior: "smooth" });
    // The button is gone now: keyboard and screen-reader focus goes to the newest post, where
    // the reader asked to be, instead of falling back to the top of the document.
    const newest = el(LIVE_IDS.feed).querySelector<HTMLElement>("article");
    if (newest) {
      newest.tabIndex = -1;
      newest.focus({ preventScroll: true });
    }
  });
  // Back at the top: waiting updates come in by themselves.
  window.addEventListener("scroll", () => state.pending.length > 0 && atTop() && dispatch({ type: "showPending" }), { passive: true });

  const newestShown = () => Math.max(0, ...state.snapshot.updates.map((u) => u.id), ...state.pending.map((u) => u.id));

  // WebSocket only: if it cannot open, the cached feed API is polled instead (see below), which
  // a CDN absorbs far better than Socket.IO's own long-polling would.
  const socket: Socket<LiveServerEvents, LiveClientEvents> = io(LIVE_NAMESPACE, {
    auth: { protocol: PROTOCOL_VERSION },
    transports: ["websocket"],
    // 0–4 s for the first retry, doubling up to 30 s, each with ±100 % jitter.
    reconnectionDelay: 2_000,
    reconnectionDelayMax: 30_000,
    randomizationFactor: 1,
    // A WebSocket a proxy closes before it opens is reported only when this runs out.
    timeout: FALLBACK_AFTER_MS,
  });
  let poller: Poller | null = null;
  socket.on("connect", () => {
    poller?.stop();
    poller = null;
    if (joined) dispatch({ type: "joining" });
    const after = joined ? newestShown() : undefined;
    socket.emit("live:join", after === undefined ? { slug } : { slug, after }, (ack) => {
      if (!ack.ok) return;
      mode = "live";
      const first = !joined;
      joined = true;
      if (first) state = { ...state, held: state.held ?? [] };
      // A snapshot and a resume both carry the story, pinned, key events and cards as they are now.
      whole = true;
      if ("resume" in ack.data) dispatch({ type: "resume", resume: ack.data, atTop: atTop() });
      else dispatch({ type: "snapshot", snapshot: ack.data, atTop: atTop() });
    });
  });
  socket.on("disconnect", () => {
    mode = "connecting";
    render();
  });
  /** The socket cannot open (refused, closed by a proxy, or nothing after a while): poll meanwhile. */
  function fallBack(): void {
    if (poller || socket.connected) return;
    poller = startPolling(slug, (page) => {
      mode = "polling";
      joined = true;
      // Nothing is held while polling: there is no join whose answer could overtake a change.
      state = { ...state, held: null };
      for (const action of pageActions(page)) dispatch(action);
      render();
    });
  }
  // The socket keeps retrying on its own (with its jittered back-off) and takes over when it opens.
  socket.on("connect_error", fallBack);
  socket.io.on("reconnect_attempt", fallBack);
  setTimeout(fallBack, FALLBACK_AFTER_MS);

  /** A polled first page of the feed as the changes the socket would have pushed. */
  function pageActions(page: FeedState): LiveAction[] {
    const actions: LiveAction[] = [];
    const ids = new Set(page.updates.map((u) => u.id));
    const oldest = page.updates.at(-1)?.id ?? Number.POSITIVE_INFINITY;
    for (const u of [...state.snapshot.updates, ...state.pending]) if (u.id >= oldest && !ids.has(u.id)) actions.push({ type: "removed", id: u.id });
    for (const u of [...page.updates].reverse()) actions.push({ type: "update", update: u, atTop: atTop() });
    if (page.pinnedUpdateId !== state.snapshot.pinnedUpdateId) {
      const pinned = page.updates.find((u) => u.id === page.pinnedUpdateId) ?? null;
      if (pinned || page.pinnedUpdateId === null) actions.push({ type: "pinned", pinned });
      if (!whole) el(LIVE_IDS.pinned).innerHTML = pinned ? updateHtml(pinned, { pinned: true }) : "";
    }
    return actions;
  }
  socket.on("live:update", (update) => dispatch({ type: "update", update, atTop: atTop() }));
  socket.on("live:removed", ({ id }) => dispatch({ type: "removed", id }));
  socket.on("live:pinned", ({ pinned }) => dispatch({ type: "pinned", pinned }));
  socket.on("live:card", (card) => dispatch({ type: "card", card }));
  socket.on("live:cardWithdrawn", ({ id }) => dispatch({ type: "cardWithdrawn", id }));
  socket.on("live:story", (story) => dispatch({ type: "story", story }));
}
