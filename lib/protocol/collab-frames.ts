/**
 * The card-text channel's wire format. Card text travels on its own WebSocket (`/collab`), next
 * to the desk's Socket.IO connection: every keystroke is one binary frame each way, as in
 * y-websocket and Hocuspocus, instead of a Socket.IO event with its JSON header, ack id and
 * callback. One channel per desk tab carries all the cards it has open (multiplexed by card id,
 * like Hocuspocus's document name prefix).
 *
 * Every frame is `varUint kind · varString cardId · body` (lib0 encoding), body by kind:
 *
 * client → server
 * - OPEN       varUint8Array sync step 1 (the client's state vector)
 * - UPDATE     varUint seq · varUint8Array sync step 2 or update message
 * - AWARENESS  varUint8Array awareness update
 * - CLOSE      (nothing)
 *
 * server → client
 * - OPENED     varUint8Array step 2 (what the client lacks) · step 1 (the server's state vector) ·
 *              awareness of the others (empty when none)
 * - SYNC       varUint8Array update message (another editor's change)
 * - AWARENESS  varUint8Array awareness update
 * - STORED     varUint seq: every UPDATE of this card up to `seq` on this channel is durable (sent
 *              once per batch of acknowledgements, not per update)
 * - ERROR      varUint seq (0: the OPEN) · varString code · varString message — a refusal; the
 *              card's later updates are not stored until the client opens it again
 *
 * `seq` numbers a channel's UPDATEs for one card from 1. See docs/protocol.md ("Card text").
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { AckError, ErrorCode } from "./events";

/** The path of the card-text WebSocket; `?sid=` names the desk socket it belongs to. */
export const COLLAB_PATH = "/collab";

export const FRAME = {
  OPEN: 0,
  UPDATE: 1,
  AWARENESS: 2,
  CLOSE: 3,
  OPENED: 10,
  SYNC: 11,
  STORED: 13,
  ERROR: 14,
} as const;

/**
 * Close codes of the channel (4000–4999 are the application's): the client reconnects after the
 * first two only once its desk socket is connected again.
 */
export const COLLAB_CLOSE = {
  /** The desk socket this channel belongs to disconnected (or was never on this process). */
  DESK_GONE: 4000,
  /** Session expired or signed out. */
  UNAUTHORIZED: 4001,
  /** A frame that could not be read at all (not even its kind and card). */
  MALFORMED: 4002,
} as const;

export type ClientFrame =
  | { kind: typeof FRAME.OPEN; cardId: string; message: Uint8Array }
  | { kind: typeof FRAME.UPDATE; cardId: string; seq: number; message: Uint8Array }
  | { kind: typeof FRAME.AWARENESS; cardId: string; message: Uint8Array }
  | { kind: typeof FRAME.CLOSE; cardId: string };

export type ServerFrame =
  | { kind: typeof FRAME.OPENED; cardId: string; syncStep2: Uint8Array; syncStep1: Uint8Array; awareness: Uint8Array | null }
  | { kind: typeof FRAME.SYNC; cardId: string; message: Uint8Array }
  | { kind: typeof FRAME.AWARENESS; cardId: string; message: Uint8Array }
  | { kind: typeof FRAME.STORED; cardId: string; seq: number }
  | { kind: typeof FRAME.ERROR; cardId: string; seq: number; error: AckError };

function frame(kind: number, cardId: string, body: (e: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarString(encoder, cardId);
  body(encoder);
  return encoding.toUint8Array(encoder);
}

export function encodeClientFrame(f: ClientFrame): Uint8Array {
  return frame(f.kind, f.cardId, (e) => {
    if (f.kind === FRAME.UPDATE) encoding.writeVarUint(e, f.seq);
    if (f.kind !== FRAME.CLOSE) encoding.writeVarUint8Array(e, f.message);
  });
}

export function encodeServerFrame(f: ServerFrame): Uint8Array {
  return frame(f.kind, f.cardId, (e) => {
    switch (f.kind) {
      case FRAME.OPENED:
        encoding.writeVarUint8Array(e, f.syncStep2);
        encoding.writeVarUint8Array(e, f.syncStep1);
        encoding.writeVarUint8Array(e, f.awareness ?? new Uint8Array(0));
        return;
      case FRAME.SYNC:
      case FRAME.AWARENESS:
        encoding.writeVarUint8Array(e, f.message);
        return;
      case FRAME.STORED:
        encoding.writeVarUint(e, f.seq);
        return;
      case FRAME.ERROR:
        encoding.writeVarUint(e, f.seq);
        encoding.writeVarString(e, f.error.code);
        encoding.writeVarString(e, f.error.message);
        return;
    }
  });
}

/** Reads a client frame; throws on anything malformed (unknown kind, truncated, trailing bytes). */
export function decodeClientFrame(bytes: Uint8Array): ClientFrame {
  const d = decoding.createDecoder(bytes);
  const kind = decoding.readVarUint(d);
  const cardId = decoding.readVarString(d);
  let f: ClientFrame;
  switch (kind) {
    case FRAME.OPEN:
    case FRAME.AWARENESS:
      f = { kind, cardId, message: decoding.readVarUint8Array(d) };
      break;
    case FRAME.UPDATE: {
      const seq = decoding.readVarUint(d);
      f = { kind, cardId, seq, message: decoding.readVarUint8Array(d) };
      break;
    }
    case FRAME.CLOSE:
      f = { kind, cardId };
      break;
    default:
      throw new Error(`unknown frame kind ${kind}`);
  }
  if (decoding.hasContent(d)) throw new Error("trailing bytes");
  return f;
}

/** Reads a server frame; throws on anything malformed. */
export function decodeServerFrame(bytes: Uint8Array): ServerFrame {
  const d = decoding.createDecoder(bytes);
  const kind = decoding.readVarUint(d);
  const cardId = decoding.readVarString(d);
  switch (kind) {
    case FRAME.OPENED: {
      const syncStep2 = decoding.readVarUint8Array(d);
      const syncStep1 = decoding.readVarUint8Array(d);
      const awareness = decoding.readVarUint8Array(d);
      return { kind, cardId, syncStep2, syncStep1, awareness: awareness.byteLength ? awareness : null };
    }
    case FRAME.SYNC:
    case FRAME.AWARENESS:
      return { kind, cardId, message: decoding.readVarUint8Array(d) };
    case FRAME.STORED:
      return { kind, cardId, seq: decoding.readVarUint(d) };
    case FRAME.ERROR: {
      const seq = decoding.readVarUint(d);
      const code = decoding.readVarString(d) as ErrorCode;
      return { kind, cardId, seq, error: { code, message: decoding.readVarString(d) } };
    }
    default:
      throw new Error(`unknown frame kind ${kind}`);
  }
}
