/**
 * The desk's Socket.IO handlers: thin adapters from events to domain operations
 * (server/domain). Each command is validated, acknowledged, then broadcast to the story room.
 */
import { LIVE_NAMESPACE } from "../../lib/protocol/embed";
import { PUBLISH_LIMITS, ZCardHistory, ZPublishPreview, ZPublishCard, ZRevertCard } from "../../lib/protocol/publishing";
import type { Card } from "../../lib/protocol/schemas";
import {
  ZCreateCard,
  ZDeleteCard,
  ZJoinStory,
  ZMoveCard,
  ZPresenceUpdate,
  ZSetCardStatus,
  ZUpdateCard,
} from "../../lib/protocol/schemas";
import * as cards from "../domain/cards";
import { DomainError, notFound } from "../domain/errors";
import { authorize } from "../domain/policy";
import { feedPage } from "../domain/feed";
import * as publishing from "../domain/publishing";
import { publicCardsOf } from "../domain/public-cards";
import { getStoryBySlug } from "../domain/stories";
import type { Enqueue } from "../store/serial";
import type { DeskStore } from "../store/types";
import { actorOf, command, requireJoined } from "./command";
import { announceLeft, announceMember, membersOf } from "./presence";
import { embedRoom, type LiveAnnouncer } from "./public-live";
import { listChanged } from "./story-handlers";
import { storyRoom, type DeskServer, type DeskSocket } from "./types";

export interface DeskDeps {
  store: DeskStore;
}

export function registerDeskHandlers(
  io: DeskServer,
  socket: DeskSocket,
  { store }: DeskDeps,
  text: publishing.CardTextAccess,
  announce: LiveAnnouncer,
  inOrder: Enqueue,
): void {
  const actor = () => actorOf(socket);
  const toStory = (storyId: string) => io.to(storyRoom(storyId));
  /** Broadcast a changed card to the desk; readers hear only when what they see changed. */
  const updated = (result: cards.CardResult, { readers }: { readers: boolean }) => ({
    data: result.card,
    broadcast: result.changed
      ? () => {
          toStory(result.card.storyId).emit("card:updated", result.card);
          if (readers) void announce.cardChanged(result.card, { wasPublished: result.wasPublished });
        }
      : undefined,
  });

  socket.on(
    "story:join",
    command(inOrder, "story:join", ZJoinStory, async ({ slug, clientId }) => {
      const me = socket.data.user;
      if (!me) throw new DomainError("UNAUTHORIZED", "Sign in to use the desk");
      authorize(me, "story:read");
      // A restricted story the user may not see answers exactly as an unknown slug.
      const story = await getStoryBySlug(store, slug, me);
      if (!story) throw notFound("Story");
      const previous = socket.data.storyId;
      const previousClient = socket.data.clientId;
      if (previous && previous !== story.id) await socket.leave(storyRoom(previous));
      Object.assign(socket.data, { name: me.name, clientId, storyId: story.id, editingCardId: null });
      await socket.join(storyRoom(story.id));
      const [members, feedState] = await Promise.all([membersOf(io, story.id), feedPage(store, story.id, { pending: true })]);
      return {
        data: { me, story, members, feed: feedState },
        broadcast: () => {
          announceMember(io, story.id, socket.data);
          if (previous && previous !== story.id) void announceLeft(io, previous, previousClient);
          listChanged(io);
        },
      };
    }),
  );

  socket.on(
    "presence:update",
    command(inOrder, "presence:update", ZPresenceUpdate, async ({ editingCardId }) => {
      const storyId = requireJoined(socket.data.storyId);
      socket.data.editingCardId = editingCardId;
      return { data: null, broadcast: () => announceMember(io, storyId, socket.data) };
    }),
  );

  socket.on(
    "card:create",
    command(inOrder, "card:create", ZCreateCard, async (input) => {
      const card = await cards.createCard(store, input, actor());
      return { data: card, broadcast: () => toStory(card.storyId).emit("card:created", card) };
    }),
  );

  socket.on(
    "card:update",
    // The working copy: readers keep seeing the published revision.
    command(inOrder, "card:update", ZUpdateCard, async (input) =>
      updated(await cards.updateCard(store, input, actor()), { readers: false }),
    ),
  );

  socket.on(
    "card:setStatus",
    command(inOrder, "card:setStatus", ZSetCardStatus, async (input) =>
      updated(
        input.status === "published"
          ? await publishing.publishFromStatus(store, text, input, actor())
          : await cards.setCardStatus(store, input, actor()),
        { readers: true },
      ),
    ),
  );

  socket.on(
    "card:publish",
    command(inOrder, "card:publish", ZPublishCard, async (input) =>
      updated(await publishing.publishCard(store, text, input, actor()), { readers: true }),
    ),
  );

  socket.on(
    "card:history",
    command(inOrder, "card:history", ZCardHistory, async ({ cardId }) => ({
      data: await publishing.cardHistory(store, cardId, actor(), PUBLISH_LIMITS.historyMax),
    })),
  );

  socket.on(
    "card:preview",
    command(inOrder, "card:preview", ZPublishPreview, async ({ cardId }) => {
      const preview = await publishing.previewCard(store, text, cardId, actor());
      // Embed frames watching the card, on every process (through the adapter); a count that
      // cannot be had in time is not worth failing the preview for.
      const embedsNow = await io
        .of(LIVE_NAMESPACE)
        .in(embedRoom(cardId))
        .fetchSockets()
        .then((sockets) => sockets.length, () => -1);
      return { data: { ...preview, embedsNow } };
    }),
  );

  socket.on(
    "card:revert",
    command(inOrder, "card:revert", ZRevertCard, async (input) =>
      updated(await publishing.revertCard(store, text, input, actor()), { readers: false }),
    ),
  );

  socket.on(
    "card:move",
    command(inOrder, "card:move", ZMoveCard, async (input) => {
      const order = await cards.moveCard(store, input, actor());
      return {
        data: order,
        broadcast: () => {
          toStory(order.storyId).emit("card:moved", order);
          // Readers see published cards in the new order.
          void store
            .listCards(order.storyId)
            .then((list) => publicCardsOf(store, list))
            .then((list) => announce.positions(list), () => undefined);
        },
      };
    }),
  );

  socket.on(
    "card:delete",
    command(inOrder, "card:delete", ZDeleteCard, async ({ cardId }) => {
      const card: Card = await cards.deleteCard(store, cardId, actor());
      return {
        data: { cardId },
        broadcast: () => {
          toStory(card.storyId).emit("card:deleted", { storyId: card.storyId, cardId });
          if (card.status === "published") void announce.cardChanged(card, { wasPublished: true });
        },
      };
    }),
  );

  socket.on("disconnect", () => {
    if (socket.data.storyId) {
      void announceLeft(io, socket.data.storyId, socket.data.clientId);
      listChanged(io);
    }
  });
}
