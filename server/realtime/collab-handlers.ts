/**
 * Socket.IO handlers for card text: y-protocols sync and awareness messages, binary, per card
 * room. An update is relayed to the others on the card as soon as it is applied, and acknowledged
 * to its sender once it is stored. Cursors travel as volatile (lossy) broadcasts.
 *
 * Opening joins the card's room first and then reads the document in its queue: every stored
 * update is either in the reply or broadcast to the opener afterwards, never neither.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import * as sync from "y-protocols/sync";
import * as Y from "yjs";
import { COLLAB_LIMITS, toWire, wireBytes, ZCollabAwareness, ZCollabClose, ZCollabOpen, ZCollabSync } from "../../lib/protocol/collab";
import type { CardDocs, LiveDoc } from "../collab/card-docs";
import { releaseAwareness, stampAwareness } from "../collab/stamp-awareness";
import { isEmptyUpdate } from "../collab/card-docs";
import { assertNestingWithinLimit } from "../collab/depth";
import { assertUpdateAllowed, type TextWriteMode } from "../collab/suggestion-guard";
import { DomainError } from "../domain/errors";
import { loggerFor } from "../logger";
import { ackOf, command, requireJoined } from "./command";
import type { Enqueue } from "../store/serial";
import type { DeskSocket } from "./types";

const log = loggerFor("collab");

export const cardRoom = (cardId: string) => `card:${cardId}`;

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

/**
 * A sync message over the limit gets PAYLOAD_TOO_LARGE, as the event guard answers one a little
 * larger (its ceiling adds 1 KB for the rest of the payload); zod alone would say VALIDATION_FAILED.
 */
function sizeChecked(inOrder: Enqueue, handler: (...args: unknown[]) => Promise<void>) {
  return (...args: unknown[]): Promise<void> => {
    const message = (args[0] as { message?: unknown } | undefined)?.message;
    if (wireBytes(message) <= COLLAB_LIMITS.messageBytesMax) return handler(...args);
    const ack = ackOf(args.at(-1));
    return inOrder(async () =>
      ack({
        ok: false,
        error: { code: "PAYLOAD_TOO_LARGE", message: `Sync message is larger than ${COLLAB_LIMITS.messageBytesMax / 1024} KB` },
      }),
    );
  };
}

/** A y-protocols update message carrying `update`, as it is relayed: base64 text (lib/protocol/collab.ts). */
export function wireUpdate(update: Uint8Array): string {
  const encoder = encoding.createEncoder();
  sync.writeUpdate(encoder, update);
  return toWire(encoding.toUint8Array(encoder));
}

/**
 * `mayWrite` throws FORBIDDEN when the socket's user may not change this card's text (viewers),
 * and otherwise says how they may: directly, or only by suggesting (contributors past the draft
 * stage). Reading is open to everyone on the story.
 */
