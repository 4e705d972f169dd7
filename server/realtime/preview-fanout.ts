/**
 * Card previews to the story's desks while people type. Each card's derived text is written every
 * 1.5 s or so while it changes (server/collab/card-docs.ts); sent as it came, every desk on the
 * story would get one event per card per derive — with twenty cards being typed in, more socket
 * writes than the keystrokes themselves. So the previews of a story are gathered and sent at most
 * once per `intervalMs`, as one `card:text` event listing the cards that changed (the newest
 * preview of each).
 *
 * And only when what the desks show changed: the preview is the start of the first paragraph and
 * the paragraph count (lib/protocol/schemas.ts previewOf), and most typing happens further on.
 * Without this every desk got every typed card's preview every second, whether it changed or not:
 * with 80 cards and 200 editors on a story, 6 MB a second of identical previews. An unchanged
 * preview still goes out every `refreshMs`: another process may have sent the desks a different
 * one of the same card meanwhile (each process only knows what it sent itself).
 *
 * A story with many cards typed at once waits longer between events: after an event of N cards
 * the next comes no sooner than N / `perSecond` seconds, so a desk gets at most about `perSecond`
 * previews a second (~8 KB/s) however many cards are typed; each card's newest preview is kept.
 */
import type { CardTextChange } from "../../lib/protocol/schemas";

export interface PreviewFanout {
  add(change: CardTextChange): void;
  stop(): void;
}

export function previewFanout(
  send: (storyId: string, changes: CardTextChange[]) => void,
  { intervalMs = 1_000, refreshMs = 5_000, perSecond = 20 }: { intervalMs?: number; refreshMs?: number; perSecond?: number } = {},
): PreviewFanout {
  const pending = new Map<string, Map<string, CardTextChange>>();
  /** What this process last sent the desks of each card, and when. */
  const shown = new Map<string, { key: string; at: number }>();
  let timer: NodeJS.Timeout | undefined;
  /** The earliest time (Date.now()) the next event may go, after a large one. */
  let notBefore = 0;
  const shownOf = (change: CardTextChange) => `${change.changedSincePublish ? 1 : 0}${change.preview.paragraphs}\u0000${change.preview.text}`;

  function flush(): void {
    timer = undefined;
    const at = Date.now();
    let largest = 0;
    for (const [storyId, changes] of pending) {
      for (const change of changes.values()) shown.set(change.cardId, { key: shownOf(change), at });
      send(storyId, [...changes.values()]);
      largest = Math.max(largest, changes.size);
    }
    pending.clear();
    notBefore = at + (largest / perSecond) * 1_000;
    // An entry older than refreshMs no longer holds anything back: forget it (cards come and go).
    for (const [cardId, last] of shown) if (at - last.at >= refreshMs) shown.delete(cardId);
  }

  return {
    add(change) {
      let story = pending.get(change.storyId);
      // Unchanged for the desks lately, and nothing else of the card waiting to go: nothing to send.
      const last = shown.get(change.cardId);
      if (last && last.key === shownOf(change) && Date.now() - last.at < refreshMs && !story?.has(change.cardId)) return;
      if (!story) pending.set(change.storyId, (story = new Map()));
      story.set(change.cardId, change);
      if (!timer) {
        timer = setTimeout(flush, Math.max(intervalMs, notBefore - Date.now()));
        timer.unref();
      }
    },
    stop() {
      clearTimeout(timer);
      pending.clear();
      shown.clear();
    },
  };
}
