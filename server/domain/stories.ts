/** Read operations of the desk, shared by pages, the REST API and the realtime join. */
import type { Card, StorySummary, StoryWithCards } from "../../lib/protocol/schemas";
import type { DeskStore } from "../store/types";
import { toCard, toStory, toStorySummary } from "./dto";

export async function listStories(store: DeskStore): Promise<StorySummary[]> {
  return (await store.listStories()).map(toStorySummary);
}

/** The story and its cards in order, or null for an unknown slug. */
export async function getStoryBySlug(store: DeskStore, slug: string): Promise<StoryWithCards | null> {
  const story = await store.findStoryBySlug(slug);
  if (!story) return null;
  const cards = await store.listCards(story.id);
  return { ...toStory(story), cards: cards.map(toCard) };
}

export async function getCard(store: DeskStore, id: string): Promise<Card | null> {
  const card = await store.findCard(id);
  return card ? toCard(card) : null;
}
