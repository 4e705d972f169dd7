/**
 * Card text across several server processes. The database log is the truth; this module only
 * makes each process's live documents (and so its editors) follow it:
 * - every update a process stores is announced to the others (Socket.IO `serverSideEmit`,
 *   carried by the Redis adapter) with its card id and log row id; a receiver applies it to
 *   its live document if it has the card loaded (Yjs updates are idempotent), and the document
 *   reports it as "remoteUpdate" for the receiver's own editors of the card;
 * - announcements are lossy (Redis down, a process killed between its write and its
 *   announcement), so each process also catches up from the store: every `intervalMs`, and at
 *   once when its Redis connection comes back. Catching up reads the ids of the card's log rows
 *   and its snapshot mark (one query each for all loaded cards), then only the rows it has not
 *   applied, and the snapshot only if another compaction rewrote it.
 */
import { z } from "zod";
import { COLLAB_LIMITS } from "../../lib/protocol/collab";
import type { CardDocs } from "./card-docs";
import type { DocStore } from "../store/types";
import { loggerFor } from "../logger";
import { metrics } from "../ops/metrics";

const log = loggerFor("collab");

/**
 * The announcement of a stored update, as it travels between processes. The adapter sends
 * server-side events as JSON, so the update travels in base64.
 */
export const ZStoredAnnouncement = z.object({
  cardId: z.string().min(1).max(64),
  id: z.number().int().positive(),
  update: z.base64().max(Math.ceil((COLLAB_LIMITS.messageBytesMax * 4) / 3) + 4),
});

/** Cursors on a card from another process (server/realtime/cross-process.ts). */
export const ZAwarenessAnnouncement = z.object({
  cardId: z.string().min(1).max(64),
  message: z.base64().max(Math.ceil((COLLAB_LIMITS.awarenessBytesMax * 4) / 3) + 4),
});

/** Reads the store and applies to the live documents whatever they lack. Never throws. */
export async function catchUp(docs: CardDocs, store: DocStore): Promise<{ rows: number; snapshots: number }> {
  const lives = docs.liveEntries();
  const done = { rows: 0, snapshots: 0 };
  if (lives.length === 0) return done;
  try {
    const state = await store.logState(lives.map((l) => l.cardId));
    for (const live of lives) {
      const now = state.get(live.cardId);
      if (!now) continue;
      const { seen, mark } = docs.appliedOf(live);
      const missing = now.ids.filter((id) => !seen.has(id));
      for (const row of await store.readUpdates(live.cardId, missing)) {
        docs.applyRow(live, row.id, row.update);
        done.rows += 1;
      }
      if (now.mark !== null && now.mark !== mark) {
        // Rewritten by a compaction: it may fold rows this process never saw.
        const snapshot = await store.readSnapshot(live.cardId);
        if (snapshot) {
          docs.applySnapshot(live, snapshot.state, snapshot.mark);
          done.snapshots += 1;
        }
      }
      docs.pruneSeen(live, now.ids);
    }
    if (done.rows > 0) log.info(done, "caught up with updates other processes stored");
  } catch (err) {
    log.warn({ err }, "catching up with the store failed; will try again");
  }
  return done;
}

/**
 * Runs `catchUp` every `intervalMs` and on demand, never two at a time. Returns `now()` (run
 * once more as soon as possible) and `stop()`.
 */
export function catchUpLoop(docs: CardDocs, store: DocStore, intervalMs: number) {
  let running: Promise<unknown> | null = null;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = catchUp(docs, store)
      .then(({ rows }) => metrics.crossProcess.inc({ direction: "caught_up" }, rows))
      .finally(() => {
      running = null;
      if (again) {
        again = false;
        run();
      }
    });
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    now: run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
