"use client";
import { useState } from "react";
import { LIMITS, type Ack, type Card } from "@/lib/protocol";

interface Props {
  onCreate: (title: string, summary: string) => Promise<Ack<Card>>;
  online: boolean;
  /** False for viewers: the form is shown, disabled, with the reason. */
  allowed: boolean;
}

/** Adds a topic card at the end of the story. */
export function NewCardForm({ onCreate, online, allowed }: Props) {
  const [title, setTitle] = useState("");
  const [summary, setSummary] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  return (
    <form
      aria-label="New card"
      className="rounded-lg border border-dashed border-slate-300 bg-white p-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setSaving(true);
        const ack = await onCreate(title, summary);
        setSaving(false);
        if (ack.ok) {
          setTitle("");
          setSummary("");
          setError(null);
        } else setError(ack.error.message);
      }}
    >
      <h2 className="text-sm font-semibold text-slate-700">New card</h2>
      {!allowed && <p className="mt-1 text-xs text-slate-500">Viewers can&apos;t add cards.</p>}
      <fieldset disabled={!allowed} className="disabled:opacity-60">
        <label htmlFor="new-card-title" className="sr-only">
          New card title
        </label>
        <input
          id="new-card-title"
          placeholder="Topic title"
          value={title}
          maxLength={LIMITS.titleMax}
          onChange={(e) => setTitle(e.target.value)}
          className="mt-2 w-full rounded border border-slate-300 px-2 py-1.5"
        />
        <label htmlFor="new-card-summary" className="sr-only">
          New card summary
        </label>
        <textarea
          id="new-card-summary"
          placeholder="One or two sentences (optional)"
          value={summary}
          rows={2}
          onChange={(e) => setSummary(e.target.value)}
          className="mt-2 w-full rounded border border-slate-300 px-2 py-1.5 text-sm"
        />
        {error && (
          <p role="alert" className="mt-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button type="submit" disabled={saving || !online} className="mt-2 rounded bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
          {saving ? "Adding…" : "Add card"}
        </button>
      </fieldset>
    </form>
  );
}
