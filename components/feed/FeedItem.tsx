"use client";
/** One live update in the desk's feed panel, with its commands. */
import { useEffect, useRef, useState } from "react";
import { formatClock } from "@/lib/format/time";
import { CORRECTION_GRACE_MS, can, type Ack, type Card, type LiveUpdate, type Role } from "@/lib/protocol";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { FeedComposer, HeadlineField } from "./FeedComposer";
import { Countdown, PostMedia, toLocalInput } from "./PostMedia";
import { PostComments, type PostReview } from "../review/PostComments";

export interface FeedActions {
  /** `more`: a new headline ("" removes it) and, for a scheduled post, a new time. */
  edit: (update: LiveUpdate, html: string, correction: boolean, note: string, more?: { headline?: string; scheduleAt?: string }) => Promise<Ack<unknown>>;
  remove: (update: LiveUpdate) => Promise<Ack<unknown>>;
  pin: (updateId: number | null) => Promise<Ack<unknown>>;
  keyEvent: (update: LiveUpdate, keyEvent: boolean) => Promise<Ack<unknown>>;
  /** An editor lets a contributor's post through to readers. */
  approve: (update: LiveUpdate) => Promise<Ack<unknown>>;
}


interface Props {
  update: LiveUpdate;
  pinned: boolean;
  card?: Card;
  online: boolean;
  actions: FeedActions;
  role: Role;
  /** Review threads on posts (absent: no comments shown). */
  review?: PostReview;
}

