/**
 * The card workflow: which status may follow which. Shared so the desk offers only the moves
 * the server will accept; the server enforces the same table (server/domain/cards.ts).
 */
import type { CardStatus } from "./schemas";

/** draft → in review → published; review can send back; published can be unpublished to draft. */
export const STATUS_TRANSITIONS: Readonly<Record<CardStatus, readonly CardStatus[]>> = {
  draft: ["in_review"],
  in_review: ["draft", "published"],
  published: ["draft"],
};

export const STATUS_LABELS: Readonly<Record<CardStatus, string>> = {
  draft: "Draft",
  in_review: "In review",
  published: "Published",
};

/** The label of the action that moves a card from `from` to `to`, as the desk shows it. */
export function transitionLabel(from: CardStatus, to: CardStatus): string {
  if (to === "in_review") return "Send to review";
  if (to === "published") return "Publish";
  return from === "published" ? "Unpublish" : "Back to draft";
}

export function canTransition(from: CardStatus, to: CardStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}
