"use client";
import { useState } from "react";
import { useEditorState, type Editor } from "@tiptap/react";
import { LinkEditor } from "./LinkEditor";

type Mark = "bold" | "italic";

/** Formatting a desk needs in a card: bold, italic, a subheading, lists, links. */
export function EditorToolbar({ editor }: { editor: Editor | null }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) =>
      e
        ? {
            bold: e.isActive("bold"),
            italic: e.isActive("italic"),
            heading: e.isActive("heading", { level: 3 }),
            bullet: e.isActive("bulletList"),
            ordered: e.isActive("orderedList"),
            link: e.isActive("link"),
          }
        : null,
  });
  // The buttons are there from the first paint (disabled until the editor exists), never an
  // empty bar that fills in only once the text is focused.
  const s = state ?? { bold: false, italic: false, heading: false, bullet: false, ordered: false, link: false };

  const button = (label: string, active: boolean, run: () => void, text: string, className = "") => (
    <button
      type="button"
      aria-label={label}
      aria-pressed={active}
      disabled={!editor}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
      className={`h-7 min-w-7 rounded px-1.5 text-sm disabled:opacity-50 ${active ? "bg-slate-900 text-white" : "hover:bg-slate-200"} ${className}`}
    >
      {text}
    </button>
  );
  const toggle = (mark: Mark) => () => editor?.chain().focus().toggleMark(mark).run();

  // The address of the link being edited (null: a new link), or undefined while the form is closed.
  const [linking, setLinking] = useState<string | null | undefined>(undefined);
  function editLink() {
    if (!editor) return;
    setLinking(linking === undefined ? ((editor.getAttributes("link").href as string | undefined) ?? null) : undefined);
  }

  return (
    <div className="flex flex-col gap-1">
    <div role="toolbar" aria-label="Formatting" className="flex flex-wrap gap-0.5">
      {button("Bold", s.bold, toggle("bold"), "B", "font-bold")}
      {button("Italic", s.italic, toggle("italic"), "I", "italic")}
      {button("Subheading", s.heading, () => editor?.chain().focus().toggleHeading({ level: 3 }).run(), "H")}
      {button("Bulleted list", s.bullet, () => editor?.chain().focus().toggleBulletList().run(), "•")}
      {button("Numbered list", s.ordered, () => editor?.chain().focus().toggleOrderedList().run(), "1.")}
      {button("Link", s.link, editLink, "Link", "underline")}
    </div>
      {editor && linking !== undefined && <LinkEditor editor={editor} current={linking} onClose={() => setLinking(undefined)} />}
    </div>
  );
}
