/**
 * Review on the desk: threads and comments, deciding suggestions, and the signed-in person's
 * notifications. Service → ack → broadcast (threads to the story's desks, notifications to their
 * people's own sockets on every process).
 */
import { actorOf, signedIn, type HandlerContext, type Handlers } from "../command";

export function reviewHandlers({ socket, services }: HandlerContext) {
  const { broadcasts } = services;
  const actor = () => {
    const a = actorOf(socket);
    return { ...a, id: a.id! };
  };
  /** Acknowledge, then tell the desk and the people concerned. */
  const shared = ({ thread, delivered }: Awaited<ReturnType<typeof services.review.reply>>) => ({
    data: thread,
    broadcast: () => broadcasts.reviewChanged(thread, delivered),
  });

  return {
    "review:threads": async ({ cardId }) => ({ data: await services.review.threads(actor(), cardId) }),
    "review:people": async () => ({ data: await services.review.people(actor()) }),
    "thread:create": async (input) => shared(await services.review.createThread(actor(), input)),
    "comment:reply": async (input) => shared(await services.review.reply(actor(), input)),
    "comment:edit": async (input) => shared(await services.review.edit(actor(), input)),
    "comment:delete": async ({ commentId }) => shared(await services.review.delete(actor(), commentId)),
    "thread:resolve": async (input) => shared(await services.review.resolve(actor(), input)),
    "suggestion:decide": async (input) => ({ data: await services.review.decide(actor(), input) }),

    "notifications:list": async () => ({ data: await services.notifications.list(signedIn(socket).id) }),
    async "notifications:read"({ ids }) {
      const user = signedIn(socket);
      const result = await services.notifications.markRead(user.id, ids);
      return { data: result, broadcast: () => broadcasts.notificationsRead(user.id, result) };
    },
    "notifications:email": async ({ email }) => ({ data: await services.notifications.setEmail(signedIn(socket).id, email) }),
  } satisfies Partial<Handlers>;
}
