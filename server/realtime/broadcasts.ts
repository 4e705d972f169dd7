/**
 * Who hears about what: every broadcast that follows a stored change leaves from here, so this
 * file is the one answer to "who is told when X changes". Handlers (./handlers/*) and HTTP routes
 * call a method after their change is stored and acknowledged.
 *
 * Three audiences (room names in ./rooms.ts):
 * - the **desks** of a story (Socket.IO room `story:<id>`), the story list's watchers, and each
 *   person's own sockets (notifications);
 * - the **readers** (the "/live" namespace: live pages and embed frames), who only ever get
 *   published revisions and public posts;
 * - the **other processes** (through the Socket.IO adapter, with Redis): their public snapshots
 *   are dropped before their readers hear the change (the Redis adapter publishes both on one
 *   connection, in order), so a reader who joins in between cannot get the old snapshot and miss
 *   the event. Card text crosses processes on its own path (./cross-process.ts).
 *
 * Presence (./presence.ts) and the audience counts (server/public/audience.ts) are not stored
 * changes and are sent by their own modules.
 */
import { z } from "zod";
import { isPublicUpdate, type LiveUpdate, type PublicCard } from "../../lib/protocol/feed";
import type { CardOrder } from "../../lib/protocol/events";
import type { ReviewNotification, ReviewThread } from "../../lib/protocol/review";
import type { Card, CardTextChange, Story } from "../../lib/protocol/schemas";
import { publicStoryFields } from "../domain/feed";
import { publicCardsOf } from "../domain/public-cards";
import { canSee } from "../domain/story-access";
import { loggerFor } from "../logger";
import type { PublicChange, PublicSnapshots } from "../public/snapshots";
import type { DeskStore } from "../store/types";
import { socketsEverywhere } from "./every-process";
import { announceLeft } from "./presence";
import { previewFanout } from "./preview-fanout";
import type { LiveNamespace } from "./public-live";
import { embedRoom, LIST_ROOM, liveRoom, sessionRoom, storyRoom, userRoom } from "./rooms";
import type { DeskServer } from "./types";

const log = loggerFor("realtime");

const ZPublicChange = z.object({ storyId: z.string().min(1).max(64), cardId: z.string().min(1).max(64).optional() });

export interface BroadcastDeps {
  io: DeskServer;
  live: LiveNamespace;
  store: DeskStore;
  snapshots: PublicSnapshots;
  /** Several processes behind the Redis adapter: public changes cross to the others. */
  clustered: boolean;
  /** Story settings were cached for the desk's checks (./story-guard.ts): forget them on a change. */
  forgetStory(storyId: string): void;
  /** Told when notifications were stored (the email batcher's nudge). */
  onNotified?: () => void;
}

export class Broadcasts {
  private readonly previews;

  constructor(private readonly deps: BroadcastDeps) {
    // Typed text: the desk's card previews, gathered per story, at most one event a second.
    this.previews = previewFanout((storyId, changes) => this.desk(storyId).emit("card:text", changes));
    if (deps.clustered) {
      deps.io.on("public:changed", (raw: unknown) => {
        const parsed = ZPublicChange.safeParse(raw);
        if (!parsed.success) {
          log.warn({ issue: parsed.error.issues[0]?.message }, "ignoring a malformed public change from another process");
          return;
        }
        deps.snapshots.invalidate(parsed.data);
      });
    }
  }

  stop(): void {
    this.previews.stop();
  }

  private desk(storyId: string) {
    return this.deps.io.to(storyRoom(storyId));
  }

  /** A public change: drop the snapshots it touches here and, with a cluster, on every process. */
  private publicChanged(change: PublicChange): void {
    this.deps.snapshots.invalidate(change);
    if (this.deps.clustered) {
      this.deps.io.serverSideEmit("public:changed", change.cardId ? { storyId: change.storyId, cardId: change.cardId } : { storyId: change.storyId });
    }
  }

