"use client";
/**
 * A card's published revisions: who published what, when and why; a word-level comparison of
 * any two of them or of one with the working copy; and restoring a revision into the working
 * copy (history is kept, readers see it only once the card is published again).
 */
import { formatDateTime } from "@/lib/format/time";
import { useEffect, useId, useRef, useState } from "react";
import { REVISION_KIND_LABELS, type Ack, type Card, type CardHistory, type Revision, type RevisionKind } from "@/lib/protocol";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { DeskDialog } from "./DeskDialog";
import { defaultComparison, diffSides, revisionSide, workingCopySide, type DiffSide, type FieldDiff } from "./revision-diff";

interface Props {
  card: Card;
  online: boolean;
  /** Restoring changes the working copy: only for those who may edit this card. */
  mayRevert: boolean;
  history: (cardId: string) => Promise<Ack<CardHistory>>;
  revert: (card: Card, revision: number) => Promise<Ack<Card>>;
  onClose: () => void;
}

const KIND_BADGE: Record<RevisionKind, string> = {
  publication: "bg-green-50 text-green-800 ring-green-300",
  update: "bg-blue-50 text-blue-800 ring-blue-300",
  correction: "bg-orange-50 text-orange-800 ring-orange-300",
};

/** A side of the comparison as a <select> value: a revision number, or "working". */
type Side = number | null;
const WORKING = "working";
const toValue = (p: Side) => (p === null ? WORKING : String(p));
const fromValue = (v: string): Side => (v === WORKING ? null : Number(v));

/** "5 Dec 2026, 01:50 UTC": the one time style (lib/format/time.ts), whatever the browser's locale. */
const when = (iso: string) => formatDateTime(iso);

