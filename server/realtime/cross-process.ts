/**
 * Wires the card documents to their editors, within this process and across processes:
 * - an update another process stored and this process applied ("remoteUpdate") goes to this
 *   process's editors of the card (./collab-rooms.ts): each process relays to its own channels;
 * - cursors cross to the other processes as "collab:awareness" (lossy, never stored);
 * - with a cluster, each update stored here is announced to the other processes, announcements
 *   from them are validated and applied, and the card-text log is re-read every `catchUpMs`
 *   and whenever Redis comes back (server/collab/cross-process.ts).
 */
import type { CardDocs } from "../collab/card-docs";
import { catchUpLoop, ZAwarenessAnnouncement, ZStoredAnnouncement } from "../collab/cross-process";
import { loggerFor } from "../logger";
import { metrics } from "../ops/metrics";
import type { DocStore } from "../store/types";
import type { CollabRooms } from "./collab-rooms";
import type { ClusterDeps } from "./create-realtime";
import type { DeskServer } from "./types";

const log = loggerFor("collab");

export interface ProcessLink {
  /** Sends cursors to the other processes' editors of the card (lossy; a no-op on one process). */
  shareAwareness(cardId: string, message: Uint8Array): void;
  stop(): Promise<void>;
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

export function linkProcesses(io: DeskServer, docs: CardDocs, rooms: CollabRooms, store: DocStore, cluster?: ClusterDeps): ProcessLink {
  docs.on("stored", () => metrics.ackedEdits.inc());
  docs.on("remoteUpdate", ({ cardId, update }) => rooms.relayUpdate(cardId, update));
  if (!cluster) return { shareAwareness: () => {}, stop: async () => {} };

  docs.on("stored", ({ cardId, id, update }) => {
    metrics.crossProcess.inc({ direction: "announced" });
    io.serverSideEmit("collab:stored", { cardId, id, update: toBase64(update) });
  });
  io.on("collab:stored", (raw: unknown) => {
    const parsed = ZStoredAnnouncement.safeParse(raw);
    if (!parsed.success) {
      log.warn({ issue: parsed.error.issues[0]?.message }, "ignoring a malformed announcement from another process");
      return;
    }
    metrics.crossProcess.inc({ direction: "received" });
    const { cardId, id, update } = parsed.data;
    docs.applyStored(cardId, id, new Uint8Array(Buffer.from(update, "base64")));
  });

  // Cursors: straight to this process's editors of the card, unstored (the sender stamped them).
  io.on("collab:awareness", (raw: unknown) => {
    const parsed = ZAwarenessAnnouncement.safeParse(raw);
    if (parsed.success) rooms.relayAwareness(parsed.data.cardId, new Uint8Array(Buffer.from(parsed.data.message, "base64")));
  });

  const loop = catchUpLoop(docs, store, cluster.catchUpMs);
  cluster.onRecovered(() => loop.now());
  return {
    shareAwareness(cardId, message) {
      // While Redis is down nothing waits on it: cursors are lossy anyway.
      if (cluster.healthy()) io.serverSideEmit("collab:awareness", { cardId, message: toBase64(message) });
    },
    stop: () => loop.stop(),
  };
}
