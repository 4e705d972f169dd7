"use client";
/**
 * Review threads on a live post, in the desk's feed: how an editor tells a contributor what to
 * change before approving their update (and how they talk it over). Shown on posts awaiting
 * approval, and on any post that already has threads. Never public: threads travel on the
 * desk's socket only.
 */
import { useState } from "react";
import type { LiveUpdate } from "@/lib/protocol";
import { CommentForm } from "./CommentForm";
import { ThreadList } from "./ThreadList";
import type { ReviewState } from "./useReview";

export interface PostReview {
  state: ReviewState;
  meId: string;
  mayComment: boolean;
  mayModerate: boolean;
}

export function PostComments({ update, review, which }: { update: LiveUpdate; review: PostReview; which: string }) {
  const threads = review.state.threads.filter((t) => t.updateId === update.id);
  const open = threads.filter((t) => !t.resolvedAt).length;
  const [shown, setShown] = useState(false);
  const [writing, setWriting] = useState(false);
  if (update.approved && threads.length === 0) return null;
  return (
    <div className="mt-2" data-testid="post-comments">
      <button
        type="button"
        aria-expanded={shown}
        aria-label={`Comments on the ${which} (${open} open)`}
        onClick={() => setShown(!shown)}
        className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50"
      >
        Comments ({open})
      </button>
      {shown && (
        <div className="mt-2 space-y-2">
          {threads.length > 0 && (
            <ThreadList threads={threads} review={review.state} meId={review.meId} mayWrite={review.mayComment} mayModerate={review.mayModerate} />
          )}
          {review.mayComment &&
            (writing ? (
              <CommentForm
                label={`New comment on the ${which}`}
                people={review.state.people}
                submitLabel="Comment"
                onCancel={() => setWriting(false)}
                onSubmit={async (body, mentions) => {
                  const ack = await review.state.createThread({ updateId: update.id, body, mentions });
                  if (ack.ok) setWriting(false);
                  return ack;
                }}
              />
            ) : (
              <button type="button" onClick={() => setWriting(true)} className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50">
                Comment on this update
              </button>
            ))}
        </div>
      )}
    </div>
  );
}
