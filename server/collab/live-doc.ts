/**
 * The types and small helpers of the live card documents (./card-docs.ts): what callers see of
 * a document, what CardDocs keeps per document, and the events it emits.
 */
import * as Y from "yjs";
import { COLLAB_LIMITS } from "../../lib/protocol/collab";
import type { Awareness } from "y-protocols/awareness";
import { DomainError } from "../domain/errors";
import type { HeldAcks } from "./held-acks";
import type { AwarenessOwners } from "./stamp-awareness";
import type { Enqueue } from "../store/serial";
import type { DerivedBodyRecord } from "../store/types";

export interface CardDocsOptions {
  compactEvery?: number;
  unloadAfterMs?: number;
  deriveDelayMs?: number;
  retryDelayMs?: number;
  /** Largest group-commit batch, in updates. */
  maxBatchRows?: number;
  /** How long an ack may wait for the updates its update builds on (./held-acks.ts). */
  heldAckMs?: number;
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
  bodyChanged: [DerivedBodyRecord];
  /** This process stored an update (to tell the other processes). */
  stored: [{ cardId: string; id: number; update: Uint8Array }];
  /** An update stored by another process changed a loaded document (to relay to its editors here). */
  remoteUpdate: [{ cardId: string; update: Uint8Array }];
}

/**
 * Applies a client's update to the live document, or throws and leaves it untouched: refused
 * when the document was dropped (NOT_JOINED), would grow past the size limit (DOC_TOO_LARGE) or
 * is not a Yjs update (MALFORMED_UPDATE). A decodable update can still throw halfway through
 * integrating, after changing the document (e.g. a reference to an item that is not a type):
 * then `drop` discards that state.
 */
export function integrateClientUpdate(entry: Entry, update: Uint8Array, drop: (err: unknown) => void): void {
  const malformed = () => new DomainError("MALFORMED_UPDATE", "The text update could not be read; it was not applied");
  if (entry.broken) throw reopen();
  if (entry.bytes + update.byteLength > COLLAB_LIMITS.docBytesMax) {
    throw new DomainError("DOC_TOO_LARGE", `This card's text would exceed ${COLLAB_LIMITS.docBytesMax / 1024 / 1024} MB`);
  }
  try {
    Y.decodeUpdate(update); // throws on most bytes that are not a Yjs update, before anything changes
  } catch {
    throw malformed();
  }
  try {
    Y.applyUpdate(entry.doc, update, "client");
  } catch (err) {
    drop(err);
    throw malformed();
  }
  entry.bytes += update.byteLength;
  entry.held.check();
}
