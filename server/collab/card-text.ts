/**
 * Publishing's access to card text (server/domain/publishing.ts), through the live documents so
 * that what is published or restored is exactly what the editors see, and a restore reaches the
 * editors of the card like any other change: stored first, then relayed.
 */
import { randomUUID } from "node:crypto";
import * as Y from "yjs";
import { BODY_FIELD } from "../../lib/protocol/collab";
import type { CardTextAccess } from "../domain/publishing";
import type { DocStore } from "../store/types";
import type { CardDocs } from "./card-docs";
import { catchUp } from "./cross-process";
import { fragmentFromPlainText, renderFragment } from "./render";
import { stateWithSuggestionsRejected } from "./suggestions";

/**
 * The update that turns `doc`'s body into `from`'s: every current node deleted, copies of the
 * source's nodes inserted. Edits made concurrently elsewhere merge as any Yjs edits do.
 */
export function replacementUpdate(doc: Y.Doc, from: { docState: Uint8Array | null; bodyText: string }): Uint8Array {
  const copy = new Y.Doc();
  const source = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(copy);
    if (from.docState) Y.applyUpdate(source, from.docState);
    else fragmentFromPlainText(source, from.bodyText);
    const nodes = source
      .getXmlFragment(BODY_FIELD)
      .toArray()
      .map((node) => node.clone() as Y.XmlElement | Y.XmlText);
    const target = copy.getXmlFragment(BODY_FIELD);
    copy.transact(() => {
      target.delete(0, target.length);
      if (nodes.length > 0) target.insert(0, nodes);
    });
    return Y.encodeStateAsUpdate(copy, before);
  } finally {
    copy.destroy();
    source.destroy();
  }
}

/**
 * `relay` sends a stored update to this process's editors of the card. With other processes
 * (`store` given), a read first catches up with updates they stored (their announcements may
 * still be on the way); a single process has nothing to catch up with.
 */
export function cardTextAccess(
  docs: CardDocs,
  relay: (cardId: string, update: Uint8Array) => void,
  store?: DocStore,
): CardTextAccess {
  async function withDoc<T>(cardId: string, storyId: string, work: (live: Awaited<ReturnType<CardDocs["open"]>>) => Promise<T>) {
    const user = `server:${randomUUID()}`;
    const live = await docs.open(cardId, user, storyId);
    try {
      return await work(live);
    } finally {
      docs.close(cardId, user);
    }
  }

  return {
    current: (cardId, storyId) =>
      withDoc(cardId, storyId, async (live) => {
        if (store) await catchUp(docs, store);
        return docs.read(live, ({ doc }) => {
          const { html, text } = renderFragment(doc.getXmlFragment(BODY_FIELD));
          // A revision keeps the text as published: unaccepted suggestions rejected, as in html/text.
          return { html, text, state: stateWithSuggestionsRejected(doc) };
        });
      }),

    restore: (cardId, storyId, from) =>
      withDoc(cardId, storyId, async (live) => {
        const update = await docs.read(live, ({ doc }) => replacementUpdate(doc, from));
        await docs.applyUpdate(live, update, () => relay(cardId, update));
      }),
  };
}
