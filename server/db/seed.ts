/**
 * Seeds the Petro–Trump story. Idempotent: a story that already exists (by slug) is left
 * exactly as the editors left it, so restarting never resurrects deleted cards or undoes edits.
 */
import * as Y from "yjs";
import { BODY_FIELD } from "../../lib/protocol/collab";
import { fragmentFromPlainText, renderFragment } from "../collab/render";
import { publishedKeyOf } from "../domain/dto";
import { sanitizeCardHtml } from "../domain/sanitize";
import type { CardRecord, DeskStore } from "../store/types";
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
        // Bogotá and Washington: where the story happens, so its times read as local ones.
        timeZones: JSON.stringify(["America/Bogota", "America/New_York"]),
      },
      seed.cards.map((c) => ({ ...c, updatedBy: "Newsdesk seed" })),
    );
    for (const card of await store.listCards(story.id)) {
      const text = await seedText(store, card.id, card.body);
      if (text && card.status === "published") await seedRevision(store, card, text);
    }
    return true;
  } catch (err) {
    // Two processes seeding at once: the loser hits the unique slug and there is nothing to do.
    if ((err as { code?: string }).code === "P2002") return false;
    throw err;
  }
}

type SeededText = { text: string; html: string; state: Uint8Array };

/** Gives a seeded card its collaborative document and derived HTML from the start. */
async function seedText(store: DeskStore, cardId: string, body: string): Promise<SeededText | null> {
  const doc = new Y.Doc();
  fragmentFromPlainText(doc, body);
  const { text, html } = renderFragment(doc.getXmlFragment(BODY_FIELD));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  if (!(await store.docs.createDoc(cardId, state))) return null;
  await store.docs.saveDerivedBody(cardId, text, html);
  return { text, html, state };
}

/** A card seeded as published gets its first revision, which is what readers see. */
async function seedRevision(store: DeskStore, card: CardRecord, { text, html, state }: SeededText): Promise<void> {
  const bodyHtml = sanitizeCardHtml(html);
  await store.revisions.publish(
    card.id,
    card.version,
    {
      kind: "publication",
      title: card.title,
      summary: card.summary,
      bodyHtml,
      bodyText: text,
      note: null,
      docState: state,
      publishedBy: "Newsdesk seed",
    },
    { body: text, bodyHtml, publishedKey: publishedKeyOf({ title: card.title, summary: card.summary, bodyHtml }) },
  );
}
