"use client";
/**
 * A comment box with @mention autocomplete: typing "@" and a few letters lists the people who
 * may be mentioned (active accounts that can see the story); picking one writes "@Name" and
 * mentions them (they are notified). Plain text: comments are never rendered as HTML.
 */
import { useId, useMemo, useRef, useState } from "react";
import { REVIEW_LIMITS, type Ack, type Mentionable } from "@/lib/protocol";

interface Props {
  label: string;
  people: Mentionable[];
  submitLabel: string;
  initial?: string;
  onSubmit: (body: string, mentions: string[]) => Promise<Ack<unknown>>;
  onCancel?: () => void;
  disabled?: boolean;
}

/** The "@query" being typed just before the caret, if any. */
function typedMention(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(text.slice(0, caret));
  return match ? { start: caret - match[2].length - 1, query: match[2] } : null;
}

export function CommentForm({ label, people, submitLabel, initial = "", onSubmit, onCancel, disabled = false }: Props) {
  const [body, setBody] = useState(initial);
  const [picked, setPicked] = useState<Mentionable[]>([]);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const typing = typedMention(body, caret);
  const matches = useMemo(() => {
    if (!typing) return [];
    const q = typing.query.toLowerCase();
    return people.filter((p) => p.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) || p.name.toLowerCase().startsWith(q)).slice(0, 6);
  }, [typing, people]);
  const open = matches.length > 0;

  function choose(person: Mentionable) {
    if (!typing) return;
    const before = body.slice(0, typing.start);
    const after = body.slice(caret);
    const next = `${before}@${person.name} ${after}`;
    setBody(next);
    setPicked((all) => (all.some((p) => p.id === person.id) ? all : [...all, person]));
    const at = before.length + person.name.length + 2;
    setCaret(at);
    requestAnimationFrame(() => area.current?.setSelectionRange(at, at));
  }

  async function submit() {
    const text = body.trim();
    if (!text) return;
    setBusy(true);
    setError(null);
    // Only the people still named in the text are mentioned.
    const mentions = picked.filter((p) => text.includes(`@${p.name}`)).map((p) => p.id);
    const ack = await onSubmit(text, mentions);
    setBusy(false);
    if (!ack.ok) return setError(ack.error.message);
    setBody("");
    setPicked([]);
  }

  return (
    <form
      className="space-y-1"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label className="sr-only" htmlFor={`${listId}-text`}>
        {label}
      </label>
      <div className="relative">
        <textarea
          id={`${listId}-text`}
          ref={area}
          value={body}
          rows={2}
          maxLength={REVIEW_LIMITS.bodyMax}
          placeholder="Comment… type @ to mention someone"
          role="combobox"
          aria-expanded={open}
          aria-controls={`${listId}-people`}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-person-${active}` : undefined}
          onChange={(e) => {
            setBody(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (open && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
              e.preventDefault();
              setActive((i) => (i + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
            } else if (open && (e.key === "Enter" || e.key === "Tab")) {
              e.preventDefault();
              choose(matches[Math.min(active, matches.length - 1)]);
            } else if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              void submit();
            } else if (e.key === "Escape" && onCancel) onCancel();
          }}
          className="w-full rounded border border-slate-300 px-2 py-1 text-sm"
        />
        {open && (
          <ul id={`${listId}-people`} role="listbox" aria-label="People to mention" className="absolute left-0 top-full z-20 mt-1 w-56 rounded border border-slate-300 bg-white py-1 shadow-lg">
            {matches.map((p, i) => (
              <li
                key={p.id}
                id={`${listId}-person-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(p);
                }}
                className={`cursor-pointer px-2 py-1 text-sm ${i === active ? "bg-slate-900 text-white" : "hover:bg-slate-100"}`}
              >
                {p.name}
              </li>
            ))}
          </ul>
        )}
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-800">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" disabled={busy || disabled || !body.trim()} className="rounded bg-slate-900 px-2 py-1 text-xs font-medium text-white disabled:opacity-50">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} className="rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-100">
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
