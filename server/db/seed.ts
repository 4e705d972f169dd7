/**
 * Seeds the Petro–Trump story. Idempotent: a story that already exists (by slug) is left
 * exactly as the editors left it, so restarting never resurrects deleted cards or undoes edits.
 */
import type { DeskStore } from "../store/types";
import { petroTrumpStory, type SeedStory } from "./seed-data";

/** Returns true when the story was created, false when it was already there. */
export async function seedStory(store: DeskStore, seed: SeedStory = petroTrumpStory): Promise<boolean> {
  if (await store.findStoryBySlug(seed.slug)) return false;
  try {
    await store.createStoryWithCards(
      {
        slug: seed.slug,
        headline: seed.headline,
        summary: seed.summary,
        coverageStart: new Date(seed.coverageStart),
        coverageEnd: seed.coverageEnd ? new Date(seed.coverageEnd) : null,
      },
      seed.cards.map((c) => ({ ...c, updatedBy: "Newsdesk seed" })),
    );
    return true;
  } catch (err) {
    // Two processes seeding at once: the loser hits the unique slug and there is nothing to do.
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}
