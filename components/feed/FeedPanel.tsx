"use client";
/** The desk's live feed: post updates during the meeting and manage the ones already out. */
import { useState } from "react";
import { can, type Ack, type Card, type FeedState, type LiveUpdate, type Role } from "@/lib/protocol";
import { FeedComposer } from "./FeedComposer";
import { FeedItem, type FeedActions } from "./FeedItem";

interface Props {
  slug: string;
  feed: FeedState;
  cards: Card[];
  online: boolean;
  post: (html: string, cardId: string | null, keyEvent: boolean) => Promise<Ack<LiveUpdate>>;
  more: (before: number) => Promise<Ack<unknown>>;
  actions: FeedActions;
  /** Viewers read the feed; contributors post for approval; editors run it. */
  role: Role;
}

export function FeedPanel({ slug, feed, cards, online, post, more, actions, role }: Props) {
  const mayPost = can(role, "feed:post");
  const needsApproval = mayPost && !can(role, "feed:approve");
  const [cardId, setCardId] = useState("");
  const [keyEvent, setKeyEvent] = useState(false);
  const oldest = feed.updates.at(-1)?.id;

  return (
    <section aria-labelledby="feed-heading" className="space-y-3 rounded-lg border border-slate-200 bg-slate-100/60 p-3">
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
        <FeedComposer
          label="New live update"
          submitLabel="Post update"
          disabled={!online}
          onSubmit={async (html) => {
            const ack = await post(html, cardId || null, keyEvent);
            if (ack.ok) setKeyEvent(false);
            return ack;
          }}
        >
          <div className="flex flex-wrap items-center gap-3 text-xs">
            <label className="flex items-center gap-1">
              About
              <select value={cardId} onChange={(e) => setCardId(e.target.value)} className="max-w-40 rounded border border-slate-300 px-1 py-0.5">
                <option value="">no card</option>
                {cards.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={keyEvent} onChange={(e) => setKeyEvent(e.target.checked)} /> Key event
            </label>
          </div>
        </FeedComposer>
      )}
      <ol className="space-y-2" data-testid="feed">
        {feed.updates.map((u) => (
          <FeedItem
            key={u.id}
            update={u}
            pinned={feed.pinnedUpdateId === u.id}
            card={cards.find((c) => c.id === u.cardId)}
            online={online}
            actions={actions}
            role={role}
          />
        ))}
      </ol>
      {feed.hasMore && oldest && (
        <button type="button" onClick={() => void more(oldest)} className="w-full rounded border border-slate-300 bg-white py-1 text-xs">
          Older updates
        </button>
      )}
    </section>
  );
}
