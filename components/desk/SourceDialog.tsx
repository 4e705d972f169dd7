"use client";
/** The story's source article as pasted (sanitised to text): desk only, never on public pages. */
import { useEffect, useState } from "react";
import type { Ack } from "@/lib/protocol";
import { DeskDialog } from "./DeskDialog";

export function SourceDialog({ load, onClose }: { load: () => Promise<Ack<{ source: string }>>; onClose: () => void }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void load().then((ack) => (ack.ok ? setText(ack.data.source) : setError(ack.error.message)));
  }, [load]);
  const paragraphs = (text ?? "").split(/\n\s*\n/).filter((p) => p.trim());
  return (
    <DeskDialog title="Source" onClose={onClose} wide testId="source-dialog">
      {error && <p role="alert" className="text-red-800">{error}</p>}
      {text === null && !error && <p className="text-slate-500">Loading…</p>}
      {text !== null && paragraphs.length === 0 && <p className="text-slate-600">This story was opened without a source article.</p>}
      <ol className="space-y-2 text-sm">
        {paragraphs.map((p, i) => (
          <li key={i} className="whitespace-pre-wrap">
            <span className="mr-1 font-semibold text-slate-500">¶{i + 1}</span>
            {p}
          </li>
        ))}
      </ol>
    </DeskDialog>
  );
}
