"use client";
import { useState } from "react";
import { LIMITS } from "@/lib/protocol";

/** Asks for the display name others will see on the story. Shown once per browser. */
export function NamePrompt({ initial = "", onSubmit, onCancel }: { initial?: string; onSubmit: (name: string) => void; onCancel?: () => void }) {
  const [name, setName] = useState(initial);
  const trimmed = name.trim();
  return (
    <div role="dialog" aria-modal="true" aria-labelledby="name-title" className="fixed inset-0 z-20 flex items-center justify-center bg-slate-900/40 p-4">
      <form
        className="w-full max-w-sm rounded-lg bg-white p-5 shadow-xl"
        onSubmit={(e) => {
          e.preventDefault();
          if (trimmed) onSubmit(trimmed);
        }}
      >
        <h2 id="name-title" className="text-lg font-semibold">
          Your name on the desk
        </h2>
        <p className="mt-1 text-sm text-slate-600">Other editors see it beside the cards you work on.</p>
        <label htmlFor="display-name" className="mt-4 block text-sm font-medium">
          Display name
        </label>
        <input
          id="display-name"
          autoFocus
          required
          maxLength={LIMITS.nameMax}
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
        <div className="mt-4 flex justify-end gap-2">
          {onCancel && (
            <button type="button" onClick={onCancel} className="rounded px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
              Cancel
            </button>
          )}
          <button type="submit" disabled={!trimmed} className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white disabled:opacity-50">
            Join the story
          </button>
        </div>
      </form>
    </div>
  );
}
