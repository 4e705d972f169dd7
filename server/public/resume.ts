/**
 * A reader coming back after a blip (`live:join` with `after`): what it missed, from the story's
 * public snapshot, so a reconnect costs no query when the reader missed less than a page — the
 * usual case after a network hiccup or a server restart. Exactly the updates posted meanwhile,
 * oldest first, each once; plus what lets the reader put right what it already shows (deleted
 * and edited updates, pinned, key events, cards, story fields). More than a page missed: the
 * whole snapshot, as a first join gets.
 */
import { FEED_LIMITS, type LiveResume, type LiveSnapshot } from "../../lib/protocol/feed";
import { feedPage } from "../domain/feed";
import type { DeskStore } from "../store/types";

export async function resumeFrom(store: DeskStore, snapshot: LiveSnapshot, after: number): Promise<LiveResume | LiveSnapshot> {
  const { updates, hasMore, ...rest } = snapshot;
  const oldest = updates.at(-1)?.id ?? 0;
  let missed = updates.filter((u) => u.id > after);
  // The page reaches back past `after` (or holds the whole feed): everything newer is in it.
  const complete = after >= oldest || !hasMore;
  if (!complete) {
    // More than the snapshot's page may be missing: ask the store for up to the largest page.
    const page = await feedPage(store, snapshot.story.id, { after, limit: FEED_LIMITS.pageMax });
    if (page.hasMore) return snapshot;
    missed = page.updates;
  }
  return {
    ...rest,
    resume: true,
    missed: [...missed].reverse(),
    window: updates.map((u) => [u.id, u.version]),
    edited: updates.filter((u) => u.version > 1 && u.id <= after),
  };
}
