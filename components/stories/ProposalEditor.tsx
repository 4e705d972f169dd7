"use client";
/** The proposed cards, editable before anything is stored: rename, merge, drop, reorder, add. */
import { add, drop, mergeWithNext, move, rename, type DraftCard } from "./proposal-edits";

interface Props {
  cards: DraftCard[];
  paragraphs: string[];
  onChange: (cards: DraftCard[]) => void;
}

let added = 0;

const small = "rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50 disabled:opacity-40";

export function ProposalEditor({ cards, paragraphs, onChange }: Props) {
  return (
    <div className="space-y-3">
      {cards.length === 0 && (
        <p className="text-sm text-slate-600" data-testid="no-proposals">
          No cards proposed. Add them by hand, or create the story without cards.
        </p>
      )}
      <ol className="space-y-3" data-testid="proposals">
        {cards.map((card, i) => (
          <li key={card.key} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="proposal">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-xs font-semibold text-slate-500">{i + 1}.</span>
              <label className="min-w-0 basis-full sm:basis-0 sm:flex-1">
                <span className="sr-only">Title of card {i + 1}</span>
                <input
                  value={card.title}
                  maxLength={200}
                  placeholder="Card title"
                  aria-label={`Title of card ${i + 1}`}
                  onChange={(e) => onChange(rename(cards, card.key, { title: e.target.value }))}
                  className="w-full rounded border border-slate-300 px-2 py-1 font-medium"
                />
              </label>
              <button type="button" className={small} disabled={i === 0} onClick={() => onChange(move(cards, card.key, -1))} aria-label={`Move card ${i + 1} up`}>
                ↑
              </button>
              <button type="button" className={small} disabled={i === cards.length - 1} onClick={() => onChange(move(cards, card.key, 1))} aria-label={`Move card ${i + 1} down`}>
                ↓
              </button>
              <button type="button" className={small} disabled={i === cards.length - 1} onClick={() => onChange(mergeWithNext(cards, card.key))}>
                Merge with next
              </button>
              <button type="button" className={`${small} text-red-700`} onClick={() => onChange(drop(cards, card.key))}>
                Drop
              </button>
            </div>
            <label className="mt-2 block">
              <span className="sr-only">Summary of card {i + 1}</span>
              <textarea
                value={card.summary}
                maxLength={2000}
                rows={2}
                placeholder="One-sentence summary"
                aria-label={`Summary of card ${i + 1}`}
                onChange={(e) => onChange(rename(cards, card.key, { summary: e.target.value }))}
                className="w-full rounded border border-slate-300 px-2 py-1 text-sm"
              />
            </label>
            {card.paragraphs.length > 0 && (
              <details className="mt-1 text-xs text-slate-600">
                <summary className="cursor-pointer">Draws on paragraphs {card.paragraphs.map((p) => p + 1).join(", ")}</summary>
                <ul className="mt-1 space-y-1 border-l-2 border-slate-200 pl-2">
                  {card.paragraphs.map((p) => (
                    <li key={p}>
                      <span className="font-semibold">¶{p + 1}</span> {paragraphs[p]?.slice(0, 280)}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        ))}
      </ol>
      <button type="button" className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-50" onClick={() => onChange(add(cards, `hand-${++added}`))}>
        Add a card
      </button>
    </div>
  );
}
