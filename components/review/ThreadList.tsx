"use client";
/**
 * The review threads of one card (or post): open ones first, resolved ones on request (they are
 * kept, only hidden). Each shows the words it is about — marked "detached" once they were deleted
 * from the text — its comments, and what this person may do: reply, edit or delete their own
 * comment, resolve or reopen (the thread's author, or an editor).
 */
import { useEffect, useRef, useState } from "react";
import { formatDateTime } from "@/lib/format/time";
import type { ReviewThread } from "@/lib/protocol";
import { CommentForm } from "./CommentForm";
import type { ReviewState } from "./useReview";

interface Props {
  threads: ReviewThread[];
  review: ReviewState;
  meId: string;
  mayWrite: boolean;
  mayModerate: boolean;
  /** Where a thread's words are now: in the text, deleted (detached), or unknown (text not open). */
  locate?: (thread: ReviewThread) => "attached" | "detached" | null;
  /** Select the thread's words in the text. */
  onShow?: (thread: ReviewThread) => void;
  focusThreadId?: string | null;
}

export function ThreadList({ threads, review, meId, mayWrite, mayModerate, locate, onShow, focusThreadId }: Props) {
  const [showResolved, setShowResolved] = useState(false);
  const open = threads.filter((t) => !t.resolvedAt);
  const resolved = threads.filter((t) => t.resolvedAt);
  const shown = showResolved ? [...open, ...resolved] : open;
  return (
    <section aria-label="Comments" className="mt-3 space-y-2" data-testid="threads">
      <div className="flex items-center justify-between text-xs text-slate-600">
        <span>
          {open.length} open comment thread{open.length === 1 ? "" : "s"}
        </span>
        {resolved.length > 0 && (
          <button type="button" className="underline" onClick={() => setShowResolved(!showResolved)}>
            {showResolved ? "Hide resolved" : `Show ${resolved.length} resolved`}
          </button>
        )}
      </div>
      {shown.map((t) => (
        <Thread key={t.id} thread={t} review={review} meId={meId} mayWrite={mayWrite} mayModerate={mayModerate} where={locate?.(t) ?? null} onShow={onShow} focused={t.id === focusThreadId} />
      ))}
    </section>
  );
}

function Thread({
  thread,
  review,
  meId,
  mayWrite,
  mayModerate,
  where,
  onShow,
  focused,
}: {
  thread: ReviewThread;
  review: ReviewState;
  meId: string;
  mayWrite: boolean;
  mayModerate: boolean;
  where: "attached" | "detached" | null;
  onShow?: (thread: ReviewThread) => void;
  focused: boolean;
}) {
  const box = useRef<HTMLElement>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (focused) box.current?.scrollIntoView({ block: "center" });
  }, [focused]);
  const mayResolve = mayWrite && (thread.authorId === meId || mayModerate);
  const run = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
    setError(null);
    const ack = await p;
    if (!ack.ok) setError(ack.error?.message ?? "Not saved");
  };
  return (
    <article
      ref={box}
      data-testid="thread"
      data-thread-id={thread.id}
      aria-label={`Comment thread${thread.anchor ? ` on “${thread.anchor.quote}”` : ""}`}
      className={`rounded border bg-amber-50/40 p-2 text-sm ${focused ? "border-amber-500 ring-2 ring-amber-400" : "border-amber-200"} ${thread.resolvedAt ? "opacity-70" : ""}`}
    >
      {thread.anchor && (
        <p className="mb-1 text-xs text-slate-700">
          On{" "}
          <button type="button" className="italic underline decoration-dotted" onClick={() => onShow?.(thread)} disabled={where !== "attached"}>
            “{thread.anchor.quote}”
          </button>
          {where === "detached" && (
            <span data-testid="detached" className="ml-1 rounded bg-slate-200 px-1 text-[11px] font-medium text-slate-700">
              text deleted
            </span>
          )}
        </p>
      )}
      <ol className="space-y-1">
        {thread.comments.map((c) => (
          <li key={c.id} data-testid="comment">
            <p className="text-xs text-slate-600">
              <strong className="text-slate-900">{c.authorName}</strong> · {formatDateTime(c.createdAt)}
              {c.editedAt && " · edited"}
            </p>
            {editing === c.id ? (
              <CommentForm
                label="Edit comment"
                people={review.people}
                submitLabel="Save"
                initial={c.body}
                onCancel={() => setEditing(null)}
                onSubmit={async (body, mentions) => {
                  const ack = await review.edit({ commentId: c.id, body, mentions });
                  if (ack.ok) setEditing(null);
                  return ack;
                }}
              />
            ) : c.deleted ? (
              <p className="text-xs italic text-slate-500">Comment deleted</p>
            ) : (
              <p className="whitespace-pre-wrap break-words">{c.body}</p>
            )}
            {!c.deleted && editing !== c.id && mayWrite && (c.authorId === meId || mayModerate) && (
              <div className="flex gap-2 text-xs">
                {c.authorId === meId && (
                  <button type="button" className="text-slate-600 underline" onClick={() => setEditing(c.id)}>
                    Edit
                  </button>
                )}
                <button type="button" className="text-slate-600 underline" onClick={() => void run(review.remove(c.id))}>
                  Delete
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {error && (
        <p role="alert" className="text-xs text-red-800">
          {error}
        </p>
      )}
      {thread.resolvedAt ? (
        <p className="mt-1 text-xs text-slate-600">
          Resolved by {thread.resolvedBy}
          {mayResolve && (
            <button type="button" className="ml-2 underline" onClick={() => void run(review.resolve({ threadId: thread.id, resolved: false }))}>
              Reopen
            </button>
          )}
        </p>
      ) : (
        <div className="mt-1 space-y-1">
          {mayWrite && <CommentForm label="Reply" people={review.people} submitLabel="Reply" onSubmit={(body, mentions) => review.reply({ threadId: thread.id, body, mentions })} />}
          {mayResolve && (
            <button type="button" className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50" onClick={() => void run(review.resolve({ threadId: thread.id, resolved: true }))}>
              Resolve
            </button>
          )}
        </div>
      )}
    </article>
  );
}
