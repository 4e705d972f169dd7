/**
 * What the server does with each frame of a card-text channel (./collab-channel.ts): y-protocols
 * sync and awareness per card. An update is relayed to the others on the card as soon as it is
 * applied, and reported stored to its sender (STORED, one frame per batch of acknowledgements)
 * once it is durable. Cursors are relayed lossy.
 *
 * Opening joins the card's room first and then reads the document in its queue: every stored
 * update is either in the OPENED reply or relayed to the opener afterwards, never neither.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import * as sync from "y-protocols/sync";
import * as Y from "yjs";
import { COLLAB_LIMITS } from "../../lib/protocol/collab";
import { encodeServerFrame, FRAME, type ClientFrame } from "../../lib/protocol/collab-frames";
import type { AckError } from "../../lib/protocol/events";
import { ZId } from "../../lib/protocol/schemas";
import type { CardDocs, LiveDoc } from "../collab/card-docs";
import { isEmptyUpdate } from "../collab/card-docs";
import { assertNestingWithinLimit } from "../collab/depth";
import { assertUpdateAllowed, type TextWriteMode } from "../collab/suggestion-guard";
import { releaseAwareness, stampAwareness } from "../collab/stamp-awareness";
import { DomainError } from "../domain/errors";
import { toAckError, requireJoined } from "./command";
import type { CollabRooms, RoomMember } from "./collab-rooms";
import type { DeskSocket } from "./types";

function malformed(): DomainError {
  return new DomainError("MALFORMED_UPDATE", "The sync message could not be read");
}

/** The Yjs update carried by a sync step 2 or update message; rejects anything else. */
function readUpdate(message: Uint8Array): Uint8Array {
  try {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type !== sync.messageYjsSyncStep2 && type !== sync.messageYjsUpdate) throw malformed();
    return decoding.readVarUint8Array(decoder);
  } catch {
    throw malformed();
  }
}

/** The state vector of a sync step 1; rejects anything else, before any document is opened. */
function readStateVector(message: Uint8Array): Uint8Array {
  try {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== sync.messageYjsSyncStep1) throw malformed();
    const stateVector = decoding.readVarUint8Array(decoder);
    Y.decodeStateVector(stateVector);
    return stateVector;
  } catch {
    throw malformed();
  }
}

function checkSize(message: Uint8Array, max: number, what: string): void {
  if (message.byteLength > max) throw new DomainError("PAYLOAD_TOO_LARGE", `${what} is larger than ${max / 1024} KB`);
  if (message.byteLength === 0) throw new DomainError("VALIDATION_FAILED", `${what} is empty`);
}

/** A card id as the desk's commands accept it (anything else is refused before any lookup). */
function checkCardId(cardId: string): void {
  if (!ZId.safeParse(cardId).success) throw new DomainError("VALIDATION_FAILED", "cardId is not a valid id");
}

/** Per open card: the awareness ids it announced, and which of its updates are stored. */
interface OpenCard {
  clientIds: Set<number>;
  /** Every update up to this seq is answered (stored, or refused with an ERROR). */
  answeredUpTo: number | null;
  /** Answered seqs above answeredUpTo (an ack may wait for an earlier update's dependencies). */
  answered: Set<number>;
  reported: number;
}

export interface CollabDeps {
  docs: CardDocs;
  rooms: CollabRooms;
  /**
   * Throws FORBIDDEN when the user may not change this card's text (viewers), and otherwise says
   * how they may: directly, or only by suggesting (contributors past the draft stage).
   */
  mayWrite(desk: DeskSocket, cardId: string): TextWriteMode | Promise<TextWriteMode>;
  /** Cursors for the other processes' editors (a no-op on one process). */
  shareAwareness(cardId: string, message: Uint8Array): void;
}

/**
 * One channel's card-text state and frame handling. Frames are handled one at a time in arrival
 * order (the channel queues them); an update's durable ack does not hold the next frame.
 */
export class CollabSession {
  private readonly cards = new Map<string, OpenCard>();
  private reportScheduled = false;

  constructor(
    private readonly member: RoomMember,
    private readonly desk: DeskSocket,
    private readonly deps: CollabDeps,
  ) {}

  /**
   * Handles one frame; any refusal goes back as an ERROR frame, never as an exception. An update
   * to an open card whose writer's rights are known is handled synchronously (no promise per
   * keystroke); the result is a promise only when something had to be looked up or loaded.
   */
  handle(frame: ClientFrame): Promise<void> | void {
    try {
      const pending = this.dispatch(frame);
      if (pending) return pending.catch((err: unknown) => this.refuseFrame(frame, err));
    } catch (err) {
      this.refuseFrame(frame, err);
    }
  }

