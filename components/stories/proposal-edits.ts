/**
 * What an editor does to the proposals before creating the story: pure functions, unit-tested,
 * so the new-story page only wires buttons to them.
 */
export interface DraftCard {
  /** Stable key for React and tests (not stored). */
  key: string;
  title: string;
  summary: string;
  /** Source paragraphs (indexes) the card draws on; empty for a card added by hand. */
  paragraphs: number[];
}

export function rename(cards: DraftCard[], key: string, change: Partial<Pick<DraftCard, "title" | "summary">>): DraftCard[] {
  return cards.map((c) => (c.key === key ? { ...c, ...change } : c));
}

export function drop(cards: DraftCard[], key: string): DraftCard[] {
  return cards.filter((c) => c.key !== key);
}

/** Moves a card one place up (-1) or down (+1); at an end it stays. */
export function move(cards: DraftCard[], key: string, by: -1 | 1): DraftCard[] {
  const from = cards.findIndex((c) => c.key === key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= cards.length) return cards;
  const next = [...cards];
  [next[from], next[to]] = [next[to], next[from]];
  return next;
}

/** Merges the card with the one after it: titles joined, summaries kept, paragraphs united. */
export function mergeWithNext(cards: DraftCard[], key: string): DraftCard[] {
  const i = cards.findIndex((c) => c.key === key);
  if (i < 0 || i + 1 >= cards.length) return cards;
  const [a, b] = [cards[i], cards[i + 1]];
  const merged: DraftCard = {
    key: a.key,
    title: `${a.title} and ${b.title}`.slice(0, 200),
    summary: [a.summary, b.summary].filter(Boolean).join(" ").slice(0, 2000),
    paragraphs: [...new Set([...a.paragraphs, ...b.paragraphs])].sort((x, y) => x - y),
  };
  return [...cards.slice(0, i), merged, ...cards.slice(i + 2)];
}

export function add(cards: DraftCard[], key: string): DraftCard[] {
  return [...cards, { key, title: "", summary: "", paragraphs: [] }];
}
