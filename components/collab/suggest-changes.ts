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
import { Plugin, type EditorState, type Transaction } from "@tiptap/pm/state";
import type { MarkSpec, Node as PmNode } from "@tiptap/pm/model";
import { AddMarkStep, RemoveMarkStep } from "@tiptap/pm/transform";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
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

/** The event the editor's DOM gets when a change was kept out (see `onlyTextSuggestions`). */
export const SUGGEST_BLOCKED_EVENT = "newsdesk:suggest-blocked";

/** The blocks of a document, without their text: what a paragraph break, a list or a heading changes. */
function blockShape(doc: PmNode): string {
  const shape: string[] = [];
  doc.descendants((node) => {
    if (node.isText) return false;
    shape.push(`${node.type.name}${JSON.stringify(node.attrs)}`);
    return true;
  });
  return shape.join("/");
}

/**
 * While suggesting, only text can be suggested: the library marks inserted and deleted words,
 * but a paragraph break, a list, a heading or a formatting change would change the published
 * text, and the server refuses such an update (server/collab/suggestion-guard.ts) — which would
 * leave the editor out of sync. So such a change is kept out here, before it is applied, and the
 * editor is told (SUGGEST_BLOCKED_EVENT) so that it can say why. Changes from the others (y-sync)
 * always pass.
 */
function onlyTextSuggestions(): Plugin {
  let dom: HTMLElement | null = null;
  return new Plugin({
    view(view) {
      dom = view.dom;
      return { destroy: () => void (dom = null) };
    },
    filterTransaction(tr, state) {
      if (!tr.docChanged || !isSuggestChangesEnabled(state) || tr.getMeta(ySyncPluginKey)) return true;
      const formats = tr.steps.some(
        (step) => (step instanceof AddMarkStep || step instanceof RemoveMarkStep) && !(SUGGESTION_MARKS as readonly string[]).includes((step as AddMarkStep).mark.type.name),
      );
      if (!formats && blockShape(tr.before) === blockShape(tr.doc)) return true;
      const target = dom;
      setTimeout(() => target?.dispatchEvent(new CustomEvent(SUGGEST_BLOCKED_EVENT)), 0);
      return false;
    },
  });
}

export const SuggestMode = Extension.create<SuggestModeOptions>({
  name: "suggestMode",
  addOptions: () => ({ userId: "" }),
  addProseMirrorPlugins() {
    return [suggestChanges(), onlyTextSuggestions()];
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
