/** The desk's live-feed commands and its audit log: service → ack → broadcast. */
import { actorOf, type HandlerContext, type Handlers } from "../command";

export function feedHandlers({ socket, services }: HandlerContext) {
  const { broadcasts } = services;
  const actor = () => actorOf(socket);
  const changed = (update: Awaited<ReturnType<typeof services.feed.edit>>) => ({ data: update, broadcast: () => broadcasts.feedChanged(update) });

  return {
    async "feed:post"(input) {
      const update = await services.feed.post(input, actor());
      return { data: update, broadcast: () => broadcasts.feedPosted(update) };
    },
    "feed:edit": async (input) => changed(await services.feed.edit(input, actor())),
    "feed:keyEvent": async ({ updateId, keyEvent }) => changed(await services.feed.setKeyEvent(updateId, keyEvent, actor())),

    async "feed:delete"({ updateId }) {
      const who = actor();
      const outcome = await services.feed.delete(updateId, who);
      return { data: { updateId }, broadcast: () => broadcasts.feedDeleted(who.storyId, updateId, outcome) };
    },

    async "feed:pin"({ updateId }) {
      const who = actor();
      const pinned = await services.feed.pin(updateId, who);
      return { data: { pinnedUpdateId: updateId }, broadcast: () => broadcasts.feedPinned(who.storyId, updateId, pinned) };
    },

    async "feed:approve"({ updateId }) {
      const { update, replaced } = await services.feed.approve(updateId, actor());
      return { data: update, broadcast: replaced === null ? undefined : () => broadcasts.feedReplaced(update, replaced) };
    },

    "feed:more": async ({ before }) => ({ data: await services.feed.page(actor().storyId, { before, pending: true }) }),

    "audit:list": async ({ cardId, before }) => ({ data: await services.audit.list({ storyId: actor().storyId, cardId, before }) }),
  } satisfies Partial<Handlers>;
}
