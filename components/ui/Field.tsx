/**
 * A labelled input with its error and hint linked for assistive technology (aria-describedby,
 * aria-invalid): what a screen-reader user hears when the field is focused matches what a sighted
 * user reads under it.
 */
import { useId, type InputHTMLAttributes } from "react";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  error?: string | null;
  hint?: string;
  /** Ids of other messages that describe this field (e.g. a form-level error). */
  describedBy?: string;
}

export function Field({ label, error, hint, describedBy, className = "", ...input }: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [error ? errorId : null, hint ? hintId : null, describedBy ?? null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        className={`mt-1 w-full rounded border px-3 py-2 ${error ? "border-red-500" : "border-slate-300"}`}
        {...input}
      />
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
