/**
 * Which cards have text typed in this browser that the server has not stored yet. The text
 * itself lives in IndexedDB (y-indexeddb, one database per card); this is the list of cards to
 * look at, in localStorage so it outlives a closed tab. A card is marked when it is edited and
 * unmarked once the server has stored every change (the provider says "saved"), so the desk can
 * sync a closed tab's offline text as soon as it connects, and say which cards are waiting.
 */

const KEY = "newsdesk:unsynced-text";
const CHANGED = "newsdesk:unsynced-text-changed";

/** The IndexedDB name of a card's local copy (shared by the editor and the background sync). */
export const localDocName = (cardId: string) => `newsdesk:card:${cardId}`;

let cached: { raw: string | null; ids: readonly string[] } = { raw: null, ids: [] };

function read(): readonly string[] {
  let raw: string | null = null;
  try {
    raw = window.localStorage.getItem(KEY);
  } catch {
    return cached.ids; // storage blocked (private mode): nothing outlives the tab anyway
  }
  if (raw === cached.raw) return cached.ids;
  let ids: string[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) ids = parsed.filter((x): x is string => typeof x === "string").slice(0, 500);
  } catch {
    ids = []; // a broken entry is dropped, not fatal
  }
  cached = { raw, ids };
  return ids;
}

function write(ids: readonly string[]): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(ids));
  } catch {
    return;
  }
  window.dispatchEvent(new Event(CHANGED));
}

/** The cards with unsynced local text, as a stable array (for useSyncExternalStore). */
export const unsyncedCards = (): readonly string[] => (typeof window === "undefined" ? [] : read());

export function markUnsynced(cardId: string): void {
  const ids = read();
  if (!ids.includes(cardId)) write([...ids, cardId]);
}

export function markSynced(cardId: string): void {
  const ids = read();
  if (ids.includes(cardId)) write(ids.filter((id) => id !== cardId));
}

/** Calls `onChange` when the list changes, in this tab or another. */
export function subscribeUnsynced(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => e.key === KEY && onChange();
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onStorage);
  };
}

/** Cards whose editor is open in this tab: their own provider syncs them. */
export const openEditors = new Set<string>();
