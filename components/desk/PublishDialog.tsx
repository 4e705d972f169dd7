"use client";
/**
 * Publishing a card, after seeing what readers will see (the working copy as publishing will
 * store it). The first publication goes out as it is; republishing a changed card goes out as an
 * update (readers just see the new text) or as a correction (readers also see a note saying what
 * was wrong). The note is required for a correction.
 */
import { useEffect, useId, useState } from "react";
import { PUBLISH_LIMITS, type Ack, type AckError, type Card, type PublishCard, type PublishPreview } from "@/lib/protocol";
import { DeskDialog } from "./DeskDialog";

type Kind = "update" | "correction";

interface Props {
  card: Card;
  online: boolean;
  publish: (payload: PublishCard) => Promise<Ack<Card>>;
  preview: (cardId: string) => Promise<Ack<PublishPreview>>;
  onClose: () => void;
}

const KINDS: { value: Kind; label: string; hint: string }[] = [
  { value: "update", label: "Update", hint: "Readers see the new version. Use it for new facts and edits." },
  { value: "correction", label: "Correction", hint: "Readers see the new version with a correction notice and your note." },
];

/** The ack's message without a leading "field: " the server may add for validation errors. */
function messageOf(error: AckError): string {
  return error.field && error.message.startsWith(`${error.field}: `) ? error.message.slice(error.field.length + 2) : error.message;
}

export function PublishDialog({ card, online, publish, preview, onClose }: Props) {
  /** Not yet published: a first publication, no update/correction choice to make. */
  const first = card.status !== "published";
  const [shown, setShown] = useState<PublishPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void preview(card.id).then((ack) => {
      if (!live) return;
      if (ack.ok) setShown(ack.data);
      else setPreviewError(ack.error.message);
    });
    return () => {
      live = false;
    };
    // The working copy as it is when the dialog opens; reopening shows it again.
  }, [preview, card.id]);
  const [kind, setKind] = useState<Kind>("update");
  const [note, setNote] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<AckError | null>(null);
  const id = useId();
  const noteRequired = kind === "correction";

  async function submit() {
    if (noteRequired && !note.trim()) {
      setError({ code: "VALIDATION_FAILED", field: "note", message: "A correction needs a note for readers." });
      return;
    }
    setSending(true);
    setError(null);
    const ack = await publish({ cardId: card.id, baseVersion: card.version, ...(first ? {} : { kind }), ...(note.trim() ? { note: note.trim() } : {}) });
    setSending(false);
    if (ack.ok) onClose();
    else setError(ack.error);
  }

  const noteError = error?.field === "note" ? messageOf(error) : null;
  const otherError = error && !noteError ? messageOf(error) : null;

  return (
    <DeskDialog title={first ? `Publish “${card.title}”` : `Publish changes to “${card.title}”`} onClose={onClose} testId="publish-dialog">
      <form
        aria-label={first ? "Publish" : "Publish changes"}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        className="space-y-4"
      >
        <p className="text-sm text-slate-600">
          {first
            ? "Readers of the live page see this card as below once you publish it; it can then be embedded on partner sites."
            : `Readers see revision ${card.publishedRevision ?? "–"} until you publish. This publishes the working copy as a new revision.`}
        </p>
        <section aria-label="What readers will see" data-testid="publish-preview" className="max-h-72 overflow-y-auto rounded border border-slate-200 bg-slate-50 p-3">
          {shown ? (
            <>
              <h3 className="text-lg font-semibold leading-snug">{shown.title}</h3>
              {shown.summary && <p className="mt-1 text-slate-700">{shown.summary}</p>}
              {shown.bodyHtml ? (
                // Sanitised by the server exactly as it will be published.
                <div className="live-body mt-2 text-sm" dangerouslySetInnerHTML={{ __html: shown.bodyHtml }} />
              ) : (
                <p className="mt-2 text-sm text-slate-600">No text yet: readers see the title and summary only.</p>
              )}
            </>
          ) : (
            <p role={previewError ? "alert" : undefined} className="text-sm text-slate-600">
              {previewError ?? "Loading what readers will see…"}
            </p>
          )}
        </section>
        <fieldset disabled={sending} hidden={first}>
          <legend className="text-sm font-medium text-slate-700">Publish as</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {KINDS.map((k) => (
              <label
                key={k.value}
                className={`flex cursor-pointer gap-2 rounded border p-3 text-sm ${
                  kind === k.value ? "border-blue-500 bg-blue-50" : "border-slate-300 hover:bg-slate-50"
                }`}
              >
                <input
                  type="radio"
                  name={`${id}-kind`}
                  value={k.value}
                  checked={kind === k.value}
                  onChange={() => {
                    setKind(k.value);
                    setError(null);
                  }}
                  className="mt-0.5"
                />
                <span>
                  <span className="block font-medium">{k.label}</span>
                  <span className="block text-xs text-slate-600">{k.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <div>
          <label htmlFor={`${id}-note`} className="block text-sm font-medium text-slate-700">
            {noteRequired ? "Correction note (required, shown to readers)" : "Note (optional)"}
          </label>
          <textarea
            id={`${id}-note`}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={PUBLISH_LIMITS.noteMax}
            aria-required={noteRequired}
            disabled={sending}
            rows={3}
            aria-invalid={noteError ? true : undefined}
            aria-describedby={`${id}-note-help${noteError ? ` ${id}-note-error` : ""}`}
            placeholder={noteRequired ? "What was wrong, and what is right now" : ""}
            className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5 text-sm aria-invalid:border-red-500"
          />
          <p id={`${id}-note-help`} className="flex justify-between text-xs text-slate-500">
            <span>{noteRequired ? "Readers see this note with the correction." : "For the desk's history; readers do not see it."}</span>
            <span className="tabular-nums">
              {note.length}/{PUBLISH_LIMITS.noteMax}
            </span>
          </p>
          {noteError && (
            <p id={`${id}-note-error`} role="alert" className="mt-1 text-sm text-red-700">
              {noteError}
            </p>
          )}
        </div>

        {otherError && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-900">
            {otherError}
          </p>
        )}

        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded px-3 py-1.5 text-sm hover:bg-slate-100">
            Cancel
          </button>
          <button
            type="submit"
            disabled={sending || !online}
            className="rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
          >
            {sending ? "Publishing…" : first ? "Publish now" : kind === "correction" ? "Publish correction" : "Publish update"}
          </button>
        </div>
      </form>
    </DeskDialog>
  );
}