export function HistoryDialog({ card, online, mayRevert, history, revert, onClose }: Props) {
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  // The working copy as the server has it (the card list keeps only a preview of the text).
  const [working, setWorking] = useState<CardHistory["working"] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<{ from: Side; to: Side } | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const confirm = useRef<HTMLDialogElement>(null);
  const id = useId();

  // Loaded when opened, and again when a new revision is published meanwhile.
  useEffect(() => {
    let live = true;
    void history(card.id).then((ack) => {
      if (!live) return;
      if (ack.ok) {
        setRevisions(ack.data.revisions);
        setWorking(ack.data.working);
        setLoadError(null);
      } else setLoadError(ack.error.message);
    });
    return () => {
      live = false;
    };
    // Again when the working copy changes (typed text, restored revision) while the dialog is open.
  }, [card.id, card.publishedRevision, card.updatedAt, history]);

  const pair = revisions ? (chosen ?? defaultComparison(revisions, card.changedSincePublish)) : null;
  const sideOf = (p: Side): DiffSide | null => {
    if (p === null) return working ? workingCopySide(working) : null;
    const r = revisions?.find((x) => x.number === p);
    return r ? revisionSide(r) : null;
  };
  const from = pair ? sideOf(pair.from) : null;
  const to = pair ? sideOf(pair.to) : null;

  async function restore(number: number) {
    setBusy(true);
    setOutcome(null);
    const ack = await revert(card, number);
    setBusy(false);
    setOutcome(
      ack.ok
        ? {
            ok: true,
            message:
              ack.data.status === "published"
                ? `Revision ${number} is back in the working copy. Readers see it once you publish the changes.`
                : `Revision ${number} is back in the working copy.`,
          }
        : { ok: false, message: ack.error.message },
    );
  }

  const select = (which: "from" | "to", label: string) => (
    <span className="flex items-center gap-2 text-sm">
      <label htmlFor={`${id}-${which}`} className="font-medium text-slate-700">
        {label}
      </label>
      <select
        id={`${id}-${which}`}
        value={pair ? toValue(pair[which]) : WORKING}
        onChange={(e) => pair && setChosen({ ...pair, [which]: fromValue(e.target.value) })}
        className="rounded border border-slate-300 bg-white px-2 py-1"
      >
        {revisions?.map((r) => (
          <option key={r.number} value={String(r.number)}>
            Revision {r.number} ({REVISION_KIND_LABELS[r.kind]})
          </option>
        ))}
        <option value={WORKING}>Working copy</option>
      </select>
    </span>
  );

  return (
    <DeskDialog title={`History of “${card.title}”`} onClose={onClose} wide testId="history-dialog">
      {loadError && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-900">
          Could not load the history: {loadError}
        </p>
      )}
      {!revisions && !loadError && <p className="text-sm text-slate-500">Loading the history…</p>}
      {outcome && (
        <p role={outcome.ok ? "status" : "alert"} className={`mb-3 rounded px-3 py-2 text-sm ${outcome.ok ? "bg-green-50 text-green-900" : "bg-red-50 text-red-900"}`}>
          {outcome.message}
        </p>
      )}
      {revisions && revisions.length === 0 && <p className="text-sm text-slate-600">This card has no published revisions yet.</p>}
      {revisions && revisions.length > 0 && (
        <div className="grid gap-5 lg:grid-cols-[18rem_1fr]">
          <section aria-labelledby={`${id}-revisions`}>
            <h3 id={`${id}-revisions`} className="text-sm font-semibold text-slate-700">
              Published revisions
            </h3>
            <ol className="mt-2 space-y-2">
              {revisions.map((r) => (
                <li key={r.number} data-testid="revision" className="rounded border border-slate-200 p-3 text-sm">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">Revision {r.number}</span>
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${KIND_BADGE[r.kind]}`}>{REVISION_KIND_LABELS[r.kind]}</span>
                    {card.status === "published" && r.number === card.publishedRevision && (
                      <span className="text-xs text-green-700">readers see this</span>
                    )}
                  </div>
                  <p className="mt-1 text-xs text-slate-500">
                    <time dateTime={r.publishedAt}>{when(r.publishedAt)}</time>
                    {r.publishedBy && <> · by {r.publishedBy}</>}
                  </p>
                  {r.note && (
                    <p className="mt-1 text-slate-700">
                      <span className="font-medium">{r.kind === "correction" ? "Correction note" : "Note"}:</span> {r.note}
                    </p>
                  )}
                  <button
                    type="button"
                    disabled={busy || !online || !mayRevert}
                    title={mayRevert ? undefined : "Your role may not change this card"}
                    onClick={() => {
                      setRestoring(r.number);
                      confirm.current?.showModal();
                    }}
                    className="mt-2 rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 disabled:opacity-50"
                  >
                    Restore into working copy
                  </button>
                </li>
              ))}
            </ol>
          </section>

          <section aria-labelledby={`${id}-compare`} className="min-w-0">
            <h3 id={`${id}-compare`} className="text-sm font-semibold text-slate-700">
              Compare
            </h3>
            <div className="mt-2 flex flex-wrap items-center gap-3">
              {select("from", "From")}
              {select("to", "To")}
              <span className="ml-auto text-xs text-slate-600">
                Key: <ins className="rounded-sm bg-green-100 px-0.5 text-green-900 decoration-green-700">added</ins>{" "}
                <del className="rounded-sm bg-red-100 px-0.5 text-red-900 decoration-red-700">removed</del>
              </span>
            </div>
            {from && to && <DiffView from={from} to={to} />}
          </section>
        </div>
      )}

      <ConfirmDialog
        dialogRef={confirm}
        title={`Restore revision ${restoring ?? ""} into the working copy?`}
        detail="Its title, summary and text replace the working copy for everyone editing. The history stays as it is; readers see nothing until the card is published again."
        confirmLabel="Restore"
        onConfirm={() => restoring !== null && void restore(restoring)}
      />
    </DeskDialog>
  );
}

function DiffView({ from, to }: { from: DiffSide; to: DiffSide }) {
  if (from.revision === to.revision) return <p className="mt-3 text-sm text-slate-600">Choose two different versions to compare.</p>;
  const fields = diffSides(from, to);
  const changed = fields.some((f) => f.changed);
  return (
    <div className="mt-3 space-y-3" data-testid="revision-diff">
      <p className="text-sm text-slate-600">
        {changed ? "Changes" : "No changes"} from <strong>{from.label}</strong> to <strong>{to.label}</strong>.
      </p>
      {fields.map((f) => (
        <FieldView key={f.field} diff={f} />
      ))}
    </div>
  );
}

function FieldView({ diff }: { diff: FieldDiff }) {
  return (
    <div data-testid={`diff-${diff.field}`} className="rounded border border-slate-200">
      <h4 className="flex items-center justify-between border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs font-medium text-slate-700">
        {diff.label}
        <span className="font-normal text-slate-500">
          {diff.changed ? `${diff.added} word${diff.added === 1 ? "" : "s"} added, ${diff.removed} removed` : "no changes"}
        </span>
      </h4>
      <p className="whitespace-pre-wrap break-words px-3 py-2 text-sm leading-relaxed text-slate-800">
        {diff.parts.length === 0 || diff.parts.every((p) => !p.text) ? (
          <span className="text-slate-500">(empty)</span>
        ) : (
          diff.parts.map((p, i) =>
            p.kind === "added" ? (
              <ins key={i} className="rounded-sm bg-green-100 px-0.5 text-green-900 decoration-green-700">
                <span className="sr-only">[added: </span>
                {p.text}
                <span className="sr-only">]</span>
              </ins>
            ) : p.kind === "removed" ? (
              <del key={i} className="rounded-sm bg-red-100 px-0.5 text-red-900 decoration-red-700">
                <span className="sr-only">[removed: </span>
                {p.text}
                <span className="sr-only">]</span>
              </del>
            ) : (
              <span key={i}>{p.text}</span>
            ),
          )
        )}
      </p>
    </div>
  );
}
