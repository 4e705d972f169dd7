"use client";
/**
 * The rich-text editor of a card's body, edited together: Tiptap bound to the card's Yjs
 * document, synced by CardTextProvider over the desk's card-text channel, with the others'
 * named cursors.
 * Every change is also kept in the browser (IndexedDB), so edits made offline survive a closed
 * tab and are sent on the next visit. Read-only (a viewer): the text follows the others live,
 * but nothing can be typed and nothing is sent. Suggestion mode (./suggest-changes.ts): anyone who
 * writes may switch it on; a contributor on a card past draft is always in it. Review (comments,
 * suggestions to accept or reject) sits under the text (components/review/CardReviewPanel.tsx).
 */
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useState, useSyncExternalStore } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import type { CollabChannel } from "@/lib/collab/collab-channel";
import { CardTextProvider } from "@/lib/collab/card-text-provider";
import { BODY_FIELD } from "@/lib/protocol";
import { EditorToolbar } from "./EditorToolbar";
import { CardReviewPanel, type EditorReview } from "../review/CardReviewPanel";
import { CommentHighlights, refreshHighlights, setHighlights, type HighlightAnchor } from "../review/comment-highlights";
import { isSuggesting, setSuggesting, SUGGEST_BLOCKED_EVENT, SuggestionMarks, SuggestMode } from "./suggest-changes";
import { SyncBadge } from "./SyncBadge";
import { localDocName, markSynced, markUnsynced, openEditors } from "./unsynced-text";

export interface EditorUser {
  name: string;
  color: string;
}

interface Session {
  doc: Y.Doc;
  provider: CardTextProvider;
}

