"use client";
/**
 * As soon as the desk is connected, sends the text typed offline in this browser for cards
 * whose editor is not open (a tab closed while offline): each such card's local copy is loaded
 * from IndexedDB and synced by a CardTextProvider of its own, closed again once the server has
 * stored it. Returns the cards still waiting, for the desk to show.
 */
import { useEffect, useMemo, useSyncExternalStore } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import * as Y from "yjs";
import type { CollabChannel } from "@/lib/collab/collab-channel";
import { CardTextProvider } from "@/lib/collab/card-text-provider";
import { localDocName, markSynced, openEditors, subscribeUnsynced, unsyncedCards } from "./unsynced-text";
const NONE: readonly string[] = [];

/** Syncs one card's local copy; resolves once stored (or stopped). */
function syncInBackground(channel: CollabChannel, cardId: string): { stop: () => void } {
  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(localDocName(cardId), doc);
  let provider: CardTextProvider | null = null;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    provider?.destroy();
    void local.destroy();
    doc.destroy();
  };
  void local.whenSynced.then(async () => {
    if (stopped) return;
    provider = new CardTextProvider(channel, cardId, doc);
    try {
      await provider.whenSaved(30_000);
      markSynced(cardId);
    } catch {
      // Still not stored (refused, or the connection dropped): it stays listed; the next connect tries again.
    }
    stop();
  });
  return { stop };
}

/**
 * `cardIds`: the story's cards this user may edit (others' text is not ours to send; cards of
 * other stories wait for their own desk).
 */
export function usePendingTextSync(channel: CollabChannel | null, connected: boolean, cardIds: readonly string[]): readonly string[] {
  const all = useSyncExternalStore(subscribeUnsynced, unsyncedCards, () => NONE);
  const waiting = useMemo(() => all.filter((id) => cardIds.includes(id)), [all, cardIds]);
  const key = waiting.join(",");
  useEffect(() => {
    if (!channel || !connected || !key) return;
    const running = key
      .split(",")
      .filter((id) => !openEditors.has(id))
      .map((id) => syncInBackground(channel, id));
    return () => running.forEach((r) => r.stop());
  }, [channel, connected, key]);
  return waiting;
}
