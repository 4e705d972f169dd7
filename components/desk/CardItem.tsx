"use client";
/** One topic card on the desk: its text, status, who is editing it, and its commands. */
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  STATUS_LABELS,
  STATUS_TRANSITIONS,
  can,
  canEditCard,
  canMoveCard,
  cardTextMode,
  transitionLabel,
  type Ack,
  type Card,
  type CardStatus,
  type Member,
  type Role,
} from "@/lib/protocol";
import type { CardActions } from "./card-actions";
import { CardTextEditor, type EditorUser } from "../collab/CardTextEditor";
import type { ReviewState } from "../review/useReview";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { ActivityDialog } from "./ActivityDialog";
import { CardEditor } from "./CardEditor";
import { EmbedDialog } from "./EmbedDialog";
import { HistoryDialog } from "./HistoryDialog";
import { PublishDialog } from "./PublishDialog";
import { UnpublishDialog } from "./UnpublishDialog";
import type { CollabChannel } from "@/lib/collab/collab-channel";
import { Avatar } from "./PresenceBar";

const BADGE: Record<CardStatus, string> = {
  draft: "bg-slate-100 text-slate-700 ring-slate-300",
  in_review: "bg-amber-50 text-amber-800 ring-amber-300",
  published: "bg-green-50 text-green-800 ring-green-300",
};

interface Props {
  card: Card;
  index: number;
  count: number;
  editors: Member[];
  online: boolean;
  actions: CardActions;
  /** The desk's card-text channel and who we are, for co-editing the card's text. */
  collab: CollabChannel | null;
  user: EditorUser | null;
  /** What this desk user may do; the server checks it again. */
  role: Role;
  /** Text typed offline in this browser that the server has not stored yet. */
  textWaiting?: boolean;
  /** Review threads and commands; `focusThreadId` opens the text at that thread (a notification's link). */
  review?: { state: ReviewState; meId: string; focusThreadId?: string | null };
}

const BUTTON = "rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50";

/** Why an edit control is disabled for this role, as a tooltip; undefined when allowed. */
function refusal(role: Role, status: CardStatus): string | undefined {
  if (role === "viewer") return "Viewers can read the desk but not change it";
  if (role === "contributor" && status !== "draft") return "Contributors edit drafts only";
  return undefined;
}

