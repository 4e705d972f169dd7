/**
 * The story list and story settings: service → ack → broadcast. A change reaches the story's desk
 * ("story:updated"), the list's watchers ("stories:changed", no content) and its readers.
 */
import { socketsEverywhere } from "../every-process";
import { LIST_ROOM } from "../rooms";
import type { DeskServer } from "../types";
import { signedIn, type HandlerContext, type Handlers } from "../command";

/** Distinct accounts on each story's desk now, on every process. */
async function onlineByStory(io: DeskServer): Promise<Map<string, number>> {
  const people = new Map<string, Set<string>>();
  for (const s of await socketsEverywhere(io)) {
    const { storyId, user } = s.data;
    if (!storyId || !user) continue;
    if (!people.has(storyId)) people.set(storyId, new Set());
    people.get(storyId)!.add(user.id);
  }
  return new Map([...people].map(([id, users]) => [id, users.size]));
}

export function storyHandlers({ io, socket, services }: HandlerContext) {
  const { broadcasts } = services;
  const actor = () => {
    const { id, name, role } = signedIn(socket);
    return { id, name, role };
  };

  return {
    async "stories:watch"(filter) {
      const me = actor();
      const online = await onlineByStory(io);
      const list = await services.stories.list(me, filter, (id) => online.get(id) ?? 0);
      await socket.join(LIST_ROOM);
      return { data: list };
    },

    "story:propose": async ({ article }) => ({ data: await services.stories.propose(article) }),

    async "story:create"(input) {
      const story = await services.stories.create(input, actor());
      return { data: story, broadcast: () => broadcasts.storiesChanged() };
    },

    async "story:update"(input) {
      const { story, changed } = await services.stories.update(input, actor());
      return { data: story, broadcast: changed ? () => broadcasts.storyChanged(story) : undefined };
    },

    async "story:setState"(input) {
      const { story } = await services.stories.setState(input, actor());
      return { data: story, broadcast: () => broadcasts.storyChanged(story) };
    },

    "story:access": async ({ storyId }) => ({ data: await services.stories.access(storyId, actor()) }),

    async "story:setAccess"(input) {
      const { story } = await services.stories.setAccess(input, actor());
      return { data: story, broadcast: () => void broadcasts.storyAccessChanged(story) };
    },

    "story:source": async ({ storyId }) => ({ data: await services.stories.source(storyId, actor()) }),
  } satisfies Partial<Handlers>;
}
