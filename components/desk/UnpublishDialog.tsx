"use client";
/**
 * Asked before unpublishing: it withdraws the card from the live page and from every partner
 * site embedding it at once, so the question names how many embeds show it right now (when the
 * server can tell).
 */
import { useEffect, useRef, useState } from "react";
import type { Ack, Card, PublishPreview } from "@/lib/protocol";
import { DeskDialog } from "./DeskDialog";

interface Props {
  card: Card;
  online: boolean;
  preview: (cardId: string) => Promise<Ack<PublishPreview>>;
  unpublish: () => Promise<Ack<unknown>>;
  onClose: () => void;
}

/** "Readers … and 3 embeds on partner sites …" — or nothing about embeds when unknown. */
export function embedsText(count: number | null): string {
  if (count === null || count < 0) return "Every partner site embedding it shows “no longer available” instead.";
  if (count === 0) return "No embed on a partner site is showing it right now.";
  return `${count} embed${count === 1 ? " on a partner site is" : "s on partner sites are"} showing it right now; they will say “no longer available” instead.`;
}

export function UnpublishDialog({ card, online, preview, unpublish, onClose }: Props) {
  const [embeds, setEmbeds] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    void preview(card.id).then((ack) => live && ack.ok && setEmbeds(ack.data.embedsNow));
    return () => {
      live = false;
    };
  }, [preview, card.id]);

  async function confirm() {
    setBusy(true);
    setError(null);
    const ack = await unpublish();
    setBusy(false);
    if (ack.ok) onClose();
    else setError(ack.error.message);
  }

  return (
    <DeskDialog title={`Unpublish “${card.title}”?`} onClose={onClose} testId="unpublish-dialog">
      <div className="space-y-3 text-sm">
        <p>Readers of the live page lose this card at once, and it goes back to the desk as a draft.</p>
        <p data-testid="unpublish-embeds">{embedsText(embeds)}</p>
        {error && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-900">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button ref={cancel} type="button" autoFocus onClick={onClose} className="rounded px-3 py-1.5 hover:bg-slate-100">
            Keep it published
          </button>
          <button type="button" disabled={busy || !online} onClick={() => void confirm()} className="rounded bg-red-700 px-3 py-1.5 font-medium text-white disabled:opacity-50">
            {busy ? "Unpublishing…" : "Unpublish"}
          </button>
        </div>
      </div>
    </DeskDialog>
  );
}
