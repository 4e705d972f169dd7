"use client";
/**
 * A reader's live page after first paint: joins the read-only /live namespace and applies what
 * the desk pushes. New updates slide in at the top, or, when the reader has scrolled down, wait
 * behind a "N new updates" button so the page never jumps.
 */
import { useEffect, useReducer, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { LIVE_NAMESPACE, PROTOCOL_VERSION, publicCardPath, type LiveClientEvents, type LiveServerEvents, type LiveSnapshot } from "@/lib/protocol";
import { liveReducer } from "./live-state";
import { LiveUpdateItem } from "./LiveUpdateItem";
import { LocalTimes } from "../stories/LocalTimes";

/** Ended when its end is past; a few minutes of slack for a reader's clock that runs behind the server's. */
const CLOCK_SLACK_MS = 5 * 60_000;
const hasEnded = (end: string | null) => end !== null && Date.parse(end) <= Date.now() + CLOCK_SLACK_MS;

/** How far down (px) a reader may be and still count as "at the top". */
const TOP_SLACK = 120;
const atTop = () => window.scrollY < TOP_SLACK;

export function LiveFeed({ initial }: { initial: LiveSnapshot }) {
  const [state, dispatch] = useReducer(liveReducer, { snapshot: initial, pending: [], fresh: [] });
  const [connected, setConnected] = useState(false);
  const { snapshot, pending, fresh } = state;
  const slug = initial.story.slug;

  useEffect(() => {
    const socket: Socket<LiveServerEvents, LiveClientEvents> = io(LIVE_NAMESPACE, { auth: { protocol: PROTOCOL_VERSION } });
    socket.on("connect", () => {
      // Changes pushed before the snapshot arrives are held and applied after it.
      dispatch({ type: "joining" });
      socket.emit("live:join", { slug }, (ack) => {
        if (!ack.ok) return;
        setConnected(true);
        dispatch({ type: "snapshot", snapshot: ack.data, atTop: atTop() });
      });
    });
    socket.on("disconnect", () => setConnected(false));
    socket.on("live:update", (update) => dispatch({ type: "update", update, atTop: atTop() }));
    socket.on("live:removed", ({ id }) => dispatch({ type: "removed", id }));
    socket.on("live:pinned", ({ pinned }) => dispatch({ type: "pinned", pinned }));
    socket.on("live:card", (card) => dispatch({ type: "card", card }));
    socket.on("live:cardWithdrawn", ({ id }) => dispatch({ type: "cardWithdrawn", id }));
    socket.on("live:story", (story) => dispatch({ type: "story", story }));
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [slug]);

  // Back at the top: waiting updates come in by themselves.
  useEffect(() => {
    if (pending.length === 0) return;
    const onScroll = () => atTop() && dispatch({ type: "showPending" });
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, [pending.length]);

  const ended = hasEnded(snapshot.story.coverageEnd);
  const { story } = snapshot;

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-3xl font-bold leading-tight">{story.headline}</h1>
        <p className="text-slate-700">{story.summary}</p>
        {story.coverageStart && (
          <p className="text-xs text-slate-500" data-testid="coverage-window">
            Coverage from <LocalTimes iso={story.coverageStart} zones={story.timeZones} />
            {story.coverageEnd && (
              <>
                {" "}to <LocalTimes iso={story.coverageEnd} zones={story.timeZones} />
              </>
            )}
          </p>
        )}
      </header>
      <p className="flex items-center gap-2 text-sm" role="status" data-testid="live-state">
        {ended ? (
          <span className="font-semibold text-slate-700" data-testid="coverage-ended">Live coverage has ended.</span>
        ) : (
          <>
            <span className={`h-2.5 w-2.5 rounded-full ${connected ? "animate-pulse bg-red-600" : "bg-slate-400"}`} aria-hidden />
            <span className="font-semibold text-red-700">{connected ? "Live" : "Reconnecting…"}</span>
          </>
        )}
      </p>

      {pending.length > 0 && (
        <button
          type="button"
          data-testid="new-updates"
          onClick={() => {
            dispatch({ type: "showPending" });
            window.scrollTo({ top: 0, behavior: "smooth" });
          }}
          className="fixed left-1/2 top-4 z-10 -translate-x-1/2 rounded-full bg-red-600 px-4 py-2 text-sm font-semibold text-white shadow-lg"
        >
          {pending.length === 1 ? "1 new update" : `${pending.length} new updates`} ↑
        </button>
      )}

      {snapshot.pinned && <LiveUpdateItem update={snapshot.pinned} pinned />}

      {snapshot.keyEvents.length > 0 && (
        <section aria-labelledby="key-events">
          <h2 id="key-events" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">Key events</h2>
          <ol className="space-y-1 border-l-2 border-red-600 pl-3 text-sm" data-testid="key-events">
            {snapshot.keyEvents.map((k) => (
              <li key={k.id}>
                <a href={`#update-${k.id}`} className="hover:underline">
                  {k.bodyText.split("\n")[0].slice(0, 120)}
                </a>
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-label="Live updates" className="space-y-3" data-testid="live-feed">
        {snapshot.updates.length === 0 && <p className="text-slate-500">No updates yet.</p>}
        {snapshot.updates.map((u) => (
          <LiveUpdateItem key={u.id} update={u} fresh={fresh.includes(u.id)} />
        ))}
      </section>

      {snapshot.cards.length > 0 && (
        <section aria-labelledby="topics">
          <h2 id="topics" className="mb-2 text-lg font-semibold">The story so far</h2>
          <ul className="grid gap-3 md:grid-cols-2" data-testid="public-cards">
            {snapshot.cards.map((c) => (
              <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4">
                <h3 className="font-semibold">
                  <a href={publicCardPath(c.id)} className="hover:underline">
                    {c.title}
                  </a>
                </h3>
                <p className="mt-1 text-sm text-slate-700">{c.summary}</p>
                {c.corrections.length > 0 && (
                  <p className="mt-1 text-xs text-amber-800">Corrected: {c.corrections.at(-1)?.note}</p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
