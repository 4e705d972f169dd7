/**
 * Storage of the cards' collaborative text (server/collab/card-docs.ts is its one user): the
 * snapshot and the update log of each card, compaction, and the derived plain text and HTML.
 */
import type { CardRecord } from "./types";

/** What a derived-text write returns: enough for the desks' card previews, read in the same statement. */
export type DerivedBodyRecord = Pick<CardRecord, "id" | "storyId" | "title" | "summary" | "body" | "bodyHtml" | "publishedKey" | "updatedAt">;

/** A card's text as stored: the snapshot and the updates stored after it, oldest first. */
export interface StoredDoc {
  state: Uint8Array | null;
  throughId: number;
  /** Changes whenever the snapshot is rewritten; null without a snapshot. */
  mark: string | null;
  updates: { id: number; update: Uint8Array }[];
  /** The card's plain-text body: the starting text of a card that has no document yet. */
  body: string;
  storyId: string;
}

/** What a card's log holds now: the ids of its rows and the mark of its snapshot. */
export interface DocLogState {
  ids: number[];
  mark: string | null;
}

/**
 * Persistence of the cards' Yjs documents (server/collab). Several processes may share it: the
 * document is the snapshot plus every row of the log, whatever the rows' ids.
 */
export interface DocStore {
  /**
   * How many appends may be handed over at once. Unbounded when the store runs them one after
   * another in call order and gathers what waits (SQLite's single queue, ./paced-commits.ts): a
   * batch is then handed over as soon as it is formed, so a read issued later sees it. One
   * otherwise: the next batch gathers while one is in flight, and concurrent transactions could
   * commit out of order (a crash in between would leave a stored update whose predecessor is
   * not: never acked, but unreadable alone).
   */
  readonly maxWritesInFlight: number;
  /**
   * True when a read issued after an append was handed over always sees it (SQLite: every call
   * runs in one queue). Then card text is relayed to other editors before it is stored;
   * otherwise once its batch is committed (./collab/card-docs.ts).
   */
  readonly readsFollowWrites: boolean;
  /** Null when the card does not exist or is deleted. */
  loadDoc(cardId: string): Promise<StoredDoc | null>;
  /** Stores the first snapshot of a card's text; false when the card already has one. */
  createDoc(cardId: string, state: Uint8Array): Promise<boolean>;
  /**
   * Appends updates (of any cards) to the log in one transaction; resolves with their ids, in
   * the same order, once they are durable. All or none are stored.
   */
  appendUpdates(rows: { cardId: string; update: Uint8Array }[]): Promise<number[]>;
  /**
   * Folds the stored snapshot and the log rows it reads into a new snapshot and deletes exactly
   * those rows, atomically, one compaction of a card at a time (whichever process runs it).
   * Null when the card has no snapshot; `bytes` and `throughId` (the last row folded) are null
   * when there was nothing to fold.
   */
  compactDoc(cardId: string): Promise<{ folded: number; bytes: number | null; throughId: number | null } | null>;
  /** The log row ids and snapshot mark of each card (for catching up with other processes). */
  logState(cardIds: string[]): Promise<Map<string, DocLogState>>;
  /** Those of the given log rows that still exist. */
  readUpdates(cardId: string, ids: number[]): Promise<{ id: number; update: Uint8Array }[]>;
  readSnapshot(cardId: string): Promise<{ state: Uint8Array; mark: string } | null>;
  /** Writes the body derived from the document; null when the card is gone or nothing changed. */
  saveDerivedBody(cardId: string, body: string, bodyHtml: string): Promise<DerivedBodyRecord | null>;
}
