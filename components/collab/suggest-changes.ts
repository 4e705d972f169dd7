/**
 * Suggestion mode for the card editor: @handlewithcare/prosemirror-suggest-changes wired into
 * Tiptap 3. The library turns an edit into suggestion marks (insertion/deletion) when the mode
 * is on, and leaves alone what y-tiptap applies from the others (it checks the y-sync meta), so
 * suggestions merge like any edit. Its ids are ours (lib/protocol/suggestions.ts): who and when.
 * Accepting and rejecting happen on the server (suggestion:decide), so they are audited and two
 * editors cannot both decide the same suggestion.
 */
import {
  deletion,
  enableSuggestChanges,
  disableSuggestChanges,
  insertion,
  isSuggestChangesEnabled,
  modification,
  suggestChanges,
  withSuggestChanges,
} from "@handlewithcare/prosemirror-suggest-changes";
import { Extension, Mark } from "@tiptap/core";
import type { EditorState, Transaction } from "@tiptap/pm/state";
import type { MarkSpec } from "@tiptap/pm/model";
import { newSuggestionId, suggestionAuthor, SUGGESTION_MARKS } from "@/lib/protocol/suggestions";

/** A Tiptap mark with exactly the library's schema (name, exclusions, id attribute, DOM). */
function suggestionMark(name: string, spec: MarkSpec, className: string) {
  return Mark.create({
    name,
    inclusive: false,
    excludes: spec.excludes,
    addAttributes: () => ({
      id: { default: null },
      ...(name === "modification" ? { type: { default: null }, attrName: { default: null }, previousValue: { default: null }, newValue: { default: null } } : {}),
    }),
    parseHTML: () => (spec.parseDOM ?? []).map((rule) => ({ ...rule }) as never),
    renderHTML: ({ mark }) => {
      const author = suggestionAuthor(mark.attrs.id);
      const when = author ? new Date(author.at).toISOString().slice(0, 16).replace("T", " ") : "";
      const tag = name === "insertion" ? "ins" : name === "deletion" ? "del" : "span";
      return [tag, { "data-suggestion": name, "data-id": String(mark.attrs.id), class: className, title: when ? `Suggested ${when} UTC` : "Suggested" }, 0];
    },
  });
}

export const SuggestionMarks = [
  suggestionMark("insertion", insertion, "suggested-insertion"),
  suggestionMark("deletion", deletion, "suggested-deletion"),
  suggestionMark("modification", modification, "suggested-modification"),
];

export interface SuggestModeOptions {
  /** The signed-in user's id: every suggestion made here is in their name. */
  userId: string;
}

/** Whether suggestion mode is on in this editor state. */
export const isSuggesting = (state: EditorState): boolean => isSuggestChangesEnabled(state);

/** Turns suggestion mode on or off (a plain ProseMirror command). */
export const setSuggesting = (on: boolean) => (on ? enableSuggestChanges : disableSuggestChanges);

export const SuggestMode = Extension.create<SuggestModeOptions>({
  name: "suggestMode",
  addOptions: () => ({ userId: "" }),
  addProseMirrorPlugins() {
    return [suggestChanges()];
  },
  dispatchTransaction({ transaction, next }) {
    const userId = this.options.userId;
    // The library's own decorator, fed the current state; it decides whether to transform.
    const decorated = withSuggestChanges(
      (tr: Transaction) => next(tr),
      () => newSuggestionId(userId),
    );
    decorated.call({ state: this.editor.state } as never, transaction);
  },
});

export { SUGGESTION_MARKS };
