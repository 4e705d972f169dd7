/**
 * The server's rule for card text in suggestion mode: someone who may only suggest (a
 * contributor on a card past draft, lib/protocol/roles.ts `cardTextMode`) may send updates that
 * add or withdraw their own suggestions, and nothing else. A forged plain edit — text typed or
 * deleted without the suggestion marks, a suggestion in someone else's name, accepting or
 * rejecting someone else's — is refused whole with FORBIDDEN before anything is applied.
 *
 * The test is on effects, not on the update's bytes: the update is applied to a copy of the
 * document, and the text as published (suggestions rejected, ./render.ts) must be the same
 * before and after. A suggestion never changes that text; any plain edit does.
 *
 * Kept apart from the transport (server/realtime/collab-handlers.ts calls it in one marked place)
 * so the same call works over any transport.
 */
import * as Y from "yjs";
import { BODY_FIELD } from "../../lib/protocol/collab";
import { suggestionAuthor } from "../../lib/protocol/suggestions";
import { DomainError } from "../domain/errors";
import { renderFragment } from "./render";
import { listSuggestions } from "./suggestions";

export type TextWriteMode = { mode: "edit" } | { mode: "suggest"; userId: string };

const forbidden = (why: string) => new DomainError("FORBIDDEN", `This card is past the draft stage: you can only suggest changes here (${why})`);

/**
 * Throws FORBIDDEN if `update` is more than the suggestions `mode` allows on `doc`. Reads `doc`,
 * never changes it. In "edit" mode everything is allowed (roles were checked before).
 */
export function assertUpdateAllowed(doc: Y.Doc, update: Uint8Array, mode: TextWriteMode): void {
  if (mode.mode === "edit") return;
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const before = renderFragment(copy.getXmlFragment(BODY_FIELD)).html;
    const idsBefore = new Map(listSuggestions(copy).map((s) => [s.id, s]));
    try {
      Y.applyUpdate(copy, update);
    } catch {
      throw new DomainError("MALFORMED_UPDATE", "The sync message could not be read");
    }
    if (renderFragment(copy.getXmlFragment(BODY_FIELD)).html !== before) {
      throw forbidden("this change edits the text directly");
    }
    const idsAfter = new Set<string>();
    for (const s of listSuggestions(copy)) {
      idsAfter.add(s.id);
      if (!idsBefore.has(s.id) && suggestionAuthor(s.id)?.userId !== mode.userId) {
        throw forbidden("a suggestion must be made in your own name");
      }
    }
    for (const id of idsBefore.keys()) {
      if (!idsAfter.has(id) && suggestionAuthor(id)?.userId !== mode.userId) {
        throw forbidden("only editors accept or reject other people's suggestions");
      }
    }
  } finally {
    copy.destroy();
  }
}
