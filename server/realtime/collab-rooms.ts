/**
 * Who on this process has each card's text open: the card-text channels (./collab-channel.ts)
 * in a room per card. Every frame that goes to "the others on the card" leaves from here, encoded
 * once and sent as the same bytes to each. Other processes' editors get changes from the
 * "collab:stored" announcement (./cross-process.ts) and cursors from "collab:awareness".
 */
import * as encoding from "lib0/encoding";
import * as sync from "y-protocols/sync";
import { encodeServerFrame, FRAME } from "../../lib/protocol/collab-frames";

/** One card-text channel, as the rooms see it. */
export interface RoomMember {
  readonly id: string;
  /** Sends a frame; `lossy` frames (cursors) are dropped while the connection is backed up. */
  send(frame: Uint8Array, lossy?: boolean): void;
}

/** A y-protocols update message carrying `update`. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  sync.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export class CollabRooms {
  private readonly rooms = new Map<string, Set<RoomMember>>();

  join(cardId: string, member: RoomMember): void {
    let room = this.rooms.get(cardId);
    if (!room) this.rooms.set(cardId, (room = new Set()));
    room.add(member);
  }

  leave(cardId: string, member: RoomMember): void {
    const room = this.rooms.get(cardId);
    if (!room) return;
    room.delete(member);
    if (room.size === 0) this.rooms.delete(cardId);
  }

  has(cardId: string, member: RoomMember): boolean {
    return this.rooms.get(cardId)?.has(member) ?? false;
  }

  /** How many channels here have the card open (tests, metrics). */
  size(cardId: string): number {
    return this.rooms.get(cardId)?.size ?? 0;
  }

  /** A change to the card's text, to everyone on it here but `except` (its sender). */
  relayUpdate(cardId: string, update: Uint8Array, except?: RoomMember): void {
    const room = this.rooms.get(cardId);
    if (!room || (room.size === 1 && except && room.has(except))) return;
    const frame = encodeServerFrame({ kind: FRAME.SYNC, cardId, message: updateMessage(update) });
    for (const member of room) if (member !== except) member.send(frame);
  }

  /** Cursors and names: lossy, like Socket.IO's volatile events. */
  relayAwareness(cardId: string, message: Uint8Array, except?: RoomMember): void {
    const room = this.rooms.get(cardId);
    if (!room) return;
    const frame = encodeServerFrame({ kind: FRAME.AWARENESS, cardId, message });
    for (const member of room) if (member !== except) member.send(frame, true);
  }
}
