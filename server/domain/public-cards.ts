/**
 * What readers may see of cards: the latest published revision of each published card, never a
 * working copy or a draft. Used by the live page, embeds, the public card page, oEmbed, the REST
 * API and the public socket namespace, so that there is one rule for all of them.
 *
 * Public reads load only the cards' public state and their published revisions: never a working
 * copy's body nor any Yjs state (a 2 MB draft must cost a reader nothing).
 */
import type { PublicCard } from "../../lib/protocol/embed";
import type { CardPublicState, DeskStore, RevisionRecord } from "../store/types";
import { zonesOf } from "./dto";

type PublishedCard = CardPublicState & { publishedRevision: number };

export type PublicCardView =
  | { state: "published"; card: PublicCard; story: { slug: string; headline: string; timeZones: string[] } }
  | { state: "withdrawn"; cardId: string };

function isPublic(card: CardPublicState): card is PublishedCard {
  return card.status === "published" && card.deletedAt === null && card.publishedRevision !== null;
}

/** Builds a reader's card from its record and revisions (any order; other cards' are ignored). */
export function toPublicCard(card: PublishedCard, revisions: readonly RevisionRecord[]): PublicCard | null {
  const mine = revisions.filter((r) => r.cardId === card.id).sort((a, b) => a.number - b.number);
  const current = mine.find((r) => r.number === card.publishedRevision);
  if (!current) return null;
  return {
    id: card.id,
    storyId: card.storyId,
    title: current.title,
    summary: current.summary,
    bodyHtml: current.bodyHtml,
    position: card.position,
    revision: current.number,
    firstPublishedAt: (mine[0] ?? current).publishedAt.toISOString(),
    updatedAt: current.publishedAt.toISOString(),
    corrections: mine
      .filter((r) => r.kind === "correction" && r.number <= current.number && r.note)
      .map((r) => ({ at: r.publishedAt.toISOString(), note: r.note ?? "" })),
  };
}

/** The public versions of those of `cards` that are published, in the given order. */
export async function publicCardsOf(store: DeskStore, cards: readonly CardPublicState[]): Promise<PublicCard[]> {
  const published = cards.filter(isPublic);
  const revisions = await store.revisions.forReaders(published.map((c) => ({ id: c.id, publishedRevision: c.publishedRevision })));
  return published.map((c) => toPublicCard(c, revisions)).filter((c): c is PublicCard => c !== null);
}

/** One card as readers see it, or null when it is not public. */
export async function publicCard(store: DeskStore, cardId: string): Promise<PublicCard | null> {
  const card = cardId.length <= 64 ? await store.findCardPublicState(cardId) : null;
  if (!card) return null;
  return (await publicCardsOf(store, [card]))[0] ?? null;
}

/**
 * A card's public page or embed: its published revision; "withdrawn" for a card that was
 * published once and no longer is (unpublished or deleted); null for an unknown card or one that
 * was never published (nothing about a draft is revealed, not even that it exists).
 */
export async function publicCardView(store: DeskStore, cardId: string): Promise<PublicCardView | null> {
  if (cardId.length > 64) return null;
  const card = await store.findCardPublicState(cardId);
  if (!card || card.publishedRevision === null) return null;
  if (!isPublic(card)) return { state: "withdrawn", cardId: card.id };
  const [publicVersion] = await publicCardsOf(store, [card]);
  const story = await store.findStoryById(card.storyId);
  if (!publicVersion || !story) return { state: "withdrawn", cardId: card.id };
  return { state: "published", card: publicVersion, story: { slug: story.slug, headline: story.headline, timeZones: zonesOf(story.timeZones) } };
}

