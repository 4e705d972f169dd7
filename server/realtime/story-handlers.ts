/**
 * Socket handlers of the story list and of story settings: thin adapters to
 * server/domain/story-commands.ts. After a change: the story's desk gets "story:updated", the
 * list room "stories:changed" (no content: watchers ask again and see only what they may), and
 * readers on /live the story's public fields.
 */
import { ZProposeTopics, ZSetStoryAccess, ZSetStoryState, ZUpdateStory, ZListStories, STORY_LIMITS } from "../../lib/protocol/stories";
import { ZId } from "../../lib/protocol/schemas";
import type { Story } from "../../lib/protocol/schemas";
import { z } from "zod";
import { DomainError } from "../domain/errors";
import { authorize } from "../domain/policy";
import * as stories from "../domain/story-commands";
import { listStories } from "../domain/stories";
import { canSee } from "../domain/story-access";
import type { Enqueue } from "../store/serial";
import type { DeskStore } from "../store/types";
import { command } from "./command";
import { socketsEverywhere } from "./every-process";
import { announceLeft } from "./presence";
import type { LiveAnnouncer } from "./public-live";
import type { StoryGuard } from "./story-guard";
import { storyRoom, type DeskServer, type DeskSocket } from "./types";

export const LIST_ROOM = "stories";
const ZStoryRef = z.object({ storyId: ZId });

/** Event size ceilings for the events that carry a pasted article (UTF-8 and JSON escapes). */
export const STORY_EVENT_BYTES: Record<string, number> = {
  "story:propose": STORY_LIMITS.articleBytesMax * 2 + 1024,
  "story:create": STORY_LIMITS.articleBytesMax * 2 + 64 * 1024,
};

/** Tells the list's watchers to look again (a story opened, changed, or someone came or went). */
export function listChanged(io: DeskServer): void {
  io.to(LIST_ROOM).emit("stories:changed");
}

/** Distinct accounts on each story's desk now, on every process. */
async function onlineByStory(io: DeskServer): Promise<Map<string, number>> {
  const sockets = await socketsEverywhere(io);
  const people = new Map<string, Set<string>>();
  for (const s of sockets) {
    const { storyId, user } = s.data;
    if (!storyId || !user) continue;
    if (!people.has(storyId)) people.set(storyId, new Set());
    people.get(storyId)!.add(user.id);
  }
  return new Map([...people].map(([id, users]) => [id, users.size]));
}

export function registerStoryHandlers(io: DeskServer, socket: DeskSocket, store: DeskStore, announce: LiveAnnouncer, guard: StoryGuard, inOrder: Enqueue): void {
  const actor = () => {
    const user = socket.data.user;
    if (!user) throw new DomainError("UNAUTHORIZED", "Sign in to use the desk");
    return { id: user.id, name: user.name, role: user.role };
  };

  /** A story changed: its desk, the list and the readers hear it. */
  const changed = (story: Story) => () => {
    guard.forget(story.id);
    io.to(storyRoom(story.id)).emit("story:updated", story);
    listChanged(io);
    announce.story(story);
  };

  socket.on(
    "stories:watch",
    command(inOrder, "stories:watch", ZListStories, async (filter) => {
      const me = actor();
      authorize(me, "story:read");
      const online = await onlineByStory(io);
      const list = await listStories(store, me, filter, (id) => online.get(id) ?? 0);
      await socket.join(LIST_ROOM);
      return { data: list };
    }),
  );

  socket.on(
    "story:propose",
    command(inOrder, "story:propose", ZProposeTopics, async ({ article }) => {
      authorize(actor(), "story:create");
      // Loaded on first use: the language model (compromise) costs ~50 MB of memory, which a
      // process that never opens a story from an article should not carry.
      const { proposeTopics } = await import("../domain/topics");
      return { data: proposeTopics(article) };
    }),
  );

  socket.on(
    "story:create",
    // Parsed again (with defaults) by the domain; the socket layer only needs an object here.
    command(inOrder, "story:create", z.record(z.string(), z.unknown()), async (input) => {
      const story = await stories.createStory(store, input as never, actor());
      return { data: story, broadcast: () => listChanged(io) };
    }),
  );

  socket.on(
    "story:update",
    command(inOrder, "story:update", ZUpdateStory, async (input) => {
      const result = await stories.updateStory(store, input, actor());
      return { data: result.story, broadcast: result.changed ? changed(result.story) : undefined };
    }),
  );

  socket.on(
    "story:setState",
    command(inOrder, "story:setState", ZSetStoryState, async (input) => {
      const result = await stories.setStoryState(store, input, actor());
      return { data: result.story, broadcast: changed(result.story) };
    }),
  );

  socket.on(
    "story:access",
    command(inOrder, "story:access", ZStoryRef, async ({ storyId }) => ({ data: await stories.storyAccess(store, storyId, actor()) })),
  );

  socket.on(
    "story:setAccess",
    command(inOrder, "story:setAccess", ZSetStoryAccess, async (input) => {
      const { story } = await stories.setStoryAccess(store, input, actor());
      return {
        data: story,
        broadcast: () => {
          changed(story)();
          void evictOutsiders(io, store, story);
        },
      };
    }),
  );

  socket.on(
    "story:source",
    command(inOrder, "story:source", ZStoryRef, async ({ storyId }) => ({ data: await stories.storySource(store, storyId, actor()) })),
  );
}

/**
 * After a story was restricted: everyone on its desk who is no longer allowed leaves its room at
 * once (no more broadcasts or presence) and is told so; their next event there gets NOT_FOUND
 * (server/realtime/story-guard.ts).
 */
async function evictOutsiders(io: DeskServer, store: DeskStore, story: Story): Promise<void> {
  if (!story.restricted) return;
  const sockets = await socketsEverywhere(io, storyRoom(story.id));
  const evicted: (string | null)[] = [];
  for (const s of sockets) {
    const user = s.data.user;
    if (user && !(await canSee(store, { id: story.id, restricted: true }, user))) {
      s.leave(storyRoom(story.id));
      s.emit("story:gone", { storyId: story.id });
      evicted.push(s.data.clientId);
    }
  }
  for (const clientId of new Set(evicted)) await announceLeft(io, story.id, clientId);
}
