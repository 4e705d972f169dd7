"use client";
/** The desk's live feed: post updates during the meeting and manage the ones already out. */
import { can, type Ack, type Card, type FeedState, type LiveUpdate, type Role } from "@/lib/protocol";
import { NewPost, type PostExtras } from "./NewPost";
import { FEED_SECTION_ID } from "./LiveJump";
import { FeedItem, type FeedActions } from "./FeedItem";
import type { PostReview } from "../review/PostComments";

interface Props {
  slug: string;
  feed: FeedState;
  cards: Card[];
  online: boolean;
  post: (html: string, extras: PostExtras) => Promise<Ack<LiveUpdate>>;
  more: (before: number) => Promise<Ack<unknown>>;
  actions: FeedActions;
  /** Viewers read the feed; contributors post for approval; editors run it. */
  role: Role;
  /** For photo uploads (POST /api/photos). */
  csrfToken?: string;
  /** Review threads on posts (an editor's word to a contributor before approving). */
  review?: PostReview;
}

export function FeedPanel({ slug, feed, cards, online, post, more, actions, role, csrfToken, review }: Props) {
  const mayPost = can(role, "feed:post");
  const needsApproval = mayPost && !can(role, "feed:approve");
  const oldest = feed.updates.at(-1)?.id;
  // Scheduled posts wait in their own list, soonest first; the feed shows what is out (or pending approval).
  const scheduled = feed.updates.filter((u) => u.scheduledFor).sort((a, b) => Date.parse(a.scheduledFor!) - Date.parse(b.scheduledFor!));
  const posted = feed.updates.filter((u) => !u.scheduledFor);
  const item = (u: LiveUpdate) => (
    <FeedItem
      key={u.id}
      update={u}
      pinned={feed.pinnedUpdateId === u.id}
      card={cards.find((c) => c.id === u.cardId)}
      online={online}
      actions={actions}
      role={role}
      review={review}
    />
  );

  return (
    <section id={FEED_SECTION_ID} tabIndex={-1} aria-labelledby="feed-heading" className="scroll-mt-4 space-y-3 rounded-lg border border-slate-200 bg-slate-100/60 p-3">
      <div className="flex items-center justify-between">
        <h2 id="feed-heading" className="font-semibold">Live updates</h2>
        <a href={`/live/${slug}`} target="_blank" rel="noreferrer" className="text-xs text-blue-700 underline">
          Open the live page
        </a>
      </div>
      {!mayPost && <p className="text-xs text-slate-600">You follow the live updates here; posting them is for editors and contributors.</p>}
      {needsApproval && (
        <p className="text-xs text-amber-900">Your updates wait for an editor&apos;s approval before readers see them.</p>
      )}
      {mayPost && (
        <NewPost cards={cards} online={online} needsApproval={needsApproval} mayManage={can(role, "feed:manage")} csrfToken={csrfToken} post={post} />
      )}
      {scheduled.length > 0 && (
        <section aria-labelledby="scheduled-heading" className="space-y-2">
          <h3 id="scheduled-heading" className="text-sm font-semibold">
            Scheduled ({scheduled.length})
          </h3>
          <ol className="space-y-2" data-testid="scheduled">
            {scheduled.map(item)}
          </ol>
        </section>
      )}
      <ol className="space-y-2" data-testid="feed">
        {posted.map(item)}
      </ol>
      {feed.hasMore && oldest && (
        <button type="button" onClick={() => void more(oldest)} className="w-full rounded border border-slate-300 bg-white py-1 text-xs">
          Older updates
        </button>
      )}
    </section>
  );
}