export function FeedItem({ update, pinned, card, online, actions, role, review }: Props) {
  const mayManage = can(role, "feed:manage");
  const mayApprove = can(role, "feed:approve");
  const [editing, setEditing] = useState(false);
  const [correction, setCorrection] = useState(false);
  const [note, setNote] = useState("");
  const [headline, setHeadline] = useState(update.headline ?? "");
  const [scheduleAt, setScheduleAt] = useState(update.scheduledFor ? toLocalInput(update.scheduledFor) : "");
  const scheduled = update.scheduledFor !== null;
  const [error, setError] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  /** Decided when editing starts: past the grace period, an edit is a correction. */
  const [late, setLate] = useState(false);
  // Back on Edit when the edit box closes (saved or cancelled), so the keyboard stays in place.
  const editButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (editing || !refocus.current) return;
    refocus.current = false;
    editButton.current?.focus();
  }, [editing]);
  const stopEditing = () => {
    refocus.current = true;
    setEditing(false);
  };
  /** Repeated buttons name the update they act on (its time and author). */
  const which = `update of ${formatClock(update.publishedAt)} by ${update.authorName}`;
  const startEditing = () => {
    setHeadline(update.headline ?? "");
    setScheduleAt(update.scheduledFor ? toLocalInput(update.scheduledFor) : "");
    setLate(!scheduled && Date.now() - new Date(update.publishedAt).getTime() > CORRECTION_GRACE_MS);
    setEditing(true);
  };

  async function run(action: () => Promise<Ack<unknown>>) {
    const ack = await action();
    setError(ack.ok ? null : ack.error.message);
  }

  return (
    <li
      data-testid="feed-item"
      data-update-id={update.id}
      data-approved={update.approved}
      className={`rounded border p-3 text-sm ${update.approved ? "bg-white" : "border-dashed bg-amber-50/60"} ${pinned ? "border-red-300" : update.approved ? "border-slate-200" : "border-amber-300"}`}
    >
      <div className="flex flex-wrap items-center gap-1.5 text-xs text-slate-500">
        <time dateTime={update.publishedAt} className="font-semibold text-slate-700">{formatClock(update.publishedAt)}</time>
        <span data-testid="feed-byline">{[update.authorName, ...update.coAuthors].join(", ")}</span>
        {pinned && <span className="rounded bg-red-100 px-1 text-red-800">Pinned</span>}
        {update.keyEvent && <span className="rounded bg-red-600 px-1 text-white">Key event</span>}
        {!update.approved && (
          <span data-testid="awaiting-approval" className="rounded bg-amber-100 px-1 font-medium text-amber-900" title="Readers see it once an editor approves it">
            Awaiting approval
          </span>
        )}
        {card && <span className="truncate">· {card.title}</span>}
        {update.scheduledFor && <Countdown at={update.scheduledFor} />}
      </div>
      {!editing && update.headline && <p className="mt-1 font-semibold" data-testid="feed-headline">{update.headline}</p>}
      {editing ? (
        <div className="mt-2">
          <FeedComposer
            label="Edit update"
            submitLabel={correction || late ? "Publish correction" : "Save"}
            before={<HeadlineField value={headline} onChange={setHeadline} />}
            initialHtml={update.bodyHtml}
            disabled={!online}
            onCancel={stopEditing}
            onSubmit={async (html) => {
              const more = {
                ...(headline.trim() !== (update.headline ?? "") ? { headline: headline.trim() } : {}),
                ...(scheduled && scheduleAt && scheduleAt !== toLocalInput(update.scheduledFor!) ? { scheduleAt: new Date(scheduleAt).toISOString() } : {}),
              };
              const ack = await actions.edit(update, html, correction, note, more);
              if (ack.ok) stopEditing();
              return ack;
            }}
          >
            {scheduled ? (
              <label className="flex items-center gap-1.5 text-xs">
                Publish at
                <input type="datetime-local" value={scheduleAt} onChange={(e) => setScheduleAt(e.target.value)} className="rounded border border-slate-300 px-1 py-0.5" />
              </label>
            ) : late ? (
              <p className="text-xs text-amber-800">Posted over a minute ago: readers will see this labelled as a correction.</p>
            ) : (
              <label className="flex items-center gap-1.5 text-xs">
                <input type="checkbox" checked={correction} onChange={(e) => setCorrection(e.target.checked)} /> Label as a correction
              </label>
            )}
            {(late || correction) && (
              <input
                aria-label="Correction note"
                placeholder="What was corrected (optional)"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={300}
                className="w-full rounded border border-slate-300 px-2 py-1 text-xs"
              />
            )}
          </FeedComposer>
        </div>
      ) : (
        <div className="live-body mt-1" data-testid="feed-body" dangerouslySetInnerHTML={{ __html: update.bodyHtml }} />
      )}
      <PostMedia update={update} />
      {update.correctedAt && (
        <p className="mt-1 text-xs text-amber-800">
          Corrected at {formatClock(update.correctedAt)}{update.correctionNote ? `: ${update.correctionNote}` : ""}
        </p>
      )}
      {error && <p role="alert" className="mt-1 text-xs text-red-800">{error}</p>}
      {!editing && !update.approved && mayApprove && (
        <div className="mt-2">
          <button
            type="button"
            disabled={!online}
            onClick={() => void run(() => actions.approve(update))}
            className="rounded bg-green-700 px-2 py-0.5 text-xs font-medium text-white hover:bg-green-800 disabled:opacity-50"
          >
            Approve
          </button>
        </div>
      )}
      {!editing && mayManage && (
        <div className="mt-2 flex flex-wrap gap-1 text-xs">
          <SmallButton buttonRef={editButton} label="Edit" which={which} disabled={!online} onClick={startEditing} />
          {/* Readers cannot see a post awaiting approval, so it cannot be pinned for them yet. */}
          {((update.approved && !scheduled) || pinned) && (
            <SmallButton label={pinned ? "Unpin" : "Pin"} which={which} disabled={!online} onClick={() => void run(() => actions.pin(pinned ? null : update.id))} />
          )}
          <SmallButton
            label={update.keyEvent ? "Not a key event" : "Key event"}
            which={which}
            disabled={!online}
            onClick={() => void run(() => actions.keyEvent(update, !update.keyEvent))}
          />
          <SmallButton label={scheduled ? "Cancel" : "Delete"} which={which} disabled={!online} onClick={() => dialog.current?.showModal()} />
        </div>
      )}
      <ConfirmDialog
        dialogRef={dialog}
        title={scheduled ? "Cancel this scheduled update?" : "Delete this update?"}
        detail={scheduled ? "It will not be published. It stays in the record." : "Readers see it disappear. It stays in the record."}
        confirmLabel={scheduled ? "Cancel update" : "Delete update"}
        onConfirm={() => void run(() => actions.remove(update))}
      />
      {review && <PostComments update={update} review={review} which={which} />}
    </li>
  );
}

function SmallButton({
  label,
  which,
  disabled,
  onClick,
  buttonRef,
}: {
  label: string;
  /** What it acts on, for its accessible name ("Edit update of 01:50:25 UTC by Ana"). */
  which: string;
  disabled: boolean;
  onClick: () => void;
  buttonRef?: React.Ref<HTMLButtonElement>;
}) {
  return (
    <button ref={buttonRef} type="button" aria-label={`${label} ${which}`} disabled={disabled} onClick={onClick} className="rounded border border-slate-300 px-1.5 py-0.5 hover:bg-slate-50 disabled:opacity-50">
      {label}
    </button>
  );
}
