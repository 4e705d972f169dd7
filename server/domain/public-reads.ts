/**
 * The public snapshots (server/public/snapshots.ts) as the HTTP routes reach them (through the registry: Next bundles route
 * code apart from the server's). Without a realtime server to invalidate them (route tests that
 * only set a store), reads are not cached: nothing would ever drop a stale copy.
 */
import { getServices } from "../registry";
import type { DeskStore } from "../store/types";
import { PublicSnapshots } from "../public/snapshots";

export type { CardEntry, Rendered, StoryEntry } from "../public/snapshots";

const uncached = new WeakMap<DeskStore, PublicSnapshots>();

export function publicReads(): PublicSnapshots {
  const { snapshots, store } = getServices();
  if (snapshots) return snapshots;
  let reads = uncached.get(store);
  if (!reads) uncached.set(store, (reads = new PublicSnapshots(store, { enabled: false })));
  return reads;
}
export { etagOf } from "../public/snapshots";
/** The publisher the public pages name (configured in server/env.ts). */
export { publisher } from "../env";
