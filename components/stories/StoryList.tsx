"use client";
/**
 * The story list: live stories first, then ended ones, archived ones on request; search by
 * headline; counts, last activity and who is on each story now. It watches the list room and asks
 * again whenever a colleague opens a story, changes its state or joins one (the server sends only
 * "something changed", never a story, so restricted ones cannot leak).
 */
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { can, type SessionUser, type StorySummary } from "@/lib/protocol";
import type { DeskSocket } from "../desk/desk-socket";
import { useStoriesSocket } from "./useStoriesSocket";

const stateOf = (s: StorySummary) => (s.archivedAt ? "archived" : s.coverageEnd ? "ended" : "live");
const BADGE = {
  live: "bg-red-600 text-white",
  ended: "bg-slate-200 text-slate-800",
  archived: "bg-amber-100 text-amber-900",
} as const;

function ago(iso: string | null): string {
  if (!iso) return "no activity yet";
  const minutes = Math.round((Date.now() - Date.parse(iso)) / 60_000);
  if (minutes < 1) return "active just now";
  if (minutes < 60) return `active ${minutes} min ago`;
  if (minutes < 48 * 60) return `active ${Math.round(minutes / 60)} h ago`;
  return `active ${new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short" })}`;
}

export function StoryList({ initial, me }: { initial: StorySummary[]; me: SessionUser }) {
  const [stories, setStories] = useState(initial);
  const [search, setSearch] = useState("");
  const [archived, setArchived] = useState(false);
  /** True once the server has the list's room: colleagues' changes arrive from then on. */
  const [watching, setWatching] = useState(false);
  const filter = useRef({ search, archived });
  useEffect(() => {
    filter.current = { search, archived };
  });

  const load = useCallback((socket: DeskSocket) => {
    socket.emit("stories:watch", filter.current, (ack) => {
      if (!ack.ok) return;
      setStories(ack.data);
      setWatching(true);
    });
  }, []);
  const { socket } = useStoriesSocket(load);

  // Changes come in bursts (a join, a presence change): ask once per burst.
  useEffect(() => {
    const s = socket.current;
    if (!s) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChanged = () => {
      clearTimeout(timer);
      timer = setTimeout(() => load(s), 250);
    };
    s.on("stories:changed", onChanged);
    return () => {
      clearTimeout(timer);
      s.off("stories:changed", onChanged);
    };
  }, [socket, load]);

  useEffect(() => {
    const s = socket.current;
    if (!s?.connected) return;
    const timer = setTimeout(() => load(s), 200);
    return () => clearTimeout(timer);
  }, [search, archived, socket, load]);

  return (
    <section aria-labelledby="stories-heading" className="space-y-4" data-watching={watching}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="stories-heading" className="text-2xl font-semibold">
          {archived ? "Archived stories" : "Stories"}
        </h1>
        {can(me.role, "story:create") && (
          <Link href="/stories/new" className="rounded bg-slate-900 px-3 py-2 text-sm font-semibold text-white hover:bg-slate-700">
            New story
          </Link>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex-1 text-sm">
          <span className="sr-only">Search by headline</span>
          <input
            type="search"
            value={search}
            maxLength={100}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Search headlines"
            className="w-full rounded border border-slate-300 px-3 py-2"
          />
        </label>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
          Show archived
        </label>
      </div>
      {stories.length === 0 ? (
        <p className="text-slate-600">{search ? "No story matches that search." : archived ? "No archived stories." : "No stories yet."}</p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" data-testid="story-list">
          {stories.map((s) => {
            const state = stateOf(s);
            return (
              <li key={s.id}>
                <Link
                  href={`/stories/${s.slug}`}
                  data-testid="story-item"
                  className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition hover:border-slate-400"
                >
                  <div className="flex items-center gap-2 text-xs">
                    <span className={`rounded-full px-2 py-0.5 font-semibold uppercase ${BADGE[state]}`}>{state}</span>
                    {s.restricted && <span className="rounded-full bg-violet-100 px-2 py-0.5 text-violet-900">restricted</span>}
                  </div>
                  <h2 className="mt-1 text-lg font-semibold">{s.headline}</h2>
                  <p className="mt-1 line-clamp-3 text-sm text-slate-600">{s.summary}</p>
                  <p className="mt-3 text-xs text-slate-500" data-testid="story-stats">
                    {s.cardCount} cards · {s.publishedCount} published · {ago(s.lastActivityAt)} ·{" "}
                    <span data-testid="story-online">{s.onlineCount === 1 ? "1 person on it" : `${s.onlineCount} people on it`}</span>
                  </p>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
