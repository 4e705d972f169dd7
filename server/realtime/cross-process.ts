/**
 * Wires the card documents to Socket.IO, within this process and across processes:
 * - an update another process stored and this process applied ("remoteUpdate") goes to this
 *   process's editors of the card only (`local`): each process relays to its own sockets;
 * - with a cluster, each update stored here is announced to the other processes, announcements
 *   from them are validated and applied, and the card-text log is re-read every `catchUpMs`
 *   and whenever Redis comes back (server/collab/cross-process.ts).
 */
import type { CardDocs } from "../collab/card-docs";
import { catchUpLoop, ZStoredAnnouncement } from "../collab/cross-process";
import { loggerFor } from "../logger";
import { metrics } from "../ops/metrics";
import type { DocStore } from "../store/types";
import { cardRoom, wireUpdate } from "./collab-handlers";
import type { ClusterDeps } from "./create-realtime";
import type { DeskServer } from "./types";

const log = loggerFor("collab");

export interface ProcessLink {
  stop(): Promise<void>;
}

export function linkProcesses(io: DeskServer, docs: CardDocs, store: DocStore, cluster?: ClusterDeps): ProcessLink {
  docs.on("stored", () => metrics.ackedEdits.inc());
  docs.on("remoteUpdate", ({ cardId, update }) => {
    io.local.to(cardRoom(cardId)).emit("collab:sync", { cardId, message: wireUpdate(update) });
  });
  if (!cluster) return { stop: async () => {} };

  docs.on("stored", ({ cardId, id, update }) => {
    metrics.crossProcess.inc({ direction: "announced" });
    io.serverSideEmit("collab:stored", { cardId, id, update: Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString("base64") });
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

  const loop = catchUpLoop(docs, store, cluster.catchUpMs);
  cluster.onRecovered(() => loop.now());
  return { stop: () => loop.stop() };
}
