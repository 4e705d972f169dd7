/**
 * Deciding on suggestions in a card's live document (server/domain/review.ts calls it): the
 * change is computed and applied in one synchronous step on the live document, so of two editors
 * deciding the same suggestion at once on this process the second finds it gone (NOT_FOUND) and
 * changes nothing. The result is stored and relayed to the card's editors like any edit.
 */
import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import type { DecideSuggestions } from "../domain/suggestion-review";
import type { DocStore } from "../store/types";
import type { CardDocs } from "./card-docs";
import { catchUp } from "./cross-process";
import { listSuggestions, resolveSuggestions } from "./suggestions";

/** The port server/domain/suggestion-review.ts declares (re-exported for the realtime wiring). */
export type { DecideSuggestions };

export function suggestionDecisions(
  docs: CardDocs,
  relay: (cardId: string, update: Uint8Array) => void,
  store?: DocStore,
): DecideSuggestions {
  return async (cardId, storyId, ids, verdict) => {
    const user = `server:${randomUUID()}`;
    const live = await docs.open(cardId, user, storyId);
    try {
      if (store) await catchUp(docs, store);
      let durable: Promise<void> = Promise.resolve();
      const decided = await docs.read(live, ({ doc }) => {
        const copy = new Y.Doc();
        try {
          Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
          const all = listSuggestions(copy);
          const before = Y.encodeStateVector(copy);
          const found = new Set(resolveSuggestions(copy, ids, verdict)); // NOT_FOUND if one is gone
          const update = Y.encodeStateAsUpdate(copy, before);
          durable = docs.applyUpdate(live, update, () => relay(cardId, update));
          return all.filter((s) => found.has(s.id));
        } finally {
          copy.destroy();
        }
      });
      await durable;
      return decided;
    } finally {
      docs.close(cardId, user);
    }
  };
}
