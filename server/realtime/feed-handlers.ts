/**
 * The desk's live-feed commands: post, edit (or correct), delete, pin, mark key events, page.
 * Each is acknowledged, then broadcast to the desk's story room and announced to readers.
 */
import { ZApproveUpdate, ZDeleteUpdate, ZEditUpdate, ZFeedMore, ZMarkKeyEvent, ZPinUpdate, ZPostUpdate } from "../../lib/protocol/feed";
import { ZAuditList } from "../../lib/protocol/audit";
import { listAudit } from "../domain/audit";
import * as feed from "../domain/feed";
import { authorize } from "../domain/policy";
import type { Enqueue } from "../store/serial";
import type { DeskStore } from "../store/types";
import type { MediaStorage } from "../media/manifest";
import { actorOf, command } from "./command";
import type { LiveAnnouncer } from "./public-live";
import { storyRoom, type DeskServer, type DeskSocket } from "./types";

export function registerFeedHandlers(
  io: DeskServer,
  socket: DeskSocket,
  store: DeskStore,
  announce: LiveAnnouncer,
  inOrder: Enqueue,
  media?: MediaStorage,
): void {
  const actor = () => actorOf(socket);
  const desk = (storyId: string) => io.to(storyRoom(storyId));

  socket.on(
    "feed:post",
    command(inOrder, "feed:post", ZPostUpdate, async (input) => {
      const update = await feed.postUpdate(store, input, actor(), { media });
      return {
        data: update,
        broadcast: () => {
          desk(update.storyId).emit("feed:posted", update);
          announce.update(update);
        },
      };
    }),
  );

  const changed = (update: Awaited<ReturnType<typeof feed.editUpdate>>) => ({
    data: update,
    broadcast: () => {
      desk(update.storyId).emit("feed:changed", update);
      announce.update(update);
    },
  });

  socket.on("feed:edit", command(inOrder, "feed:edit", ZEditUpdate, async (input) => changed(await feed.editUpdate(store, input, actor()))));

  socket.on(
    "feed:keyEvent",
    command(inOrder, "feed:keyEvent", ZMarkKeyEvent, async ({ updateId, keyEvent }) =>
      changed(await feed.setKeyEvent(store, updateId, keyEvent, actor())),
    ),
  );

  socket.on(
    "feed:delete",
    command(inOrder, "feed:delete", ZDeleteUpdate, async ({ updateId }) => {
      const who = actor();
      const { wasPinned, wasPublic } = await feed.deleteUpdate(store, updateId, who);
      return {
        data: { updateId },
        broadcast: () => {
          desk(who.storyId).emit("feed:deleted", { storyId: who.storyId, updateId });
          if (wasPinned) desk(who.storyId).emit("feed:pinned", { storyId: who.storyId, pinnedUpdateId: null });
          if (wasPublic) announce.removed(who.storyId, updateId);
          if (wasPinned) announce.pinned(who.storyId, null);
        },
      };
    }),
  );

  socket.on(
    "feed:pin",
    command(inOrder, "feed:pin", ZPinUpdate, async ({ updateId }) => {
      const who = actor();
      const pinned = await feed.pinUpdate(store, updateId, who);
      return {
        data: { pinnedUpdateId: updateId },
        broadcast: () => {
          desk(who.storyId).emit("feed:pinned", { storyId: who.storyId, pinnedUpdateId: updateId });
          announce.pinned(who.storyId, pinned);
        },
      };
    }),
  );

  socket.on(
    "feed:approve",
    command(inOrder, "feed:approve", ZApproveUpdate, async ({ updateId }) => {
      const { update, replaced } = await feed.approveUpdate(store, updateId, actor());
      return {
        data: update,
        broadcast: () => {
          if (replaced === null) return;
          desk(update.storyId).emit("feed:deleted", { storyId: update.storyId, updateId: replaced });
          desk(update.storyId).emit("feed:posted", update);
          announce.update(update);
        },
      };
    }),
  );

  socket.on(
    "feed:more",
    command(inOrder, "feed:more", ZFeedMore, async ({ before }) => ({
      data: await feed.feedPage(store, actor().storyId, { before, pending: true }),
    })),
  );

  socket.on(
    "audit:list",
    command(inOrder, "audit:list", ZAuditList, async ({ cardId, before }) => {
      const who = actor();
      authorize(who, "audit:read");
      return { data: await listAudit(store, { storyId: who.storyId, cardId, before }) };
    }),
  );
}
