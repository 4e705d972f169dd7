/**
 * The collaborative-text part of the contract: each card's body is a Yjs document synced over
 * the desk's Socket.IO connection with y-protocols messages (sync step 1, sync step 2, update;
 * awareness), sent as binary. See docs/protocol.md ("Card text").
 */
import { z } from "zod";
import { ZId } from "./schemas";

export const COLLAB_LIMITS = {
  /** One sync message (a paste of a long article fits; a runaway client does not). */
  messageBytesMax: 256 * 1024,
  /** A card's whole document, snapshot plus stored updates. */
  docBytesMax: 2 * 1024 * 1024,
  /** One awareness message (cursor, selection, name). */
  awarenessBytesMax: 8 * 1024,
  /**
   * Nesting of the card text (blocks in quotes in lists…): a list nested ten deep is twenty
   * levels. Deeper updates are refused (DOC_TOO_DEEP): thousands of levels break every
   * recursive reader of the document, the editors' included.
   */
  nestingDepthMax: 48,
} as const;

/** The Y.XmlFragment of a card document that holds the Tiptap body. */
export const BODY_FIELD = "default";

/** Binary payloads arrive as Buffer on Node and as ArrayBuffer or Uint8Array in browsers. */
const ZBinary = (max: number, what: string) =>
  z
    .custom<Uint8Array>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, `${what} must be binary`)
    .transform((v) => (v instanceof ArrayBuffer ? new Uint8Array(v) : v))
    .refine((v) => v.byteLength > 0, `${what} is empty`)
    .refine((v) => v.byteLength <= max, `${what} is larger than ${Math.round(max / 1024)} KB`);

export const ZCollabOpen = z.object({ cardId: ZId, message: ZBinary(COLLAB_LIMITS.messageBytesMax, "Sync message") });
export const ZCollabSync = ZCollabOpen;
export const ZCollabAwareness = z.object({
  cardId: ZId,
  message: ZBinary(COLLAB_LIMITS.awarenessBytesMax, "Awareness message"),
});
export const ZCollabClose = z.object({ cardId: ZId });

export type CollabMessage = { cardId: string; message: Uint8Array };

/** Ack of collab:open: the server's answer to the client's sync step 1, and its own step 1. */
export interface CollabOpened {
  /** Sync step 2: everything the client lacks. */
  syncStep2: Uint8Array;
  /** Sync step 1: the server's state vector; the client answers with what the server lacks. */
  syncStep1: Uint8Array;
  /** Awareness of the others already on the card (cursors, names), if any. */
  awareness: Uint8Array | null;
}
