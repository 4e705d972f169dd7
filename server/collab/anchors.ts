/**
 * Comment anchors: a thread on card text keeps the start and end of its range as Yjs relative
 * positions (base64 of Y.encodeRelativePosition, made by the editor with y-tiptap), which follow
 * their characters through any concurrent edit and any reload. Here: checking that a new thread's
 * anchor points into the card's text.
 */
import { randomUUID } from "node:crypto";
import { fromBase64 } from "lib0/buffer";
import * as Y from "yjs";
import type { CardDocs } from "./card-docs";

/** The absolute position a stored anchor resolves to in `doc`, or null if it does not. */
export function resolveAnchor(doc: Y.Doc, anchor: string): Y.AbsolutePosition | null {
  try {
    const rel = Y.decodeRelativePosition(fromBase64(anchor));
    return Y.createAbsolutePositionFromRelativePosition(rel, doc);
  } catch {
    return null;
  }
}

/** Whether both ends of a range resolve in `doc` (a thread on text nobody ever wrote is refused). */
export function anchorExists(doc: Y.Doc, from: string, to: string): boolean {
  return resolveAnchor(doc, from) !== null && resolveAnchor(doc, to) !== null;
}

/** The check threads use (server/domain/review.ts AnchorCheck), on the card's live document. */
export function anchorCheck(docs: CardDocs) {
  return async (cardId: string, storyId: string, from: string, to: string): Promise<boolean> => {
    const user = `server:${randomUUID()}`;
    const live = await docs.open(cardId, user, storyId);
    try {
      return anchorExists(live.doc, from, to);
    } finally {
      docs.close(cardId, user);
    }
  };
}
