/**
 * Joining a story, presence, and the card commands: parse (done by the registration, from the
 * contract) → service → ack → broadcast. Nothing here decides a rule; the services do.
 */
import { notFound } from "../../domain/errors";
import { embedRoom, storyRoom } from "../rooms";
import { LIVE_NAMESPACE } from "../../../lib/protocol/embed";
import { announceLeft, announceMember, membersOf } from "../presence";
import { actorOf, requireJoined, signedIn, type HandlerContext, type Handlers } from "../command";

export function cardHandlers({ io, socket, services }: HandlerContext) {
  const { broadcasts } = services;
  const actor = () => actorOf(socket);
  /** A changed card: the desk hears it; readers when what they see may have changed. */
  const updated = ({ card, changed, wasPublished }: { card: Parameters<typeof broadcasts.cardChanged>[0]; changed: boolean; wasPublished: boolean }, readers: boolean) => ({
    data: card,
    broadcast: changed ? () => broadcasts.cardChanged(card, { readers, wasPublished }) : undefined,
  });

  return {
    async "story:join"({ slug, clientId }) {
      const me = signedIn(socket);
      // A restricted story the user may not see answers exactly as an unknown slug.
      const story = await services.stories.bySlug(slug, me);
      if (!story) throw notFound("Story");
      const previous = socket.data.storyId;
      const previousClient = socket.data.clientId;
      if (previous && previous !== story.id) await socket.leave(storyRoom(previous));
      Object.assign(socket.data, { name: me.name, clientId, storyId: story.id, editingCardId: null });
      await socket.join(storyRoom(story.id));
      const [members, feed] = await Promise.all([membersOf(io, story.id), services.feed.page(story.id, { pending: true })]);
      return {
        data: { me, story, members, feed },
        broadcast: () => {
          announceMember(io, story.id, socket.data);
          if (previous && previous !== story.id) void announceLeft(io, previous, previousClient);
          broadcasts.storiesChanged();
        },
      };
    },

    async "presence:update"({ editingCardId }) {
      const storyId = requireJoined(socket.data.storyId);
      socket.data.editingCardId = editingCardId;
      return { data: undefined, broadcast: () => announceMember(io, storyId, socket.data) };
    },

    async "card:create"(input) {
      const card = await services.cards.create(input, actor());
      return { data: card, broadcast: () => broadcasts.cardCreated(card) };
    },

    // The working copy: readers keep seeing the published revision.
    "card:update": async (input) => updated(await services.cards.update(input, actor()), false),
    "card:setStatus": async (input) => updated(await services.cards.setStatus(input, actor()), true),
    "card:publish": async (input) => updated(await services.cards.publish(input, actor()), true),
    "card:revert": async (input) => updated(await services.cards.revert(input, actor()), false),
    "card:history": async ({ cardId }) => ({ data: await services.cards.history(cardId, actor()) }),

    async "card:preview"({ cardId }) {
      const preview = await services.cards.preview(cardId, actor());
      // Embed frames watching the card, on every process (through the adapter); a count that
      // cannot be had in time is not worth failing the preview for.
      const embedsNow = await io
        .of(LIVE_NAMESPACE)
        .in(embedRoom(cardId))
        .fetchSockets()
        .then((sockets) => sockets.length, () => -1);
      return { data: { ...preview, embedsNow } };
    },

    async "card:move"(input) {
      const order = await services.cards.move(input, actor());
      return { data: order, broadcast: () => broadcasts.cardsMoved(order) };
    },

    async "card:delete"({ cardId }) {
      const card = await services.cards.delete(cardId, actor());
      return { data: { cardId }, broadcast: () => broadcasts.cardDeleted(card) };
    },
  } satisfies Partial<Handlers>;
}
