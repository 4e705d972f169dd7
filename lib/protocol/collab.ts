/**
 * The collaborative-text part of the contract: each card's body is a Yjs document synced over
 * the desk's Socket.IO connection with y-protocols messages (sync step 1, sync step 2, update;
 * awareness). The frequent ones — `collab:sync` and `collab:awareness`, every keystroke and cursor
 * move — travel as base64 text: Socket.IO sends an event carrying binary as two WebSocket frames
 * (a header and an attachment) and rebuilds it on arrival, which cost more than the work on the
 * update itself; text is one frame (about 30 % less CPU per relayed message, measured). The rare,
 * larger ones (collab:open and its answer) stay binary. The server accepts either form from
 * clients. See docs/protocol.md ("Card text").
 */
import { fromBase64, toBase64 } from "lib0/buffer";
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

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A collab message as it goes on the wire: base64 text (see the head of this file). */
export const toWire = (bytes: Uint8Array): string => toBase64(bytes);

/** Bytes of a collab message in either form; throws on text that is not base64. */
export function fromWire(message: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof message !== "string") return message instanceof ArrayBuffer ? new Uint8Array(message) : message;
  if (message.length % 4 !== 0 || !BASE64.test(message)) throw new Error("not base64");
  return fromBase64(message);
}

/** Bytes a message will have once decoded (without decoding it): for size checks before parsing. */
export const wireBytes = (message: unknown): number =>
  typeof message === "string" ? Math.floor((message.length * 3) / 4) : message instanceof Uint8Array || message instanceof ArrayBuffer ? message.byteLength : 0;

/**
 * A collab message from a client: binary (Buffer on Node, ArrayBuffer or Uint8Array in
 * browsers) or base64 text; parsed to bytes.
 */
const ZBinary = (max: number, what: string) =>
  z
    .custom<Uint8Array | ArrayBuffer | string>(
      (v) => v instanceof Uint8Array || v instanceof ArrayBuffer || typeof v === "string",
      `${what} must be binary or base64 text`,
    )
    .refine((v) => wireBytes(v) <= max, `${what} is larger than ${Math.round(max / 1024)} KB`)
    .transform((v, ctx) => {
      try {
        return fromWire(v);
      } catch {
        ctx.addIssue({ code: "custom", message: `${what} is not valid base64` });
        return z.NEVER;
      }
    })
    .refine((v) => v.byteLength > 0, `${what} is empty`);

export const ZCollabOpen = z.object({ cardId: ZId, message: ZBinary(COLLAB_LIMITS.messageBytesMax, "Sync message") });
export const ZCollabSync = ZCollabOpen;
export const ZCollabAwareness = z.object({
  cardId: ZId,
  message: ZBinary(COLLAB_LIMITS.awarenessBytesMax, "Awareness message"),
});
export const ZCollabClose = z.object({ cardId: ZId });

/** A collab message from a client (either form). */
export type CollabMessage = { cardId: string; message: Uint8Array | string };
/** A collab:sync or collab:awareness message from the server: always base64 text. */
export type CollabWireMessage = { cardId: string; message: string };

/** Ack of collab:open: the server's answer to the client's sync step 1, and its own step 1. */
export interface CollabOpened {
  /** Sync step 2: everything the client lacks. */
  syncStep2: Uint8Array;
  /** Sync step 1: the server's state vector; the client answers with what the server lacks. */
  syncStep1: Uint8Array;
  /** Awareness of the others already on the card (cursors, names), if any. */
  awareness: Uint8Array | null;
}
