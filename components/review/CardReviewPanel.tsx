"use client";
/**
 * Review under a card's text: comment on the selected words (or on the whole card), the
 * suggestions waiting in the text with accept/reject for editors, and the card's threads.
 */
import { useEditorState, type Editor } from "@tiptap/react";
import { useState } from "react";
import type * as Y from "yjs";
import { suggestionAuthor, type Mentionable, type ReviewThread } from "@/lib/protocol";
import { formatDateTime } from "@/lib/format/time";
import { anchorOfSelection, isDetached, rangeOfAnchor } from "./anchors";
import { CommentForm } from "./CommentForm";
import { ThreadList } from "./ThreadList";
import type { ReviewState } from "./useReview";

export interface EditorReview {
  cardId: string;
  meId: string;
  /** A contributor on a card past draft: every change is a suggestion. */
  suggestOnly: boolean;
  mayComment: boolean;
  mayModerate: boolean;
  mayDecide: boolean;
  threads: ReviewThread[];
  state: ReviewState;
  focusThreadId?: string | null;
}

interface Pending {
  id: string;
  kind: string;
  text: string;
  by: string;
  at: number | null;
}

/** The suggestions in the editor's document, one per id, in order. */
function pendingSuggestions(editor: Editor, people: Mentionable[]): Pending[] {
  const byId = new Map<string, Pending>();
  editor.state.doc.descendants((node) => {
    for (const mark of node.marks) {
      if (!["insertion", "deletion", "modification"].includes(mark.type.name)) continue;
      const id = String(mark.attrs.id);
      const seen = byId.get(id);
      const text = node.isText ? (node.text ?? "") : "¶";
      if (seen) seen.text += text;
      else {
        const author = suggestionAuthor(id);
        byId.set(id, { id, kind: mark.type.name, text, by: people.find((p) => p.id === author?.userId)?.name ?? "Someone", at: author?.at ?? null });
      }
    }
  });
  return [...byId.values()];
}

export function CardReviewPanel({ editor, doc, review }: { editor: Editor | null; doc: Y.Doc; review: EditorReview }) {
  const [anchor, setAnchor] = useState<ReturnType<typeof anchorOfSelection> | "card" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { state } = review;
  const suggestions =
    useEditorState({
      editor,
      selector: ({ editor: e }) => (e ? JSON.stringify(pendingSuggestions(e, state.people)) : "[]"),
    }) ?? "[]";
  const pending = JSON.parse(suggestions) as Pending[];
  // Recomputed on every change of the text (a selector runs after each transaction).
  const detached =
    useEditorState({
      editor,
      selector: () => review.threads.filter((t) => t.anchor && isDetached(doc, t.anchor)).map((t) => t.id).join(","),
    }) ?? "";

  async function decide(ids: string[] | "all", verdict: "accept" | "reject") {
    setError(null);
    const ack = await state.decide({ cardId: review.cardId, ids, verdict });
    if (!ack.ok) setError(ack.error.message);
  }

  return (
    <div className="mt-2 space-y-2">
      {review.mayComment && editor && (
        <div>
          {anchor === null ? (
            <button
              type="button"
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => setAnchor(anchorOfSelection(editor, doc) ?? "card")}
              className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50"
            >
              Comment
            </button>
          ) : (
            <div className="rounded border border-slate-200 p-2">
              <p className="mb-1 text-xs text-slate-600">{anchor === "card" ? "Comment on the whole card" : `Comment on “${anchor.quote}”`}</p>
              <CommentForm
                label="New comment"
                people={state.people}
                submitLabel="Comment"
                onCancel={() => setAnchor(null)}
                onSubmit={async (body, mentions) => {
                  const ack = await state.createThread({ cardId: review.cardId, ...(anchor === "card" ? {} : { anchor }), body, mentions });
                  if (ack.ok) setAnchor(null);
                  return ack;
                }}
              />
            </div>
          )}
        </div>
      )}
      {pending.length > 0 && (
        <section aria-label="Suggestions" data-testid="suggestions" className="rounded border border-slate-200 p-2 text-sm">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h4 className="text-xs font-semibold text-slate-700">
              {pending.length} suggestion{pending.length === 1 ? "" : "s"}
            </h4>
            {review.mayDecide && (
              <div className="flex gap-1">
                <button type="button" className="rounded border border-green-400 px-2 py-0.5 text-xs text-green-900 hover:bg-green-50" onClick={() => void decide("all", "accept")}>
                  Accept all
                </button>
                <button type="button" className="rounded border border-red-300 px-2 py-0.5 text-xs text-red-900 hover:bg-red-50" onClick={() => void decide("all", "reject")}>
                  Reject all
                </button>
              </div>
            )}
          </div>
          <ul className="mt-1 space-y-1">
            {pending.map((s) => (
              <li key={s.id} data-testid="suggestion" className="flex flex-wrap items-center gap-2">
                <span className={s.kind === "insertion" ? "suggested-insertion" : s.kind === "deletion" ? "suggested-deletion" : ""}>{s.text}</span>
                <span className="text-xs text-slate-600">
                  {s.kind === "insertion" ? "insert" : s.kind === "deletion" ? "delete" : "format"} · {s.by}
                  {s.at ? ` · ${formatDateTime(new Date(s.at).toISOString())}` : ""}
                </span>
                {review.mayDecide && (
                  <span className="ml-auto flex gap-1">
                    <button type="button" aria-label={`Accept: ${s.text}`} className="rounded border border-green-400 px-1.5 text-xs text-green-900 hover:bg-green-50" onClick={() => void decide([s.id], "accept")}>
                      Accept
                    </button>
                    <button type="button" aria-label={`Reject: ${s.text}`} className="rounded border border-red-300 px-1.5 text-xs text-red-900 hover:bg-red-50" onClick={() => void decide([s.id], "reject")}>
                      Reject
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {error && (
        <p role="alert" className="rounded bg-red-50 px-2 py-1 text-xs text-red-900">
          {error}
        </p>
      )}
      <ThreadList
        threads={review.threads}
        review={state}
        meId={review.meId}
        mayWrite={review.mayComment}
        mayModerate={review.mayModerate}
        focusThreadId={review.focusThreadId}
        locate={(t) => (!t.anchor ? null : detached.split(",").includes(t.id) ? "detached" : "attached")}
        onShow={(t) => {
          const range = editor && t.anchor ? rangeOfAnchor(editor, doc, t.anchor) : null;
          if (editor && range) editor.chain().focus().setTextSelection(range).run();
        }}
      />
    </div>
  );
}
