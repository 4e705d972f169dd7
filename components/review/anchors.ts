/**
 * Comment anchors in the browser: an editor selection turned into Yjs relative positions (what a
 * thread stores, base64), and back into a selection — or "detached" once the words are gone.
 * Uses y-tiptap's own mapping between ProseMirror positions and the Yjs document.
 */
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import type { Editor } from "@tiptap/react";
import type { EditorState } from "@tiptap/pm/state";
import { fromBase64, toBase64 } from "lib0/buffer";
import * as Y from "yjs";
import { BODY_FIELD } from "@/lib/protocol";

type Binding = { mapping: Map<Y.AbstractType<unknown>, unknown> };

function bindingOf(editor: Editor | EditorState): Binding | null {
  const state = "state" in editor ? editor.state : editor;
  return (ySyncPluginKey.getState(state) as { binding?: Binding } | undefined)?.binding ?? null;
}

/** The selection as a thread anchor, or null when nothing is selected. */
export function anchorOfSelection(editor: Editor, doc: Y.Doc): { from: string; to: string; quote: string } | null {
  const { from, to, empty } = editor.state.selection;
  const binding = bindingOf(editor);
  if (empty || !binding) return null;
  const type = doc.getXmlFragment(BODY_FIELD);
  // y-tiptap anchors a position to the character before it; the start of a range must stick to
  // the character after it (the first commented one), so it is made again from its Yjs place.
  const encode = (pos: number, assoc: number) => {
    const rel = absolutePositionToRelativePosition(pos, type, binding.mapping as never);
    const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc);
    const sticky = abs ? Y.createRelativePositionFromTypeIndex(abs.type, abs.index, assoc) : rel;
    return toBase64(Y.encodeRelativePosition(sticky));
  };
  const quote = editor.state.doc.textBetween(from, to, " ").slice(0, 500);
  // The start sticks to the first commented character, the end to the last one.
  return { from: encode(from, 0), to: encode(to, -1), quote };
}

/**
 * Whether an anchor's words are still in the text, decided on the Yjs document itself (so it
 * holds before the editor has drawn anything): both ends resolve, and the range is not empty.
 */
export function isDetached(doc: Y.Doc, anchor: { from: string; to: string }): boolean {
  try {
    const from = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.from)), doc);
    const to = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(anchor.to)), doc);
    if (!from || !to) return true;
    return from.type === to.type && to.index <= from.index;
  } catch {
    return true;
  }
}

/**
 * The editor position of one end of an anchor. y-tiptap refuses a text position that resolves to
 * the very start of the document (its guard against a misresolved position), which is where a
 * comment on a card's first words starts: that case is resolved here.
 */
function resolve(state: EditorState, doc: Y.Doc, type: Y.XmlFragment, binding: Binding, encoded: string): number | null {
  const rel = Y.decodeRelativePosition(fromBase64(encoded));
  const pos = relativePositionToAbsolutePosition(doc, type, rel, binding.mapping as never);
  if (pos !== null) return pos;
  const abs = Y.createAbsolutePositionFromRelativePosition(rel, doc);
  if (!abs || !(abs.type instanceof Y.XmlText) || abs.index !== 0 || !abs.type.parent) return null;
  return binding.mapping.get(abs.type.parent as Y.AbstractType<unknown>) === state.doc.firstChild ? 1 : null;
}

/** Where an anchor is in the editor now: a range, or null when its words were deleted. */
export function rangeOfAnchor(editor: Editor | EditorState, doc: Y.Doc, anchor: { from: string; to: string }): { from: number; to: number } | null {
  const state = "state" in editor ? editor.state : editor;
  const binding = bindingOf(state);
  if (!binding) return null;
  const type = doc.getXmlFragment(BODY_FIELD);
  try {
    const from = resolve(state, doc, type, binding, anchor.from);
    const to = resolve(state, doc, type, binding, anchor.to);
    if (from === null || to === null || to <= from) return null;
    return state.doc.textBetween(from, to, "").trim() === "" ? null : { from, to };
  } catch {
    return null;
  }
}
