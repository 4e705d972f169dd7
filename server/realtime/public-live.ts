/**
 * The read-only public namespace that readers' live pages join. It answers one event,
 * `live:join`, with a snapshot; everything else gets READ_ONLY. The desk announces changes here
 * through `LiveAnnouncer`, which only ever sends published material.
 */
import type { Namespace } from "socket.io";
import { LIVE_NAMESPACE, ZLiveJoin, type LiveClientEvents, type LiveServerEvents, type LiveUpdate } from "../../lib/protocol/feed";
import { LIMITS, type Card } from "../../lib/protocol/schemas";
import { liveSnapshot, toPublicCard } from "../domain/feed";
import { notFound } from "../domain/errors";
import { serialQueue } from "../store/serial";
import type { DeskStore } from "../store/types";
import { ackOf, command } from "./command";
import type { DeskServer } from "./types";

export type LiveNamespace = Namespace<LiveClientEvents, LiveServerEvents>;
export const liveRoom = (storyId: string) => `live:${storyId}`;

export function createLiveNamespace(io: DeskServer, store: DeskStore): LiveNamespace {
  const nsp = io.of(LIVE_NAMESPACE) as unknown as LiveNamespace;
  nsp.on("connection", (socket) => {
    const inOrder = serialQueue();
    socket.use(([event, ...args], next) => {
      const ack = ackOf(args.at(-1));
      if (event !== "live:join") {
        ack({ ok: false, error: { code: "READ_ONLY", message: "Live pages are read-only" } });
        return;
      }
      if (JSON.stringify(args.filter((a) => typeof a !== "function")).length > LIMITS.eventBytesMax) {
        ack({ ok: false, error: { code: "PAYLOAD_TOO_LARGE", message: "Payload is too large" } });
        return;
      }
      next();
    });
    socket.on(
      "live:join",
      command(inOrder, "live:join", ZLiveJoin, async ({ slug }) => {
        const snapshot = await liveSnapshot(store, slug);
        if (!snapshot) throw notFound("Story");
        for (const room of socket.rooms) if (room !== socket.id) await socket.leave(room);
        await socket.join(liveRoom(snapshot.story.id));
        return { data: snapshot };
      }),
    );
  });
  return nsp;
}

/** What the desk tells readers. Drafts never pass: cards go through toPublicCard. */
export class LiveAnnouncer {
  constructor(private readonly nsp: LiveNamespace) {}

  update(update: LiveUpdate): void {
    this.nsp.to(liveRoom(update.storyId)).emit("live:update", update);
  }

  removed(storyId: string, id: number): void {
    this.nsp.to(liveRoom(storyId)).emit("live:removed", { id });
  }

  pinned(storyId: string, pinned: LiveUpdate | null): void {
    this.nsp.to(liveRoom(storyId)).emit("live:pinned", { pinned });
  }

  /** A card changed: readers get it if published, and lose it otherwise. */
  card(card: Card, deleted = false): void {
    const visible = deleted ? null : toPublicCard(card);
    const room = this.nsp.to(liveRoom(card.storyId));
    if (visible) room.emit("live:card", visible);
    else room.emit("live:cardWithdrawn", { id: card.id });
  }
}
