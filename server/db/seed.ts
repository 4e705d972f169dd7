/**
 * Seeds the Petro–Trump story. Idempotent: a story that already exists (by slug) is left
 * exactly as the editors left it, so restarting never resurrects deleted cards or undoes edits.
 */
import * as Y from "yjs";
import { BODY_FIELD } from "../../lib/protocol/collab";
import { fragmentFromPlainText, renderFragment } from "../collab/render";
import type { DeskStore } from "../store/types";
import { petroTrumpStory, type SeedStory } from "./seed-data";

/** Returns true when the story was created, false when it was already there. */
export async function seedStory(store: DeskStore, seed: SeedStory = petroTrumpStory): Promise<boolean> {
  if (await store.findStoryBySlug(seed.slug)) return false;
  try {
    const story = await store.createStoryWithCards(
      {
        slug: seed.slug,
        headline: seed.headline,
        summary: seed.summary,
        coverageStart: new Date(seed.coverageStart),
        coverageEnd: seed.coverageEnd ? new Date(seed.coverageEnd) : null,
      },
      seed.cards.map((c) => ({ ...c, updatedBy: "Newsdesk seed" })),
    );
    for (const card of await store.listCards(story.id)) await seedText(store, card.id, card.body);
    return true;
  } catch (err) {
    // Two processes seeding at once: the loser hits the unique slug and there is nothing to do.
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

/** Gives a seeded card its collaborative document and derived HTML from the start. */
async function seedText(store: DeskStore, cardId: string, body: string): Promise<void> {
  const doc = new Y.Doc();
  fragmentFromPlainText(doc, body);
  const { text, html } = renderFragment(doc.getXmlFragment(BODY_FIELD));
  if (await store.docs.createDoc(cardId, Y.encodeStateAsUpdate(doc))) await store.docs.saveDerivedBody(cardId, text, html);
  doc.destroy();
}
