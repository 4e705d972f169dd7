"use client";
/** A small rich-text box for live updates: bold, italic, links, lists. Sends HTML; the server sanitises it. */
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useState, type ReactNode } from "react";
import type { Ack } from "@/lib/protocol";
import { EditorToolbar } from "../collab/EditorToolbar";

interface Props {
  label: string;
  submitLabel: string;
  initialHtml?: string;
  disabled: boolean;
  /** Extra fields (card link, key event, correction note) shown above the button. */
  children?: ReactNode;
  onSubmit: (html: string) => Promise<Ack<unknown>>;
  onCancel?: () => void;
}

export function FeedComposer({ label, submitLabel, initialHtml = "", disabled, children, onSubmit, onCancel }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useEditor({
    immediatelyRender: false,
    content: initialHtml,
    extensions: [StarterKit.configure({ heading: false, codeBlock: false, horizontalRule: false, link: { openOnClick: false } })],
    editorProps: {
      attributes: {
        "aria-label": label,
        role: "textbox",
        "aria-multiline": "true",
        class: "live-body min-h-16 rounded-b border border-t-0 border-slate-300 bg-white px-2 py-1.5 text-sm focus:outline-none",
      },
    },
  });

  async function submit() {
    if (!editor || editor.isEmpty) return setError("Write something first.");
    setBusy(true);
    const ack = await onSubmit(editor.getHTML());
    setBusy(false);
    if (!ack.ok) return setError(ack.error.message);
    setError(null);
    // Ready for the next update: the box is emptied and keeps the keyboard focus.
    if (!initialHtml) editor.chain().clearContent().focus().run();
  }

  return (
    <div className="space-y-2">
      <div>
        <div className="rounded-t border border-slate-300 bg-slate-50 px-1 py-0.5">
          <EditorToolbar editor={editor} />
        </div>
        <EditorContent editor={editor} />
      </div>
      {children}
      {error && (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="button"
          disabled={disabled || busy}
          onClick={() => void submit()}
          className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          {busy ? "Sending…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} className="rounded px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
