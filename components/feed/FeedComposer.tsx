"use client";
/** A small rich-text box for live updates: bold, italic, links, lists. Sends HTML; the server sanitises it. */
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { FEED_LIMITS, type Ack } from "@/lib/protocol";
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
  /**
   * Slash commands: a paragraph holding only `/name` followed by Enter or Space runs `name`
   * (its text is removed). Returns whether the name was known.
   */
  onSlash?: (name: string) => boolean;
  /** An id for the editable box (the desk's skip link and keyboard shortcut jump to it). */
  boxId?: string;
  /** Shown above the text box (a headline field). */
  before?: ReactNode;
  /** Each change of this number turns the current paragraph into a quote (or back). */
  quoteRequest?: number;
}

export function FeedComposer({ label, submitLabel, initialHtml = "", disabled, children, onSubmit, onCancel, onSlash, boxId, before, quoteRequest = 0 }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The editor's key handler is created once: it reaches the latest submit and slash handler here.
  const latest = useRef({ submit: () => {}, onSlash });
  const editor = useEditor({
    immediatelyRender: false,
    content: initialHtml,
    // Subheadings are level 3 only: the one heading level live posts keep (server/domain/sanitize.ts).
    extensions: [StarterKit.configure({ heading: { levels: [3] }, codeBlock: false, horizontalRule: false, link: { openOnClick: false } })],
    editorProps: {
      handleKeyDown(view, event) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          latest.current.submit();
          return true;
        }
        if ((event.key === "Enter" || event.key === " ") && latest.current.onSlash) {
          const { $from } = view.state.selection;
          const text = $from.parent.textContent;
          const match = /^\/([a-z]+)$/.exec(text);
          if (match && $from.parentOffset === text.length && latest.current.onSlash(match[1])) {
            event.preventDefault();
            view.dispatch(view.state.tr.delete($from.start(), $from.end()));
            return true;
          }
        }
        return false;
      },
      attributes: {
        ...(boxId ? { id: boxId } : {}),
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
  useEffect(() => {
    latest.current = { submit: () => void submit(), onSlash };
  });
  useEffect(() => {
    if (quoteRequest > 0) editor?.chain().focus().toggleBlockquote().run();
  }, [quoteRequest, editor]);

  return (
    <div
      className="space-y-2"
      onKeyDown={(e) => {
        // Ctrl/Cmd+Enter posts from any field of the composer (headline, alt text…), not only the text.
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <div>
        {before}
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
          aria-keyshortcuts="Control+Enter Meta+Enter"
          title="Ctrl+Enter (⌘+Enter on a Mac)"
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

/** A post's optional headline, above its text (new posts and edits). */
export function HeadlineField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <input
      aria-label="Headline (optional)"
      placeholder="Headline (optional)"
      value={value}
      maxLength={FEED_LIMITS.headlineMax}
      onChange={(e) => onChange(e.target.value)}
      className="mb-1 w-full rounded border border-slate-300 px-2 py-1 text-sm font-semibold"
    />
  );
}
