/**
 * Cursors and names in a card's text come from the clients' awareness updates, which the
 * server must not take on trust: a viewer could call itself "Admin", or reuse another editor's
 * awareness client id with a higher clock and move that editor's cursor.
 *
 * So each socket owns the awareness client ids it announced first on a card (an id another
 * socket owns is refused), and every state it sends is stamped with its account's name and
 * colour before it is applied and relayed, whatever `user` the client wrote.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { colorFor } from "../../lib/protocol/colors";
import { DomainError } from "../domain/errors";

export interface AwarenessAccount {
  id: string;
  name: string;
}

/** Owners of the awareness client ids of one card: client id → socket id. */
export type AwarenessOwners = Map<number, string>;

function malformed(): DomainError {
  return new DomainError("MALFORMED_UPDATE", "The cursor message could not be read");
}

/**
 * The message re-encoded with every state's `user` set to the account's, after checking that
 * the socket owns (or may claim) each client id in it. Claims are recorded only when the whole
 * message is accepted. Throws FORBIDDEN for another socket's id, MALFORMED_UPDATE for garbage.
 */
export function stampAwareness(message: Uint8Array, socketId: string, account: AwarenessAccount, owners: AwarenessOwners): Uint8Array {
  const entries: { clientId: number; clock: number; state: string }[] = [];
  try {
    const decoder = decoding.createDecoder(message);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      const state = JSON.parse(json) as unknown;
      if (state !== null && (typeof state !== "object" || Array.isArray(state))) throw malformed();
      const stamped = state === null ? null : { ...(state as object), user: { name: account.name, color: colorFor(account.id) } };
      entries.push({ clientId, clock, state: JSON.stringify(stamped) });
    }
  } catch (err) {
    throw err instanceof DomainError ? err : malformed();
  }
  for (const { clientId } of entries) {
    const owner = owners.get(clientId);
    if (owner !== undefined && owner !== socketId) {
      throw new DomainError("FORBIDDEN", "That cursor belongs to another editor's connection");
    }
  }
  for (const { clientId } of entries) owners.set(clientId, socketId);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

/** Forgets the client ids a socket owned on a card (it closed the card or disconnected). */
export function releaseAwareness(owners: AwarenessOwners, socketId: string, clientIds: Iterable<number>): void {
  for (const id of clientIds) if (owners.get(id) === socketId) owners.delete(id);
}
