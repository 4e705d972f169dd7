/**
 * The two writes that follow a card's update log (./card-docs.ts schedules them; ./load-doc.ts
 * is the read side): the derived text (plain text and HTML of the body, for previews, search and
 * "unpublished changes"), and compaction of the log into the stored snapshot.
 */
import { BODY_FIELD } from "../../lib/protocol/collab";
import { loggerFor } from "../logger";
import type { DerivedBodyRecord, DocStore } from "../store/types";
import type { Entry } from "./live-doc";
import { renderFragment } from "./render";

const log = loggerFor("collab");

/**
 * Writes the plain text and HTML of the body when they changed; the card's preview fields when
 * the store took a change, else null. A failed write marks the text dirty again and throws.
 */
export async function writeDerivedText(store: DocStore, entry: Entry): Promise<DerivedBodyRecord | null> {
  if (!entry.deriveDirty || entry.broken) return null;
  entry.deriveDirty = false;
  const { text, html } = renderFragment(entry.doc.getXmlFragment(BODY_FIELD));
  // Derived text is written only once the updates it shows are stored.
  await entry.tail;
  if (entry.broken) return null;
  const key = `${text}\u0000${html}`;
  if (key === entry.derived) return null;
  try {
    const card = await store.saveDerivedBody(entry.cardId, text, html);
    entry.derived = key;
    return card;
  } catch (err) {
    entry.deriveDirty = true;
    log.warn({ err, cardId: entry.cardId }, "derived text not saved; will retry");
    throw err;
  }
}

/**
 * Folds the stored log into the stored snapshot. The store folds what it holds (this process's
 * rows and other processes'), never the live document, so updates still on their way to the
 * store are simply not part of it yet.
 */
export async function compactLog(store: DocStore, entry: Entry): Promise<void> {
  if (entry.sinceSnapshot === 0 || entry.broken) return;
  const counted = entry.sinceSnapshot;
  const result = await store.compactDoc(entry.cardId);
  entry.sinceSnapshot -= counted;
  if (result?.bytes != null) entry.bytes = result.bytes;
  // Folded rows left the log: forget their ids (else the set grows with every keystroke while
  // the card is open). Another process's row forgotten too early is at worst applied again.
  const through = result?.throughId;
  if (through != null) for (const id of entry.seen) if (id <= through) entry.seen.delete(id);
  log.debug({ cardId: entry.cardId, ...result }, "document compacted");
}
