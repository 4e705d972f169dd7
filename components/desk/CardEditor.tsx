"use client";
/**
 * Inline editor for a card's title and summary. It remembers the version and the values the
 * editor started from: a save sends only what changed, based on that version, so the server
 * refuses it if someone else changed the same field meanwhile. On a conflict the editor sees
 * the current value and chooses: take theirs for the contested field (keeping and saving any
 * other change), or save mine over it knowingly. Both choices save at once.
 */
import { useState } from "react";
import { LIMITS, type Ack, type AckError, type Card, type UpdateCard } from "@/lib/protocol";

interface Props {
  card: Card;
  onSave: (payload: UpdateCard) => Promise<Ack<Card>>;
  onClose: () => void;
  disabled: boolean;
}

export function CardEditor({ card, onSave, onClose, disabled }: Props) {
  const [base, setBase] = useState({ version: card.version, title: card.title, summary: card.summary });
  const [title, setTitle] = useState(card.title);
  const [summary, setSummary] = useState(card.summary);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AckError | null>(null);

  // Someone else saved this card while we edit: warn before the server has to refuse us.
  const changedMeanwhile = (["title", "summary"] as const).filter((f) => card.version > base.version && card[f] !== base[f]);

  type Base = typeof base;

  /** Sends what differs from `from` (title and summary as given), based on its version. */
  async function saveFrom(from: Base, nextTitle: string, nextSummary: string) {
    const changes: UpdateCard["changes"] = {};
    if (nextTitle.trim() !== from.title) changes.title = nextTitle;
    if (nextSummary.trim() !== from.summary) changes.summary = nextSummary;
    if (changes.title === undefined && changes.summary === undefined) return onClose();
    setSaving(true);
    const ack = await onSave({ cardId: card.id, baseVersion: from.version, changes });
    setSaving(false);
    if (ack.ok) return onClose();
    setError(ack.error);
  }

  const save = () => saveFrom(base, title, summary);

  /** The card as the server has it now: what the conflict told us, or the live card. */
  function currentBase(): Base {
    const current = error?.current ?? card;
    return { version: current.version, title: current.title, summary: current.summary };
  }

  /**
   * Keep my text, knowingly saved over theirs: the button says "save over it", so it saves at
   * once (based on the current version) rather than leaving a form that still needs Save.
   */
  async function keepMine() {
    const current = currentBase();
    setBase(current);
    setError(null);
    await saveFrom(current, title, summary);
  }

  /**
   * Take the current value of every field someone else changed, and only those: my change of
   * any other field is still mine and is saved with it (it conflicts with nothing).
   */
  async function takeTheirs() {
    const current = currentBase();
    const theirs = (f: "title" | "summary") => current[f] !== base[f];
    const nextTitle = theirs("title") ? current.title : title;
    const nextSummary = theirs("summary") ? current.summary : summary;
    setTitle(nextTitle);
    setSummary(nextSummary);
    setBase(current);
    setError(null);
    await saveFrom(current, nextTitle, nextSummary);
  }

  return (
    <form
      className="mt-2 space-y-3"
      aria-label={`Edit card ${card.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <div>
        <label htmlFor={`title-${card.id}`} className="block text-xs font-medium text-slate-600">
          Title
        </label>
        <input
          id={`title-${card.id}`}
          autoFocus
          value={title}
          maxLength={LIMITS.titleMax}
          onChange={(e) => setTitle(e.target.value)}
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5 text-base font-semibold"
        />
      </div>
      <div>
        <label htmlFor={`summary-${card.id}`} className="block text-xs font-medium text-slate-600">
          Summary
        </label>
        <textarea
          id={`summary-${card.id}`}
          value={summary}
          rows={3}
          onChange={(e) => setSummary(e.target.value)}
          className="mt-1 w-full rounded border border-slate-300 px-2 py-1.5 text-sm"
        />
      </div>
      {changedMeanwhile.length > 0 && !error && (
        <p className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          {card.updatedBy ?? "Someone"} changed the {changedMeanwhile.join(" and ")} while you were editing. Saving that field will be refused
          unless you take their version or choose to keep yours.
        </p>
      )}
      {error && (
        <div role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          <p>{error.message}</p>
          {error.code === "CONFLICT" && error.current && (
            <>
              <p className="mt-1">
                Current {error.field === "summary" ? "summary" : "title"}:{" "}
                <strong data-testid="conflict-current">{error.field === "summary" ? error.current.summary : error.current.title}</strong>
              </p>
              <div className="mt-2 flex gap-2">
                <button type="button" disabled={saving || disabled} onClick={() => void takeTheirs()} className="rounded border border-red-300 bg-white px-2 py-1">
                  Take theirs
                </button>
                <button type="button" disabled={saving || disabled} onClick={() => void keepMine()} className="rounded border border-red-300 bg-white px-2 py-1">
                  Keep mine (save over it)
                </button>
              </div>
            </>
          )}
        </div>
      )}
      <div className="flex gap-2">
        <button type="submit" disabled={saving || disabled} className="rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
          {saving ? "Saving…" : "Save"}
        </button>
        <button type="button" onClick={onClose} className="rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
          Cancel
        </button>
        {disabled && <span className="self-center text-xs text-red-700">Not connected: saving is paused.</span>}
      </div>
    </form>
  );
}
