/**
 * Who can see a story. A restricted story exists only for its members and admins: for anyone
 * else every lookup answers exactly as for a slug or id that was never used (NOT_FOUND, 404),
 * so not even its existence leaks. Public surfaces do not use this: they show published content
 * only, whatever the story's access (server/domain/public-cards.ts).
 */
import { can, type Role } from "../../lib/protocol/roles";
import type { DeskStore, StoryRecord } from "../store/types";
import { notFound } from "./errors";

export interface Viewer {
  id: string;
  role: Role;
}

export async function canSee(store: DeskStore, story: Pick<StoryRecord, "id" | "restricted">, viewer: Viewer): Promise<boolean> {
  if (!story.restricted || can(viewer.role, "story:readRestricted")) return true;
  return store.stories.isMember(story.id, viewer.id);
}

/** The story if `viewer` may see it, else null (unknown and hidden look the same). */
export async function visibleStoryBySlug(store: DeskStore, slug: string, viewer: Viewer): Promise<StoryRecord | null> {
  const story = await store.findStoryBySlug(slug);
  return story && (await canSee(store, story, viewer)) ? story : null;
}

export async function loadVisibleStory(store: DeskStore, storyId: string, viewer: Viewer): Promise<StoryRecord> {
  const story = await store.findStoryById(storyId);
  if (!story || !(await canSee(store, story, viewer))) throw notFound("Story");
  return story;
}
