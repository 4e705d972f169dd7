/**
 * Suggestion mode (track changes) in card text. The editor uses
 * @handlewithcare/prosemirror-suggest-changes: an insertion or deletion is a mark in the shared
 * document, so suggestions merge and survive offline like any edit. Its marks carry only an id;
 * we make the id say who suggested it and when (`<userId>|<epoch ms>|<random>`), so the author and
 * time travel with the text itself and the server can check that a contributor only adds
 * suggestions in their own name (server/collab/suggestion-guard.ts).
 *
 * Publishing renders the text with every unaccepted suggestion rejected: inserted text left out,
 * deleted text kept (server/collab/render.ts).
 */

/** Mark names written by the library (and by y-tiptap as Yjs formatting attribute keys). */
export const SUGGESTION_MARKS = ["insertion", "deletion", "modification"] as const;
export type SuggestionMark = (typeof SUGGESTION_MARKS)[number];

export interface SuggestionAuthor {
  userId: string;
  /** Milliseconds since the epoch, when the suggestion was made. */
  at: number;
}

/** A fresh suggestion id for `userId`, made now. */
export function newSuggestionId(userId: string, now = Date.now()): string {
  return `${userId}|${now}|${Math.random().toString(36).slice(2, 10)}`;
}

/** Who made a suggestion and when, from its id; null for ids not made by newSuggestionId. */
export function suggestionAuthor(id: unknown): SuggestionAuthor | null {
  if (typeof id !== "string") return null;
  const [userId, at, nonce] = id.split("|");
  const time = Number(at);
  if (!userId || !nonce || !Number.isSafeInteger(time)) return null;
  return { userId, at: time };
}

/** Accepting or rejecting: one suggestion (by id) or all of them on the card. */
export type SuggestionVerdict = "accept" | "reject";
