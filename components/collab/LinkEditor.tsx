"use client";
import { useState, type KeyboardEvent } from "react";
import type { Editor } from "@tiptap/react";

/** Addresses a link may point to; anything else (javascript:, data:…) is refused here and by the server's sanitiser. */
const SAFE = /^(https?:\/\/|mailto:)\S+$/i;

/**
 * The link address form under the toolbar (instead of the browser's prompt, which blocks the
 * page, cannot be styled or read well by screen readers, and hides the current address). Enter
 * applies, Escape closes; focus goes back to the text either way.
 */
export function LinkEditor({ editor, current, onClose }: { editor: Editor; current: string | null; onClose: () => void }) {
  const [href, setHref] = useState(current ?? "https://");
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    onClose();
    editor.commands.focus();
  };
  const apply = () => {
    const value = href.trim();
    if (!SAFE.test(value)) {
      setError("Use a web address starting with https:// or http://, or a mailto: address");
      return;
    }
    editor.chain().focus().extendMarkRange("link").setLink({ href: value }).run();
    onClose();
  };
  const remove = () => {
    editor.chain().focus().extendMarkRange("link").unsetLink().run();
    onClose();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      // Closes this form only, not the card form around the editor.
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  return (
    <form
      role="group"
      aria-label="Link"
      className="flex flex-wrap items-center gap-1 rounded border border-slate-300 bg-white p-1 text-sm"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <label className="flex min-w-0 flex-1 basis-48 items-center gap-1">
        <span className="whitespace-nowrap">Link address</span>
        <input
          type="text"
          inputMode="url"
          autoFocus
          value={href}
          onChange={(e) => {
            setHref(e.target.value);
            setError(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "link-editor-error" : undefined}
          className="min-w-0 flex-1 rounded border border-slate-300 px-1.5 py-0.5"
        />
      </label>
      <button type="submit" className="rounded bg-slate-900 px-2 py-0.5 text-white">
        Apply
      </button>
      {current && (
        <button type="button" onClick={remove} className="rounded px-2 py-0.5 hover:bg-slate-200">
          Remove link
        </button>
      )}
      <button type="button" onClick={close} className="rounded px-2 py-0.5 hover:bg-slate-200">
        Cancel
      </button>
      {error && (
        <p id="link-editor-error" role="alert" className="w-full text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
