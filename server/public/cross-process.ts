/**
 * Public changes across processes. Each process holds its own public snapshots
 * (server/public/snapshots.ts); a change made on one process must drop them on every process, or
 * a reader there would be served the story as it was.
 *
 * The change goes through the Socket.IO adapter (`serverSideEmit`, Redis pub/sub with a cluster)
 * *before* the readers' broadcast of the same change: the Redis adapter publishes both on one
 * connection and every process receives them on one subscription, in order, so a process has
 * dropped its snapshot before its readers hear of the change — a reader who joins in between
 * cannot get the old snapshot and miss the event.
 */
import { z } from "zod";
import { loggerFor } from "../logger";
import type { DeskServer } from "../realtime/types";
import type { PublicChange, PublicSnapshots } from "./snapshots";

const log = loggerFor("public");

const ZChange = z.object({ storyId: z.string().min(1).max(64), cardId: z.string().min(1).max(64).optional() });

/**
 * Returns the function every public change calls: it invalidates here and, with a cluster, on
 * the other processes. Announcements from them are validated (they come over Redis) and applied.
 */
export function linkSnapshots(io: DeskServer, snapshots: PublicSnapshots, clustered: boolean): (change: PublicChange) => void {
  if (clustered) {
    io.on("public:changed", (raw: unknown) => {
      const parsed = ZChange.safeParse(raw);
      if (!parsed.success) {
        log.warn({ issue: parsed.error.issues[0]?.message }, "ignoring a malformed public change from another process");
        return;
      }
      snapshots.invalidate(parsed.data);
    });
  }
  return (change) => {
    snapshots.invalidate(change);
    if (clustered) io.serverSideEmit("public:changed", change.cardId ? { storyId: change.storyId, cardId: change.cardId } : { storyId: change.storyId });
  };
}