/** Opens the card's document: local copy first (offline edits), then the server. */
function useCardSession(channel: CollabChannel, cardId: string, readOnly: boolean): Session | null {
  const [session, setSession] = useState<Session | null>(null);
  useEffect(() => {
    const doc = new Y.Doc();
    const local = new IndexeddbPersistence(localDocName(cardId), doc);
    let provider: CardTextProvider | null = null;
    let cancelled = false;
    let offStatus = () => {};
    openEditors.add(cardId);
    // Typed here and not yet stored: listed, so a closed tab's text is synced on the next visit.
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (!readOnly && origin !== provider && origin !== local) markUnsynced(cardId);
    };
    void local.whenSynced.then(() => {
      if (cancelled) return;
      const p = new CardTextProvider(channel, cardId, doc, { readOnly });
      provider = p;
      doc.on("update", onUpdate);
      offStatus = p.onStatus((s) => s === "saved" && markSynced(cardId));
      if (p.status === "saved") markSynced(cardId);
      setSession({ doc, provider: p });
    });
    return () => {
      cancelled = true;
      openEditors.delete(cardId);
      offStatus();
      doc.off("update", onUpdate);
      provider?.destroy();
      void local.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [channel, cardId, readOnly]);
  return session;
}

interface EditorProps {
  channel: CollabChannel;
  cardId: string;
  user: EditorUser;
  label: string;
  /** Follow the text without changing it: nothing typed, nothing sent. */
  readOnly?: boolean;
  /** Comments and suggestions on this card (absent: the editor alone). */
  review?: EditorReview;
}

export function CardTextEditor({ channel, cardId, user, label, readOnly = false, review }: EditorProps) {
  const session = useCardSession(channel, cardId, readOnly);
  if (!session) return <p className="text-sm text-slate-500">Opening the text…</p>;
  return <BoundEditor key={session.doc.guid} session={session} user={user} label={label} readOnly={readOnly} review={review} />;
}

function BoundEditor({ session, user, label, readOnly, review }: { session: Session; user: EditorUser; label: string; readOnly: boolean; review?: EditorReview }) {
  const { doc, provider } = session;
  // An external store: subscribing through useSyncExternalStore also catches a change made
  // between the first render and the subscription (an open answered meanwhile), which a
  // useState + useEffect pair missed — a read-only editor then stayed "Connecting…".
  const status = useSyncExternalStore(
    (onChange) => provider.onStatus(onChange),
    () => provider.status,
    () => provider.status,
  );

  const editor = useEditor({
    immediatelyRender: false,
    editable: !readOnly,
    extensions: [
      // Yjs keeps the history of a shared document; the local undo stack would fight it.
      // Headings: the subheading the toolbar offers, and only it (so "# " typed at a line start
      // cannot make a heading the toolbar does not know).
      StarterKit.configure({ undoRedo: false, heading: { levels: [3] }, link: { openOnClick: false, autolink: true } }),
      Collaboration.configure({ document: doc, field: BODY_FIELD }),
      CollaborationCaret.configure({ provider, user }),
      ...SuggestionMarks,
      SuggestMode.configure({ userId: review?.meId ?? "" }),
      CommentHighlights.configure({ doc }),
    ],
    // A contributor past draft suggests from the first keystroke.
    onCreate: ({ editor: e }) => {
      if (review?.suggestOnly) e.commands.command(({ state, dispatch }) => setSuggesting(true)(state, dispatch));
    },
    editorProps: {
      attributes: {
        "aria-label": label,
        "aria-multiline": "true",
        "aria-readonly": String(readOnly),
        role: "textbox",
        class: "prose-card min-h-32 rounded-b border border-t-0 border-slate-300 bg-white px-3 py-2 focus:outline-none",
      },
    },
  });

  // A string, so that the effect runs when the anchors change, not on every render.
  const openAnchors = JSON.stringify(
    (review?.threads ?? [])
      .filter((t) => t.anchor && !t.resolvedAt)
      .map((t): HighlightAnchor => ({ id: t.id, from: t.anchor!.from, to: t.anchor!.to, focused: t.id === review?.focusThreadId })),
  );
  useEffect(() => {
    // The open threads' words, highlighted in the text.
    setHighlights(doc, JSON.parse(openAnchors) as HighlightAnchor[]);
    if (editor && !editor.isDestroyed) refreshHighlights(editor.view);
  }, [editor, doc, openAnchors]);

  // A paragraph break or a format kept out of a suggestion (./suggest-changes.ts): say why, briefly.
  const [blocked, setBlocked] = useState(false);
  useEffect(() => {
    const dom = editor && !editor.isDestroyed ? editor.view.dom : null;
    if (!dom) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onBlocked = () => {
      setBlocked(true);
      clearTimeout(timer);
      timer = setTimeout(() => setBlocked(false), 6_000);
    };
    dom.addEventListener(SUGGEST_BLOCKED_EVENT, onBlocked);
    return () => {
      clearTimeout(timer);
      dom.removeEventListener(SUGGEST_BLOCKED_EVENT, onBlocked);
    };
  }, [editor]);

  return (
    <div
      className={`mt-2 ${status === "offline" ? "[&_.collaboration-carets__caret]:hidden [&_.collaboration-carets__selection]:hidden" : ""}`}
      data-testid="card-text-editor"
      data-offline={status === "offline" || undefined}
    >
      {/* Offline, the others' cursors are where they were, not where they are: hidden until back. */}
      <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1 rounded-t border border-slate-300 bg-slate-50 px-2 py-1">
        {readOnly ? <span className="text-xs text-slate-500">You can read this text, not change it.</span> : <EditorToolbar editor={editor} />}
        {!readOnly && review && <SuggestToggle editor={editor} forced={review.suggestOnly} />}
        <SyncBadge status={status} error={provider.error} readOnly={readOnly} />
      </div>
      <EditorContent editor={editor} />
      <p role="status" className="text-xs text-amber-900" data-testid="suggest-blocked">
        {blocked ? "Only words can be suggested: paragraph breaks, lists, headings and formatting cannot. Say it in a comment instead." : ""}
      </p>
      {review && <CardReviewPanel editor={editor} doc={doc} review={review} />}
    </div>
  );
}

/** "Suggest": edits become suggestions an editor accepts or rejects. Always on when `forced`. */
function SuggestToggle({ editor, forced }: { editor: Editor | null; forced: boolean }) {
  const on = useEditorState({ editor, selector: ({ editor: e }) => (e ? isSuggesting(e.state) : false) }) ?? false;
  return (
    <button
      type="button"
      aria-pressed={on}
      disabled={!editor || forced}
      title={forced ? "On a card past draft, contributors suggest changes for an editor to accept" : "Edits become suggestions an editor accepts or rejects"}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => editor?.chain().focus().command(({ state, dispatch }) => setSuggesting(!on)(state, dispatch)).run()}
      className={`h-7 rounded px-2 text-xs font-medium ${on ? "bg-emerald-700 text-white" : "border border-slate-300 hover:bg-slate-200"} disabled:cursor-not-allowed`}
    >
      {on ? "Suggesting" : "Suggest"}
    </button>
  );
}