  // ── Cards ────────────────────────────────────────────────────────────────────────────────

  cardCreated(card: Card): void {
    this.desk(card.storyId).emit("card:created", card);
  }

  /**
   * A card's fields, status or published revision changed. The desk gets the card; readers only
   * when what they see may have changed (`readers`: publishing, status changes; not the working copy).
   */
  cardChanged(card: Card, { readers, wasPublished }: { readers: boolean; wasPublished: boolean }): void {
    this.desk(card.storyId).emit("card:updated", card);
    if (readers) void this.cardToReaders(card, { wasPublished });
  }

  /** Someone typed: the card's preview for the story's desks (editors of the card have the text itself). */
  cardTyped(change: CardTextChange): void {
    this.previews.add(change);
  }

  /** New order: the desk, and readers see the published cards in it. */
  cardsMoved(order: CardOrder): void {
    this.desk(order.storyId).emit("card:moved", order);
    void this.deps.store
      .listCards(order.storyId)
      .then((list) => publicCardsOf(this.deps.store, list))
      .then((list) => this.positionsToReaders(list), () => undefined);
  }

  cardDeleted(card: Card): void {
    this.desk(card.storyId).emit("card:deleted", { storyId: card.storyId, cardId: card.id });
    if (card.status === "published") void this.cardToReaders(card, { wasPublished: true });
  }

  /**
   * Readers and the card's embeds get what is public now (read after the change is stored, so
   * quick successive changes all end on the latest state). A card that was not public before and
   * is not now is none of their business: nothing is sent, not even its id.
   */
  private async cardToReaders(card: { id: string; storyId: string; status: string }, { wasPublished }: { wasPublished: boolean }): Promise<void> {
    if (!wasPublished && card.status !== "published") return;
    this.publicChanged({ storyId: card.storyId, cardId: card.id });
    // Rebuilt once, here, and kept: card pages, embed frames and oEmbed read the same snapshot.
    const view = (await this.deps.snapshots.card(card.id))?.value;
    const visible = view?.state === "published" ? view.card : null;
    const to = this.deps.live.to(liveRoom(card.storyId)).to(embedRoom(card.id));
    if (visible) to.emit("live:card", visible);
    else if (wasPublished) to.emit("live:cardWithdrawn", { id: card.id });
  }

  /** Published cards in their new order (live pages only; embeds show one card). */
  private positionsToReaders(cards: readonly PublicCard[]): void {
    // A story's change drops its published cards' views too: one announcement is enough.
    for (const storyId of new Set(cards.map((c) => c.storyId))) this.publicChanged({ storyId });
    for (const card of cards) this.deps.live.to(liveRoom(card.storyId)).emit("live:card", card);
  }

  // ── The live feed ────────────────────────────────────────────────────────────────────────

  feedPosted(update: LiveUpdate): void {
    this.desk(update.storyId).emit("feed:posted", update);
    this.updateToReaders(update);
  }

  feedChanged(update: LiveUpdate): void {
    this.desk(update.storyId).emit("feed:changed", update);
    this.updateToReaders(update);
  }

  /**
   * A post took another's place: an approved contribution, or a scheduled post that went out
   * (the desk held it under a placeholder id).
   */
  feedReplaced(update: LiveUpdate, replaced: number): void {
    this.desk(update.storyId).emit("feed:deleted", { storyId: update.storyId, updateId: replaced });
    this.feedPosted(update);
  }

  feedDeleted(storyId: string, updateId: number, { wasPinned, wasPublic }: { wasPinned: boolean; wasPublic: boolean }): void {
    this.desk(storyId).emit("feed:deleted", { storyId, updateId });
    if (wasPinned) this.desk(storyId).emit("feed:pinned", { storyId, pinnedUpdateId: null });
    if (wasPublic) {
      this.publicChanged({ storyId });
      this.deps.live.to(liveRoom(storyId)).emit("live:removed", { id: updateId });
    }
    if (wasPinned) this.pinToReaders(storyId, null);
  }

