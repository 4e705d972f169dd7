/**
 * Scheduled live posts: every process runs a scheduler that looks for due posts and tries to
 * publish each. The database decides who wins: `publishScheduled` claims a post with a conditional
 * write inside the transaction that creates the public post, so with any number of processes,
 * and across restarts (nothing is held in memory), each due post is published exactly once. The
 * winner alone tells the desk and the readers; a winner that dies right after committing loses
 * only that push: the post is in the database, so the next page load, poll or reconnect shows it.
 */
import type { LiveUpdate } from "../../lib/protocol/feed";
import type { DeskStore } from "../store/types";
import { toLiveUpdate } from "./feed";

/** What one publication replaces: the scheduled post's id (gone) and the public post (new id). */
export interface ScheduledPublication {
  replaced: number;
  update: LiveUpdate;
}

/** Publishes every post due at `now`; returns those this caller won (others' are not repeated). */
export async function publishDue(store: DeskStore, now = new Date(), batch = 50): Promise<ScheduledPublication[]> {
  const due = await store.feed.listDueScheduled(now, batch);
  const won: ScheduledPublication[] = [];
  for (const post of due) {
    const published = await store.feed.publishScheduled(post.id, now);
    if (published) won.push({ replaced: post.id, update: toLiveUpdate(published) });
  }
  return won;
}

/**
 * Runs `publishDue` every `everyMs` and hands each publication to `announce`. A failing round
 * (database down) is logged and retried on the next tick; rounds never overlap.
 */
export function startScheduler(
  store: DeskStore,
  announce: (publication: ScheduledPublication) => void,
  {
    everyMs = 1_000,
    onError = () => {},
    clock = () => new Date(),
  }: { everyMs?: number; onError?: (err: unknown) => void; /** The time it is (tests move it ahead). */ clock?: () => Date } = {},
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = publishDue(store, clock())
      .then((won) => won.forEach(announce))
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      // A round in progress may finish (its claim is one transaction either way), but a hung
      // database must not hold up the shutdown.
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
  };
}
