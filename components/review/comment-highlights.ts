/**
 * The words an open comment thread is about, highlighted in the card's text (as in Google Docs).
 * The ranges come from the threads' Yjs anchors, resolved again at every redraw, so they follow
 * every edit, the others' included; a thread whose words were deleted has nothing to highlight.
 * The anchors of a document are set with `setHighlights` and read at each redraw; call
 * `refreshHighlights` after setting them.
 */
import { Extension } from "@tiptap/core";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import type * as Y from "yjs";
import { rangeOfAnchor } from "./anchors";

export interface HighlightAnchor {
  id: string;
  from: string;
  to: string;
  /** The thread opened from a notification: drawn stronger. */
  focused?: boolean;
}

const key = new PluginKey("comment-highlights");
const anchorsOf = new WeakMap<Y.Doc, HighlightAnchor[]>();

/** The open threads' anchors of a card's document (drawn at the next redraw). */
export function setHighlights(doc: Y.Doc, anchors: HighlightAnchor[]): void {
  anchorsOf.set(doc, anchors);
}

export const CommentHighlights = Extension.create<{ doc: Y.Doc | null }>({
  name: "commentHighlights",
  addOptions() {
    return { doc: null };
  },
  addProseMirrorPlugins() {
    const { doc } = this.options;
    return [
      new Plugin({
        key,
        props: {
          decorations(state: EditorState) {
            if (!doc) return null;
            const marks = (anchorsOf.get(doc) ?? []).flatMap((a) => {
              const range = rangeOfAnchor(state, doc, a);
              if (!range) return [];
              const className = a.focused ? "comment-highlight comment-highlight-focused" : "comment-highlight";
              return [Decoration.inline(range.from, range.to, { class: className, "data-thread": a.id })];
            });
            return marks.length ? DecorationSet.create(state.doc, marks) : null;
          },
        },
      }),
    ];
  },
});

/** Redraws the highlights (after the list of threads changed). */
export function refreshHighlights(view: EditorView | undefined): void {
  if (view) view.dispatch(view.state.tr.setMeta(key, "refresh"));
}