  /** `pinned` is what readers see pinned now (null: nothing, or a post they may not see). */
  feedPinned(storyId: string, pinnedUpdateId: number | null, pinned: LiveUpdate | null): void {
    this.desk(storyId).emit("feed:pinned", { storyId, pinnedUpdateId });
    this.pinToReaders(storyId, pinned);
  }

  private updateToReaders(update: LiveUpdate): void {
    // A post awaiting an editor's approval (or scheduled) is the desk's business only.
    if (!isPublicUpdate(update)) return;
    this.publicChanged({ storyId: update.storyId });
    this.deps.live.to(liveRoom(update.storyId)).emit("live:update", update);
  }

  private pinToReaders(storyId: string, pinned: LiveUpdate | null): void {
    this.publicChanged({ storyId });
    this.deps.live.to(liveRoom(storyId)).emit("live:pinned", { pinned });
  }

  // ── Stories ──────────────────────────────────────────────────────────────────────────────

  /**
   * Something on the story list changed (a story opened, its state or settings, who is on it).
   * The event carries nothing, so restricted stories leak nothing: watchers ask again.
   */
  storiesChanged(): void {
    this.deps.io.to(LIST_ROOM).emit("stories:changed");
  }

  /** A story's settings or state changed: its desk, the list and its readers hear it. */
  storyChanged(story: Story): void {
    this.deps.forgetStory(story.id);
    this.desk(story.id).emit("story:updated", story);
    this.storiesChanged();
    this.publicChanged({ storyId: story.id });
    this.deps.live.to(liveRoom(story.id)).emit("live:story", publicStoryFields(story));
  }

  /**
   * Its access changed: as `storyChanged`, and everyone on its desk who may no longer see it leaves
   * its room at once (no more broadcasts or presence) and is told so; their next event there gets
   * NOT_FOUND (./story-guard.ts).
   */
  async storyAccessChanged(story: Story): Promise<void> {
    this.storyChanged(story);
    if (!story.restricted) return;
    const sockets = await socketsEverywhere(this.deps.io, storyRoom(story.id));
    const evicted: (string | null)[] = [];
    for (const s of sockets) {
      const user = s.data.user;
      if (user && !(await canSee(this.deps.store, { id: story.id, restricted: true }, user))) {
        s.leave(storyRoom(story.id));
        s.emit("story:gone", { storyId: story.id });
        evicted.push(s.data.clientId);
      }
    }
    for (const clientId of new Set(evicted)) await announceLeft(this.deps.io, story.id, clientId);
  }

  // ── Review and notifications ─────────────────────────────────────────────────────────────

  /** A thread was opened or changed: the story's desks; new notifications: their people, everywhere. */
  reviewChanged(thread: ReviewThread, delivered: readonly { userId: string; notification: ReviewNotification; unread: number }[]): void {
    this.desk(thread.storyId).emit("review:thread", thread);
    for (const d of delivered) this.deps.io.to(userRoom(d.userId)).emit("notification:new", { notification: d.notification, unread: d.unread });
    if (delivered.length > 0) this.deps.onNotified?.();
  }

  /** Read in one tab, read in all of a person's tabs. */
  notificationsRead(userId: string, result: { ids: number[]; unread: number }): void {
    this.deps.io.to(userRoom(userId)).emit("notification:read", result);
  }

  // ── Accounts ─────────────────────────────────────────────────────────────────────────────

  /** An account's role, name or state changed: its desk connections end and reconnect with it. */
  accountChanged(userId: string): void {
    this.deps.io.in(userRoom(userId)).disconnectSockets(true);
  }

  /** A session ended (signed out): its desk connections end. */
  sessionEnded(sessionId: string): void {
    this.deps.io.in(sessionRoom(sessionId)).disconnectSockets(true);
  }
}
