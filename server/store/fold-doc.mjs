// Folds a card's snapshot and its logged updates into one Yjs state (a fresh document also drops
// deleted text). Plain JavaScript: the SQLite writer's worker thread (./update-log-worker.mjs)
// runs it as it is, and the Postgres store (./prisma-doc-store.ts) imports it too.
import * as Y from "yjs";

/**
 * @param {Uint8Array[]} parts
 * @returns {Uint8Array}
 */
export function foldDoc(parts) {
  const doc = new Y.Doc();
  try {
    for (const part of parts) {
      try {
        Y.applyUpdate(doc, part);
      } catch {
        // An unreadable row was never applied anywhere (see CardDocs.load); leaving it out of
        // the snapshot loses nothing anyone saw.
      }
    }
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
