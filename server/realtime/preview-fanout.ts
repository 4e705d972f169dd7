/**
 * Card previews to the story's desks while people type. Each card's derived text is written every
 * 1.5 s or so while it changes (server/collab/card-docs.ts); sent as it came, every desk on the
 * story would get one event per card per derive — with twenty cards being typed in, more socket
 * writes than the keystrokes themselves. So the previews of a story are gathered and sent at most
 * once per `intervalMs`, as one `card:text` event listing the cards that changed (the newest
 * preview of each).
 */
import type { CardTextChange } from "../../lib/protocol/schemas";

export interface PreviewFanout {
  add(change: CardTextChange): void;
  stop(): void;
}

export function previewFanout(send: (storyId: string, changes: CardTextChange[]) => void, intervalMs = 1_000): PreviewFanout {
  const pending = new Map<string, Map<string, CardTextChange>>();
  let timer: NodeJS.Timeout | undefined;

  function flush(): void {
    timer = undefined;
    for (const [storyId, changes] of pending) send(storyId, [...changes.values()]);
    pending.clear();
  }

  return {
    add(change) {
      let story = pending.get(change.storyId);
      if (!story) pending.set(change.storyId, (story = new Map()));
      story.set(change.cardId, change);
      if (!timer) {
        timer = setTimeout(flush, intervalMs);
        timer.unref();
      }
    },
    stop() {
      clearTimeout(timer);
      pending.clear();
    },
  };
}