export function registerCollabHandlers(
  socket: DeskSocket,
  docs: CardDocs,
  inOrder: Enqueue,
  mayWrite: (cardId: string) => Promise<TextWriteMode>,
): void {
  /** Awareness client ids each open card received from this socket, to clear them when it leaves. */
  const clientIds = new Map<string, Set<number>>();

  async function openedDoc(cardId: string): Promise<LiveDoc> {
    const live = await docs.opened(cardId, socket.id);
    if (!live) throw new DomainError("NOT_JOINED", "Open the card's text before sending changes to it");
    return live;
  }

  function leave(cardId: string, live: LiveDoc | null): void {
    const ids = clientIds.get(cardId);
    clientIds.delete(cardId);
    if (live && ids?.size) {
      releaseAwareness(live.awarenessOwners, socket.id, ids);
      removeAwarenessStates(live.awareness, [...ids], "server");
      const message = encodeAwarenessUpdate(live.awareness, [...ids]);
      socket.to(cardRoom(cardId)).volatile.emit("collab:awareness", { cardId, message: toWire(message) });
    }
    void socket.leave(cardRoom(cardId));
    docs.close(cardId, socket.id);
  }

  socket.on(
    "collab:open",
    sizeChecked(
      inOrder,
      command(inOrder, "collab:open", ZCollabOpen, async ({ cardId, message }) => {
        const storyId = requireJoined(socket.data.storyId);
        // Checked before opening, so a bad message never disturbs a session already open.
        const stateVector = readStateVector(message);
        const live = await docs.open(cardId, socket.id, storyId);
        const wasIn = socket.rooms.has(cardRoom(cardId));
        await socket.join(cardRoom(cardId));
        let data;
        try {
          data = await docs.read(live, ({ doc, awareness }) => {
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
          if (!wasIn) void socket.leave(cardRoom(cardId));
          throw err;
        }
        if (!clientIds.has(cardId)) clientIds.set(cardId, new Set());
        return { data };
      }),
    ),
  );

  socket.on(
    "collab:sync",
    sizeChecked(
      inOrder,
      command(inOrder, "collab:sync", ZCollabSync, async ({ cardId, message }) => {
        const live = await openedDoc(cardId);
        const update = readUpdate(message);
        if (isEmptyUpdate(update)) return { data: { stored: false } };
        const mode = await mayWrite(cardId);
        // --- Suggestion mode (issue 16): a suggest-only writer's update must be suggestions only.
        // Transport-independent; refuses with FORBIDDEN before anything is applied or stored.
        assertUpdateAllowed(live.doc, update, mode);
        // --- end suggestion mode
        assertNestingWithinLimit(live.doc, update); // DOC_TOO_DEEP before anything is applied or stored
        // Applied at once, and relayed to every editor of the card on every process (through
        // the adapter): on SQLite at once, on Postgres once its group commit is done (see
        // CardDocs.applyUpdate). This socket's next event never waits for the write; the
        // sender's ack does. The other processes' live documents take it in from the
        // "collab:stored" announcement (./cross-process.ts), which also relays it again to their
        // editors — a duplicate Yjs ignores, and the one that reaches an editor who opened the
        // card in between.
        const durable = docs.applyUpdate(live, update, () =>
          socket.to(cardRoom(cardId)).emit("collab:sync", { cardId, message: wireUpdate(update) }),
        );
        return { later: durable.then(() => ({ stored: true })) };
      }),
    ),
  );

  socket.on(
    "collab:awareness",
    command(inOrder, "collab:awareness", ZCollabAwareness, async ({ cardId, message }) => {
      const live = await openedDoc(cardId);
      const account = socket.data.user;
      if (!account) throw new DomainError("UNAUTHORIZED", "Sign in to use the desk");
      // Names and colours come from the account, and another connection's cursor is not ours to move.
      const stamped = stampAwareness(message, socket.id, account, live.awarenessOwners);
      const ids = clientIds.get(cardId);
      type Change = { added: number[]; updated: number[]; removed: number[] };
      const track = ({ added, updated, removed }: Change, origin: unknown) => {
        if (origin !== socket.id || !ids) return;
        [...added, ...updated].forEach((id) => ids.add(id));
        removed.forEach((id) => ids.delete(id));
      };
      live.awareness.on("update", track);
      try {
        applyAwarenessUpdate(live.awareness, stamped, socket.id);
      } catch {
        throw malformed();
      } finally {
        live.awareness.off("update", track);
      }
      return {
        data: null,
        broadcast: () => socket.to(cardRoom(cardId)).volatile.emit("collab:awareness", { cardId, message: toWire(stamped) }),
      };
    }),
  );

  socket.on(
    "collab:close",
    command(inOrder, "collab:close", ZCollabClose, async ({ cardId }) => {
      leave(cardId, await docs.opened(cardId, socket.id));
      return { data: null };
    }),
  );

  // Rooms are still known while disconnecting (they are gone by "disconnect").
  socket.on("disconnecting", () => {
    for (const cardId of clientIds.keys()) {
      void docs.opened(cardId, socket.id).then(
        (live) => leave(cardId, live),
        (err) => log.warn({ err, cardId }, "leaving a card failed"),
      );
    }
  });
}
