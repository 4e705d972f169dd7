/**
 * Suggestions in a card's Yjs document, read and resolved on the server: which are there, the
 * text with all of them rejected (what publishing shows), and accepting or rejecting them.
 *
 * Representation (see lib/protocol/suggestions.ts): y-tiptap writes the library's marks as Yjs
 * formatting attributes on text (`insertion: { id }`, `deletion: { id }`) and, for whole blocks,
 * as element attributes of the same name. Accepting and rejecting happen here rather than in an
 * editor, so that two editors deciding at once cannot both win: the second finds the suggestion
 * gone and gets a clear error, and the audit log names who decided.
 */
import * as Y from "yjs";
import { BODY_FIELD } from "../../lib/protocol/collab";
import { SUGGESTION_MARKS, type SuggestionVerdict } from "../../lib/protocol/suggestions";
import { DomainError } from "../domain/errors";

type Attrs = Record<string, unknown>;
type Delta = { insert: unknown; attributes?: Attrs }[];

/** Same rule as y-tiptap's yattr2markname: overlapping marks get a `--hash` suffix. */
const markName = (key: string): string => /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;

/** The suggestion marks a set of attributes carries (the editor puts one; a forged update may put more). */
export function suggestionsOf(attrs: Attrs | undefined): { kind: string; key: string; id: unknown }[] {
  const out = [];
  for (const [key, value] of Object.entries(attrs ?? {})) {
    const kind = markName(key);
    if (value === null || value === undefined || value === false) continue;
    if ((SUGGESTION_MARKS as readonly string[]).includes(kind)) out.push({ kind, key, id: (value as { id?: unknown })?.id });
  }
  return out;
}

/** The first suggestion mark of a set of attributes, if any. */
export const suggestionOf = (attrs: Attrs | undefined) => suggestionsOf(attrs)[0] ?? null;

/** Whether text or a block with these attributes is an unaccepted insertion (left out of publishing). */
export const isSuggestedInsertion = (attrs: Attrs | undefined): boolean => suggestionsOf(attrs).some((s) => s.kind === "insertion");

/** Every XmlText and XmlElement under the body, depth first, by an explicit stack. */
function nodesOf(doc: Y.Doc): (Y.XmlText | Y.XmlElement)[] {
  const out: (Y.XmlText | Y.XmlElement)[] = [];
  const stack: unknown[] = [...doc.getXmlFragment(BODY_FIELD).toArray()].reverse();
  while (stack.length) {
    const node = stack.pop();
    if (node instanceof Y.XmlText) out.push(node);
    else if (node instanceof Y.XmlElement) {
      out.push(node);
      stack.push(...node.toArray().reverse());
    }
  }
  return out;
}

export interface SuggestionInfo {
  id: string;
  kind: string;
  /** The text it inserts or deletes (block suggestions: the block's text). */
  text: string;
}

/** The suggestions in a document, one entry per id, in document order. */
export function listSuggestions(doc: Y.Doc): SuggestionInfo[] {
  const byId = new Map<string, SuggestionInfo>();
  for (const node of nodesOf(doc)) {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as Delta) {
        if (typeof op.insert !== "string") continue;
        for (const s of suggestionsOf(op.attributes)) {
          const id = String(s.id);
          const seen = byId.get(id);
          if (seen) seen.text += op.insert;
          else byId.set(id, { id, kind: s.kind, text: op.insert });
        }
      }
    } else {
      const s = suggestionOf(node.getAttributes() as Attrs);
      if (s && !byId.has(String(s.id))) byId.set(String(s.id), { id: String(s.id), kind: s.kind, text: "" });
    }
  }
  return [...byId.values()];
}

/** Whether deciding a suggestion of this kind removes its content. */
const drops = (kind: string, verdict: SuggestionVerdict) => (kind === "insertion" && verdict === "reject") || (kind === "deletion" && verdict === "accept");

/**
 * Resolves suggestions in `doc` (in one transaction): `ids` the ones to decide, or "all".
 * Accepting an insertion keeps its text and drops the mark; rejecting deletes it. Accepting a
 * deletion deletes the text; rejecting keeps it. Modifications (formatting) are kept on accept,
 * and on reject only the mark is dropped. Returns the ids it found.
 */
export function resolveSuggestions(doc: Y.Doc, ids: readonly string[] | "all", verdict: SuggestionVerdict): string[] {
  const wanted = (id: unknown) => ids === "all" || ids.includes(String(id));
  const found = new Set<string>();
  doc.transact(() => {
    for (const node of nodesOf(doc).reverse()) {
      if (node instanceof Y.XmlText) {
        // Back to front, so earlier offsets stay valid while later runs are deleted.
        const ops = node.toDelta() as Delta;
        let offset = ops.reduce((n, op) => n + (typeof op.insert === "string" ? op.insert.length : 1), 0);
        for (let i = ops.length - 1; i >= 0; i--) {
          const op = ops[i];
          const length = typeof op.insert === "string" ? op.insert.length : 1;
          offset -= length;
          const decided = suggestionsOf(op.attributes).filter((s) => wanted(s.id));
          if (decided.length === 0) continue;
          decided.forEach((s) => found.add(String(s.id)));
          if (decided.some((s) => drops(s.kind, verdict))) node.delete(offset, length);
          else node.format(offset, length, Object.fromEntries(decided.map((s) => [s.key, null])));
        }
      } else {
        const s = suggestionOf(node.getAttributes() as Attrs);
        if (!s || !wanted(s.id)) continue;
        found.add(String(s.id));
        const drop = drops(s.kind, verdict);
        const parent = node.parent;
        if (drop && (parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment)) {
          const index = parent.toArray().indexOf(node);
          if (index >= 0) parent.delete(index, 1);
        } else node.removeAttribute(s.key);
      }
    }
  });
  if (ids !== "all") {
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw new DomainError("NOT_FOUND", "That suggestion is no longer in the text: someone accepted, rejected or removed it");
    }
  }
  return [...found];
}

/** A copy of `doc`'s state with every suggestion rejected: what a published revision keeps. */
export function stateWithSuggestionsRejected(doc: Y.Doc): Uint8Array {
  const copy = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    resolveSuggestions(copy, "all", "reject");
    return Y.encodeStateAsUpdate(copy);
  } finally {
    copy.destroy();
  }
}
