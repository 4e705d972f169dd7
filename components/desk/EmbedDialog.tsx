"use client";
/**
 * Embed codes of a published card for partner sites: a live preview of the embed frame, and the
 * iframe snippet, the script snippet and the oEmbed URL, each with a Copy button.
 */
import { useEffect, useId, useRef, useState } from "react";
import {
  EMBED_DEFAULT_HEIGHT,
  EMBED_SIZE_MESSAGE,
  embedCardPath,
  iframeSnippet,
  oembedUrl,
  publicCardPath,
  scriptSnippet,
  type Card,
  type EmbedSizeMessage,
} from "@/lib/protocol";
import { DeskDialog } from "./DeskDialog";

/** The preview never grows past this; the dialog scrolls instead. */
const PREVIEW_MAX_HEIGHT = 1_200;

function isSizeMessage(data: unknown, cardId: string): data is EmbedSizeMessage {
  if (typeof data !== "object" || data === null) return false;
  const m = data as Partial<EmbedSizeMessage>;
  return m.type === EMBED_SIZE_MESSAGE && m.cardId === cardId && typeof m.height === "number" && Number.isFinite(m.height);
}

export function EmbedDialog({ card, onClose }: { card: Card; onClose: () => void }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(EMBED_DEFAULT_HEIGHT);
  /** The frame's own height, once it has said it: the fixed iframe snippet then fits the card. */
  const [measured, setMeasured] = useState<number | null>(null);
  // The dialog is only mounted in the browser, on demand.
  const origin = window.location.origin;

  // The frame reports its content height, as it does on partner pages.
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== origin || e.source !== frame.current?.contentWindow || !isSizeMessage(e.data, card.id)) return;
      setHeight(Math.max(80, Math.min(PREVIEW_MAX_HEIGHT, Math.ceil(e.data.height))));
      // The preview is narrower than most partner columns, so its height is a safe fixed height.
      setMeasured(Math.ceil(e.data.height) + 8);
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [origin, card.id]);

  return (
    <DeskDialog title={`Embed “${card.title}”`} onClose={onClose} wide testId="embed-dialog">
      <p className="text-sm text-slate-600">
        Partner sites show the published revision
        {card.publishedRevision !== null && <> (now revision {card.publishedRevision})</>} and update live. Drafts and
        unpublished changes never appear.{" "}
        <a href={publicCardPath(card.id)} target="_blank" rel="noreferrer" className="text-blue-700 underline">
          Open the public page
        </a>
      </p>
      <div className="mt-4 grid gap-5 lg:grid-cols-2">
        <section aria-label="Embed codes" className="min-w-0 space-y-4">
          <CopyField label="Iframe snippet" hint={measured ? "Works everywhere, even where scripts are removed; fixed at the height this card needs now." : "Works everywhere, even where scripts are removed; fixed height."}
            value={iframeSnippet(origin, card.id, card.title, measured ?? EMBED_DEFAULT_HEIGHT)}
            rows={5}
          />
          <CopyField label="Script snippet" hint="Sizes itself to its content." value={scriptSnippet(origin, card.id)} rows={2} />
          <CopyField label="oEmbed URL" hint="For sites and tools that support oEmbed." value={oembedUrl(origin, card.id)} rows={3} />
        </section>
        <section aria-label="Preview" className="min-w-0">
          <h3 className="text-sm font-medium text-slate-700">Preview</h3>
          <div className="mt-1 rounded border border-dashed border-slate-300 bg-slate-50 p-2">
            <iframe
              ref={frame}
              src={embedCardPath(card.id)}
              title={`Preview of the embed of “${card.title}”`}
              height={height}
              className="w-full rounded border-0 bg-white"
            />
          </div>
        </section>
      </div>
    </DeskDialog>
  );
}

type CopyState = "idle" | "copied" | "manual";

function CopyField({ label, hint, value, rows }: { label: string; hint: string; value: string; rows: number }) {
  const field = useRef<HTMLTextAreaElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [state, setState] = useState<CopyState>("idle");
  const id = useId();

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  async function copy() {
    let next: CopyState;
    try {
      // Missing outside secure contexts, refused without permission: fall back to selecting.
      if (!navigator.clipboard) throw new Error("no clipboard");
      await navigator.clipboard.writeText(value);
      next = "copied";
    } catch {
      field.current?.focus();
      field.current?.select();
      next = "manual";
    }
    setState(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState("idle"), next === "copied" ? 2_500 : 8_000);
  }

  return (
    <div data-testid="embed-code">
      <div className="flex items-end justify-between gap-2">
        <label htmlFor={`${id}-field`} className="text-sm font-medium text-slate-700">
          {label}
        </label>
        <span className="flex items-center gap-2">
          <span role="status" className={`text-xs ${state === "manual" ? "text-amber-800" : "text-green-700"}`}>
            {state === "copied" ? "Copied" : state === "manual" ? "Selected: press Ctrl+C (⌘C on a Mac) to copy" : ""}
          </span>
          <button
            type="button"
            aria-label={`Copy ${label}`}
            onClick={() => void copy()}
            className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50"
          >
            Copy
          </button>
        </span>
      </div>
      <textarea
        id={`${id}-field`}
        readOnly
        value={value}
        rows={rows}
        spellCheck={false}
        aria-describedby={`${id}-hint`}
        onFocus={(e) => e.currentTarget.select()}
        className="mt-1 w-full resize-none rounded border border-slate-300 bg-slate-50 px-2 py-1.5 font-mono text-xs text-slate-800"
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );
}