  private dispatch(frame: ClientFrame): Promise<void> | void {
    checkCardId(frame.cardId);
    switch (frame.kind) {
      case FRAME.OPEN:
        return this.open(frame.cardId, frame.message);
      case FRAME.UPDATE:
        return this.update(frame.cardId, frame.seq, frame.message);
      case FRAME.AWARENESS:
        return this.awareness(frame.cardId, frame.message);
      case FRAME.CLOSE:
        return this.deps.docs.opened(frame.cardId, this.member.id).then((live) => this.close(frame.cardId, live));
    }
  }

  /** Answers a frame that was refused (cursors and closes are answered by nothing). */
  refuseFrame(frame: ClientFrame, err: unknown): void {
    if (frame.kind === FRAME.AWARENESS || frame.kind === FRAME.CLOSE) return;
    const seq = frame.kind === FRAME.UPDATE ? frame.seq : 0;
    this.refuse(frame.cardId, seq, toAckError(err, { event: frame.kind === FRAME.OPEN ? "collab:open" : "collab:sync", channel: this.member.id }));
  }

  /** Leaves every open card (the channel closed). */
  async closeAll(): Promise<void> {
    await Promise.all(
      [...this.cards.keys()].map(async (cardId) => this.close(cardId, await this.deps.docs.opened(cardId, this.member.id).catch(() => null))),
    );
  }

  private refuse(cardId: string, seq: number, error: AckError): void {
    if (seq > 0) this.answer(cardId, seq);
    this.member.send(encodeServerFrame({ kind: FRAME.ERROR, cardId, seq, error }));
  }

  /** The card's document if this session has it open: at once when it is loaded, else once it is. */
  private openedDoc(cardId: string): LiveDoc | Promise<LiveDoc> {
    const live = this.deps.docs.openedNow(cardId, this.member.id);
    if (live) return live;
    return this.deps.docs.opened(cardId, this.member.id).then((found) => {
      if (!found) throw new DomainError("NOT_JOINED", "Open the card's text before sending changes to it");
      return found;
    });
  }

  private async open(cardId: string, message: Uint8Array): Promise<void> {
    checkSize(message, COLLAB_LIMITS.messageBytesMax, "Sync message");
    const storyId = requireJoined(this.desk.data.storyId);
    // Checked before opening, so a bad message never disturbs a session already open.
    const stateVector = readStateVector(message);
    const { docs, rooms } = this.deps;
    const live = await docs.open(cardId, this.member.id, storyId);
    const wasIn = rooms.has(cardId, this.member);
    rooms.join(cardId, this.member);
    let reply;
    try {
      reply = await docs.read(live, ({ doc, awareness }) => {
        const step2 = encoding.createEncoder();
        sync.writeSyncStep2(step2, doc, stateVector);
        const step1 = encoding.createEncoder();
        sync.writeSyncStep1(step1, doc);
        const others = [...awareness.getStates().keys()];
        return {
          syncStep2: encoding.toUint8Array(step2),
          syncStep1: encoding.toUint8Array(step1),
          awareness: others.length ? encodeAwarenessUpdate(awareness, others) : null,
        };
      });
    } catch (err) {
      if (!wasIn) rooms.leave(cardId, this.member);
      throw err;
    }
    const card = this.cards.get(cardId);
    if (card) card.answeredUpTo = null; // the client numbers on; the next update starts the count again
    else this.cards.set(cardId, { clientIds: new Set(), answeredUpTo: null, answered: new Set(), reported: 0 });
    this.member.send(encodeServerFrame({ kind: FRAME.OPENED, cardId, ...reply }));
  }

  private update(cardId: string, seq: number, message: Uint8Array): Promise<void> | void {
    checkSize(message, COLLAB_LIMITS.messageBytesMax, "Sync message");
    const live = this.openedDoc(cardId);
    if (live instanceof Promise) return live.then((opened) => this.updateOpen(opened, cardId, seq, message));
    return this.updateOpen(live, cardId, seq, message);
  }

