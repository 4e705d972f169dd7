/**
 * The types and small helpers of the live card documents (./card-docs.ts): what callers see of
 * a document, what CardDocs keeps per document, and the events it emits.
 */
import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { DomainError } from "../domain/errors";
import type { HeldAcks } from "./held-acks";
import type { AwarenessOwners } from "./stamp-awareness";
import type { Enqueue } from "../store/serial";
import type { CardRecord } from "../store/types";

export interface CardDocsOptions {
  compactEvery?: number;
  unloadAfterMs?: number;
  deriveDelayMs?: number;
  retryDelayMs?: number;
  /** Largest group-commit batch, in updates. */
  maxBatchRows?: number;
}

export interface LiveDoc {
  readonly cardId: string;
  readonly storyId: string;
  readonly doc: Y.Doc;
  /** Cursors and names of the people on the card; the server holds no state of its own. */
  readonly awareness: Awareness;
  /** Which socket owns each awareness client id on this process (./stamp-awareness.ts). */
  readonly awarenessOwners: AwarenessOwners;
}

/** What CardDocs keeps per loaded document. */
export interface Entry extends LiveDoc {
  queue: Enqueue;
  /** Dropped after a failure: holds state the store may not have. */
  broken: boolean;
  /** Ids of the log rows applied to `doc` (loaded, stored here, or announced by other processes). */
  seen: Set<number>;
  /** The snapshot mark last applied; a different stored mark means a snapshot to read. */
  mark: string | null;
  sinceSnapshot: number;
  bytes: number;
  users: Set<string>;
  derived: string;
  deriveDirty: boolean;
  deriveTimer?: NodeJS.Timeout;
  /** Settles once the last update applied here is stored or failed (never rejects). */
  tail: Promise<void>;
  compactQueued: boolean;
  /** Acks waiting for updates their update builds on (./held-acks.ts). */
  held: HeldAcks;
  unloadTimer?: NodeJS.Timeout;
}

/** An empty Yjs update (no structs, empty delete set): nothing to store or send. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.byteLength <= 2 && update.every((b) => b === 0);
}

/** The answer to an editor of a dropped document: its provider opens the card again. */
export const reopen = () => new DomainError("NOT_JOINED", "The card's text was reloaded; open it again");

/** Origin of updates other processes stored; only those are reported as "remoteUpdate". */
export const REMOTE = Symbol("stored elsewhere");

export interface CardDocsEvents {
  /** A card's derived text was stored. */
  bodyChanged: [CardRecord];
  /** This process stored an update (to tell the other processes). */
  stored: [{ cardId: string; id: number; update: Uint8Array }];
  /** An update stored by another process changed a loaded document (to relay to its editors here). */
  remoteUpdate: [{ cardId: string; update: Uint8Array }];
}
