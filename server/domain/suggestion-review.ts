/**
 * Accepting and rejecting suggestions in card text (editors and admins). The change itself is
 * made on the live document (server/collab/card-suggestions.ts); here: the rule, the card check,
 * and one audit entry per suggestion decided, naming who suggested it and who decided.
 */
import type { SuggestionDecide } from "../../lib/protocol/review";
import { suggestionAuthor } from "../../lib/protocol/suggestions";
import type { SuggestionVerdict } from "../../lib/protocol/suggestions";
import type { DeskStore } from "../store/types";
import { quote, record } from "./audit";
import { notFound } from "./errors";
import { authorize } from "./policy";
import type { ReviewActor } from "./review";

/**
 * Applies the verdict to the card's live text and says which suggestions it decided (their id,
 * kind and words); server/collab/card-suggestions.ts implements it.
 */
export type DecideSuggestions = (
  cardId: string,
  storyId: string,
  ids: string[] | "all",
  verdict: SuggestionVerdict,
) => Promise<{ id: string; kind: string; text: string }[]>;

export async function decideSuggestions(
  store: DeskStore,
  actor: ReviewActor,
  input: SuggestionDecide,
  decide: DecideSuggestions,
): Promise<{ decided: string[] }> {
  authorize(actor, "suggestion:review");
  const card = await store.findCard(input.cardId);
  if (!card || card.storyId !== actor.storyId) throw notFound("Card");
  const decided = await decide(card.id, card.storyId, input.ids, input.verdict);
  const names = new Map<string, string>();
  for (const s of decided) {
    const authorId = suggestionAuthor(s.id)?.userId;
    if (authorId && !names.has(authorId)) names.set(authorId, (await store.users.findById(authorId))?.name ?? "someone");
    const by = authorId ? names.get(authorId) : "someone";
    const what = s.kind === "insertion" ? "insert" : s.kind === "deletion" ? "delete" : "format";
    await record(
      store,
      actor,
      input.verdict === "accept" ? "suggestion.accept" : "suggestion.reject",
      { storyId: card.storyId, cardId: card.id },
      `${by}'s suggestion to ${what} ${quote(s.text, 50)}`,
    );
  }
  return { decided: decided.map((s) => s.id) };
}