  private updateOpen(live: LiveDoc, cardId: string, seq: number, message: Uint8Array): Promise<void> | void {
    // Closed by this session a moment ago (the document may not have forgotten it yet).
    const card = this.cards.get(cardId);
    if (!card) throw new DomainError("NOT_JOINED", "Open the card's text before sending changes to it");
    card.answeredUpTo ??= seq - 1;
    const update = readUpdate(message);
    if (isEmptyUpdate(update)) return this.answer(cardId, seq);
    const mode = this.deps.mayWrite(this.desk, cardId);
    if (mode instanceof Promise) return mode.then((known) => this.apply(live, cardId, seq, update, known));
    this.apply(live, cardId, seq, update, mode);
  }

  private apply(live: LiveDoc, cardId: string, seq: number, update: Uint8Array, mode: TextWriteMode): void {
    // A suggest-only writer's update must be suggestions only (server/collab/suggestion-guard.ts):
    // FORBIDDEN before anything is applied or stored.
    assertUpdateAllowed(live.doc, update, mode);
    assertNestingWithinLimit(live.doc, update); // DOC_TOO_DEEP before anything is applied or stored
    // Applied at once and relayed to the card's editors here (on SQLite at once, on Postgres once
    // its group commit is done: see CardDocs.applyUpdate). The other processes' editors get it
    // from the "collab:stored" announcement (./cross-process.ts). The next frame never waits for
    // the write; the sender's STORED does.
    const durable = this.deps.docs.applyUpdate(live, update, () => this.deps.rooms.relayUpdate(cardId, update, this.member));
    durable.then(
      () => this.answer(cardId, seq),
      (err: unknown) => this.refuse(cardId, seq, toAckError(err, { event: "collab:sync", channel: this.member.id })),
    );
  }

  /** Marks `seq` answered and, once per tick, tells the sender how far its updates are stored. */
  private answer(cardId: string, seq: number): void {
    const card = this.cards.get(cardId);
    if (!card || card.answeredUpTo === null || seq <= card.answeredUpTo) return;
    card.answered.add(seq);
    while (card.answered.delete(card.answeredUpTo + 1)) card.answeredUpTo += 1;
    if (this.reportScheduled) return;
    this.reportScheduled = true;
    setImmediate(() => this.report());
  }

  private report(): void {
    this.reportScheduled = false;
    for (const [cardId, card] of this.cards) {
      if (card.answeredUpTo === null || card.answeredUpTo === card.reported) continue;
      card.reported = card.answeredUpTo;
      this.member.send(encodeServerFrame({ kind: FRAME.STORED, cardId, seq: card.answeredUpTo }));
    }
  }

  private awareness(cardId: string, message: Uint8Array): Promise<void> | void {
    checkSize(message, COLLAB_LIMITS.awarenessBytesMax, "Awareness message");
    const live = this.openedDoc(cardId);
    if (live instanceof Promise) return live.then((opened) => this.awarenessOpen(opened, cardId, message));
    this.awarenessOpen(live, cardId, message);
  }

  private awarenessOpen(live: LiveDoc, cardId: string, message: Uint8Array): void {
    const account = this.desk.data.user;
    if (!account) throw new DomainError("UNAUTHORIZED", "Sign in to use the desk");
    // Names and colours come from the account, and another connection's cursor is not ours to move.
    const stamped = stampAwareness(message, this.member.id, account, live.awarenessOwners);
    const ids = this.cards.get(cardId)?.clientIds;
    type Change = { added: number[]; updated: number[]; removed: number[] };
    const track = ({ added, updated, removed }: Change, origin: unknown) => {
      if (origin !== this.member.id || !ids) return;
      [...added, ...updated].forEach((id) => ids.add(id));
      removed.forEach((id) => ids.delete(id));
    };
    live.awareness.on("update", track);
    try {
      applyAwarenessUpdate(live.awareness, stamped, this.member.id);
    } catch {
      throw malformed();
    } finally {
      live.awareness.off("update", track);
    }
    this.deps.rooms.relayAwareness(cardId, stamped, this.member);
    this.deps.shareAwareness(cardId, stamped);
  }

  private close(cardId: string, live: LiveDoc | null): void {
    const ids = this.cards.get(cardId)?.clientIds;
    this.cards.delete(cardId);
    if (live && ids?.size) {
      releaseAwareness(live.awarenessOwners, this.member.id, ids);
      removeAwarenessStates(live.awareness, [...ids], "server");
      const message = encodeAwarenessUpdate(live.awareness, [...ids]);
      this.deps.rooms.relayAwareness(cardId, message, this.member);
      this.deps.shareAwareness(cardId, message);
    }
    this.deps.rooms.leave(cardId, this.member);
    this.deps.docs.close(cardId, this.member.id);
  }
}
