/**
 * The collaborative-text part of the contract: each card's body is a Yjs document synced with
 * y-protocols messages (sync step 1, sync step 2, update; awareness) over the card-text channel,
 * a WebSocket of its own next to the desk's Socket.IO connection (frames: ./collab-frames.ts).
 * See docs/protocol.md ("Card text").
 */

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

/** The OPENED answer (./collab-frames.ts): the server's answer to the client's sync step 1, and its own step 1. */
export interface CollabOpened {
  /** Sync step 2: everything the client lacks. */
  syncStep2: Uint8Array;
  /** Sync step 1: the server's state vector; the client answers with what the server lacks. */
  syncStep1: Uint8Array;
  /** Awareness of the others already on the card (cursors, names), if any. */
  awareness: Uint8Array | null;
}
