/** Read operations of the desk, shared by pages, the REST API and the realtime join. */
import type { StorySummary, StoryWithCards } from "../../lib/protocol/schemas";
import { can } from "../../lib/protocol/roles";
import type { DeskStore } from "../store/types";
import { toCard, toStory, toStorySummary } from "./dto";
import { visibleStoryBySlug, type Viewer } from "./story-access";

/**
 * The stories `viewer` may see (restricted ones only as a member or admin): not archived, or only
 * archived ones; `search` matches the headline. `online` gives how many people are on a story now.
 */
export async function listStories(
  store: DeskStore,
  viewer: Viewer,
  filter: { search?: string; archived?: boolean } = {},
  online: (storyId: string) => number = () => 0,
): Promise<StorySummary[]> {
  const rows = await store.stories.list({ userId: viewer.id, admin: can(viewer.role, "story:readRestricted") }, { search: filter.search ?? "", archived: filter.archived ?? false });
  return sortForDesk(rows.map((r) => toStorySummary(r, online(r.id))));
}

/** Live stories first (newest first), then ended ones (most recently ended first), archived last. */
export function sortForDesk(stories: StorySummary[]): StorySummary[] {
  const rank = (s: StorySummary) => (s.archivedAt ? 2 : s.coverageEnd ? 1 : 0);
  const when = (s: StorySummary) => Date.parse(s.archivedAt ?? s.coverageEnd ?? s.coverageStart ?? s.updatedAt);
  return [...stories].sort((a, b) => rank(a) - rank(b) || when(b) - when(a));
}

/** The story and its cards in order, or null for an unknown slug or one `viewer` may not see. */
export async function getStoryBySlug(store: DeskStore, slug: string, viewer: Viewer): Promise<StoryWithCards | null> {
  const story = await visibleStoryBySlug(store, slug, viewer);
  if (!story) return null;
  const [cards, published] = await Promise.all([store.listCards(story.id), store.stories.hasPublished(story.id)]);
  return { ...toStory(story, published), cards: cards.map(toCard) };
}