export function CardItem({ card, index, count, editors, online, actions, collab, user, role, textWaiting = false, review }: Props) {
  const [editing, setEditing] = useState(false);
  const cardThreads = review?.state.threads.filter((t) => t.cardId === card.id) ?? [];
  const focused = review?.focusThreadId && cardThreads.some((t) => t.id === review.focusThreadId) ? review.focusThreadId : null;
  const [writingChosen, setWriting] = useState(false);
  // A notification's link names a thread of this card: its text opens there (until closed).
  const [focusClosed, setFocusClosed] = useState(false);
  const writing = writingChosen || (Boolean(focused) && !focusClosed);
  const textMode = cardTextMode(role, card.status);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [panel, setPanel] = useState<"publish" | "unpublish" | "history" | "embed" | "activity" | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  // Keyboard focus survives what the card does: back to Edit when its form closes, and on the
  // same arrow after a move (the card's element moves in the page, which drops focus).
  const editButton = useRef<HTMLButtonElement>(null);
  const upButton = useRef<HTMLButtonElement>(null);
  const downButton = useRef<HTMLButtonElement>(null);
  const topButton = useRef<HTMLButtonElement>(null);
  const bottomButton = useRef<HTMLButtonElement>(null);
  const refocus = useRef<"edit" | "up" | "down" | "top" | "bottom" | null>(null);
  useEffect(() => {
    const want = refocus.current;
    // Wait until the command is done (its buttons are disabled meanwhile) and the form is gone.
    if (!want || editing || busy) return;
    refocus.current = null;
    // The same button if it is still enabled, else its opposite (a card moved to the top cannot go higher).
    const pairs = { edit: [editButton, editButton], up: [upButton, downButton], down: [downButton, upButton], top: [topButton, bottomButton], bottom: [bottomButton, topButton] };
    const [first, second] = pairs[want];
    (first.current && !first.current.disabled ? first.current : second.current)?.focus();
  }, [editing, index, busy]);
  const mayPublish = can(role, "card:publish");
  /** Title, summary and text: contributors only while the card is a draft. */
  const mayEdit = canEditCard(role, card.status);
  const mayReview = can(role, "card:review");
  // A published card's place is public: only those who may publish move it (the server agrees).
  const mayMove = canMoveCard(role, card.status);
  const mayDelete = can(role, "card:delete");
  const published = card.status === "published";
  const why = refusal(role, card.status);
  const { audit } = actions;
  const loadActivity = useCallback((before?: number) => audit({ cardId: card.id, ...(before ? { before } : {}) }), [audit, card.id]);
  // Draft ⇄ review is any writer's; publishing and unpublishing are an editor's.
  const mayMoveTo = (to: CardStatus) => (to === "published" || published ? mayPublish : mayReview);

  const open = () => {
    setEditing(true);
    actions.setEditing(card.id);
  };
  const close = () => {
    refocus.current = "edit";
    setEditing(false);
    actions.setEditing(null);
  };
  async function moveBy(delta: -1 | 1) {
    refocus.current = delta < 0 ? "up" : "down";
    await run(() => actions.move(card, index + delta));
  }
  async function moveTo(end: "top" | "bottom") {
    refocus.current = end;
    await run(() => actions.move(card, end === "top" ? 0 : count - 1));
  }
  async function run(action: () => Promise<Ack<unknown>>): Promise<Ack<unknown>> {
    setBusy(true);
    setError(null);
    const ack = await action();
    setBusy(false);
    if (!ack.ok) setError(ack.error.message);
    return ack;
  }

  const { preview } = card;
  // Drag and drop (SortableCards): the handle moves the card; refused where moving is not allowed.
  const { setNodeRef, setActivatorNodeRef, attributes, listeners, transform, transition, isDragging } = useSortable({
    id: card.id,
    disabled: busy || !online || !mayMove || editing,
  });
  const dragStyle = { transform: CSS.Translate.toString(transform), transition };

  return (
    <article
      ref={setNodeRef}
      style={dragStyle}
      aria-labelledby={`card-${card.id}-title`}
      data-testid="card"
      data-card-id={card.id}
      className={`rounded-lg border border-slate-200 bg-white p-4 shadow-sm ${isDragging ? "relative z-10 shadow-lg ring-2 ring-blue-400" : ""}`}
    >
      <div className="flex flex-wrap items-start gap-2">
        <button
          type="button"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={`Drag “${card.title}” to reorder`}
          title={mayMove ? "Drag to reorder (or Space, then the arrow keys)" : "You may not move this card"}
          disabled={busy || !online || !mayMove || editing}
          className="-ml-1 cursor-grab touch-none rounded px-1 text-slate-500 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40"
        >
          ⠿
        </button>
        <span className="mt-0.5 text-xs tabular-nums text-slate-500">{index + 1}</span>
        <span data-testid="status" className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${BADGE[card.status]}`}>
          {STATUS_LABELS[card.status]}
        </span>
        {published && card.changedSincePublish && (
          <span
            data-testid="unpublished-changes"
            title="Readers still see the last published revision"
            className="rounded-full bg-orange-50 px-2 py-0.5 text-xs font-medium text-orange-800 ring-1 ring-orange-300"
          >
            Unpublished changes
          </span>
        )}
        {cardThreads.some((t) => !t.resolvedAt) && (
          <span data-testid="comment-count" title="Open review comments (desk only, never public)" className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-300">
            {cardThreads.filter((t) => !t.resolvedAt).length} comment{cardThreads.filter((t) => !t.resolvedAt).length === 1 ? "" : "s"}
          </span>
        )}
        {textWaiting && (
          <span
            data-testid="text-waiting-badge"
            title="Typed offline in this browser; sent as soon as the desk is connected"
            className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 ring-1 ring-amber-300"
          >
            Offline text not synced yet
          </span>
        )}
        {editors.length > 0 && (
          <span className="ml-auto flex items-center gap-1 text-xs text-slate-600" data-testid="card-editors">
            {editors.map((m) => (
              <Avatar key={m.clientId} member={m} size="sm" />
            ))}
            {editors.map((m) => m.name).join(", ")} editing
          </span>
        )}
      </div>

      {editing ? (
        <CardEditor card={card} onSave={actions.update} onClose={close} disabled={!online} />
      ) : (
        <>
          <h3 id={`card-${card.id}-title`} data-testid="card-title" className="mt-2 text-lg font-semibold leading-snug">
            {card.title}
          </h3>
          {card.summary && <p data-testid="card-summary" className="mt-1 text-sm text-slate-700">{card.summary}</p>}
          {writing && collab && user ? (
            <CardTextEditor
              channel={collab}
              cardId={card.id}
              user={user}
              readOnly={textMode === null}
              label={`Text of “${card.title}”`}
              review={
                review && {
                  cardId: card.id,
                  meId: review.meId,
                  suggestOnly: textMode === "suggest",
                  mayComment: can(role, "comment:write"),
                  mayModerate: can(role, "comment:moderate"),
                  mayDecide: can(role, "suggestion:review"),
                  threads: cardThreads,
                  state: review.state,
                  focusThreadId: focused,
                }
              }
            />
          ) : (
            preview.paragraphs > 0 && (
              <div data-testid="card-body" className="mt-2 space-y-2 text-sm text-slate-600">
                <p className="line-clamp-3 whitespace-pre-line">{preview.text}</p>
                {preview.paragraphs > 1 && (
                  <p className="text-xs text-slate-500">
                    + {preview.paragraphs - 1} more paragraph{preview.paragraphs === 2 ? "" : "s"}
                  </p>
                )}
              </div>
            )
          )}
        </>
      )}

      {error && (
        <p role="alert" className="mt-2 rounded bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}
        </p>
      )}

      {!editing && (
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          <button ref={editButton} type="button" aria-label={`Edit “${card.title}”`} onClick={open} disabled={!mayEdit} title={mayEdit ? undefined : why} className={BUTTON}>
            Edit
          </button>
          <button
            type="button"
            aria-expanded={writing}
            disabled={!collab || !user}
            onClick={() => {
              setWriting(!writing);
              if (writing) setFocusClosed(true);
              // Reading is not editing: only a writer shows up as "editing" this card.
              if (mayEdit) actions.setEditing(writing ? null : card.id);
            }}
            className={BUTTON}
          >
            {writing ? "Close text" : mayEdit ? "Write" : textMode === "suggest" ? "Suggest changes" : "Read text"}
          </button>
          {STATUS_TRANSITIONS[card.status].map((to) => (
            <button
              key={to}
              type="button"
              title={mayMoveTo(to) ? undefined : to === "published" || published ? "Only editors publish and unpublish" : why}
              disabled={busy || !online || !mayMoveTo(to)}
              onClick={() =>
                // Publishing shows readers' view first; unpublishing (withdrawn from the live page
                // and every embed at once) asks first, like Delete.
                to === "published" ? setPanel("publish") : published ? setPanel("unpublish") : void run(() => actions.setStatus(card, to))
              }
              className={BUTTON}
            >
              {transitionLabel(card.status, to)}
            </button>
          ))}
          {published && card.changedSincePublish && (
            <button
              type="button"
              disabled={busy || !online || !mayPublish}
              onClick={() => setPanel("publish")}
              className="rounded bg-blue-600 px-2 py-1 font-medium text-white hover:bg-blue-700 disabled:opacity-50"
            >
              Publish changes
            </button>
          )}
          {card.publishedRevision !== null && (
            <button type="button" onClick={() => setPanel("history")} className={BUTTON}>
              History
            </button>
          )}
          {published && (
            <button type="button" onClick={() => setPanel("embed")} className={BUTTON}>
              Embed
            </button>
          )}
          {can(role, "audit:read") && (
            <button type="button" onClick={() => setPanel("activity")} className={BUTTON}>
              Activity
            </button>
          )}
          <span className="ml-auto flex gap-1">
            <button
              ref={topButton}
              type="button"
              aria-label={`Move “${card.title}” to the top`}
              title="Move to the top"
              disabled={busy || !online || !mayMove || index === 0}
              onClick={() => void moveTo("top")}
              className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:opacity-40"
            >
              ⤒
            </button>
            <button
              ref={upButton}
              type="button"
              aria-label={`Move “${card.title}” up`}
              disabled={busy || !online || !mayMove || index === 0}
              onClick={() => void moveBy(-1)}
              className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:opacity-40"
            >
              ↑
            </button>
            <button
              ref={downButton}
              type="button"
              aria-label={`Move “${card.title}” down`}
              disabled={busy || !online || !mayMove || index === count - 1}
              onClick={() => void moveBy(1)}
              className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:opacity-40"
            >
              ↓
            </button>
            <button
              ref={bottomButton}
              type="button"
              aria-label={`Move “${card.title}” to the bottom`}
              title="Move to the bottom"
              disabled={busy || !online || !mayMove || index === count - 1}
              onClick={() => void moveTo("bottom")}
              className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:opacity-40"
            >
              ⤓
            </button>
            <button
              type="button"
              aria-label={`Delete “${card.title}”`}
              title={mayDelete ? undefined : "Only editors delete cards"}
              disabled={busy || !online || !mayDelete}
              onClick={() => dialog.current?.showModal()}
              className="rounded border border-red-200 px-2 py-1 text-red-700 hover:bg-red-50 disabled:opacity-50"
            >
              Delete
            </button>
          </span>
        </div>
      )}

      {panel === "publish" && <PublishDialog card={card} online={online} publish={actions.publish} preview={actions.preview} onClose={() => setPanel(null)} />}
      {panel === "unpublish" && (
        <UnpublishDialog card={card} online={online} preview={actions.preview} unpublish={() => actions.setStatus(card, "draft")} onClose={() => setPanel(null)} />
      )}
      {panel === "history" && (
        <HistoryDialog card={card} online={online} mayRevert={mayEdit} history={actions.history} revert={actions.revert} onClose={() => setPanel(null)} />
      )}
      {panel === "activity" && <ActivityDialog title={`Activity: “${card.title}”`} load={loadActivity} onClose={() => setPanel(null)} />}
      {panel === "embed" && <EmbedDialog card={card} onClose={() => setPanel(null)} />}
      <ConfirmDialog
        dialogRef={dialog}
        title={`Delete “${card.title}”?`}
        detail="It leaves the desk for everyone on this story."
        confirmLabel="Delete card"
        onConfirm={() => void run(() => actions.remove(card))}
      />
    </article>
  );
}
