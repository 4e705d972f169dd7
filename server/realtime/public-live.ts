/**
 * The read-only public namespace that readers' live pages join. It answers one event,
 * `live:join`, with a snapshot; everything else gets READ_ONLY. The desk announces changes here
 * through `LiveAnnouncer`, which only ever sends published material.
 */
import type { Namespace } from "socket.io";
import { LIVE_NAMESPACE, ZLiveJoin, type LiveClientEvents, type LiveServerEvents, type LiveUpdate } from "../../lib/protocol/feed";
import { LIMITS, type Card } from "../../lib/protocol/schemas";
import { snapshotOf, toPublicCard } from "../domain/feed";
import { notFound } from "../domain/errors";
import { serialQueue } from "../store/serial";
import type { DeskStore } from "../store/types";
import { ackOf, command, requireProtocol } from "./command";
import type { DeskServer } from "./types";

export type LiveNamespace = Namespace<LiveClientEvents, LiveServerEvents>;
export const liveRoom = (storyId: string) => `live:${storyId}`;

export function createLiveNamespace(io: DeskServer, store: DeskStore): LiveNamespace {
  const nsp = io.of(LIVE_NAMESPACE) as unknown as LiveNamespace;
  // The same handshake as the desk: a page from an older deploy is told to reload.
  nsp.use(requireProtocol);
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
        const story = await store.findStoryBySlug(slug);
        if (!story) throw notFound("Story");
        const room = liveRoom(story.id);
        for (const other of socket.rooms) if (other !== socket.id && other !== room) await socket.leave(other);
        // Join first, read second: a change made after the read is sent as an event (the page
        // applies those after the snapshot), so no change can fall between the two.
        await socket.join(room);
        return { data: await snapshotOf(store, story) };
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

  /**
   * A card changed. Readers get it while it is published, and lose it when it stops being
   * published or is deleted. A card that was not public before the change (`wasPublished`) and
   * is not now is none of the readers' business: nothing is sent, not even its id.
   */
  card(card: Card, { wasPublished, deleted = false }: { wasPublished: boolean; deleted?: boolean }): void {
    const visible = deleted ? null : toPublicCard(card);
    const room = this.nsp.to(liveRoom(card.storyId));
    if (visible) room.emit("live:card", visible);
    else if (wasPublished) room.emit("live:cardWithdrawn", { id: card.id });
  }
}
