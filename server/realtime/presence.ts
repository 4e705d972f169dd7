/**
 * Who is on a story and which card each is editing. The full list is read from the sockets in
 * the story room (`fetchSockets`, so it stays right when several processes share rooms through
 * an adapter) only for the one who joins, in the join ack. Everyone else hears changes: one
 * member joined or changed (`presence:joined`) or left (`presence:left`), so a join costs one
 * small message per person on the story, not the whole list to everyone (quadratic in editors).
 * Changes travel as normal (reliable) broadcasts: a dropped "left" would leave someone who left
 * on everyone's list.
 */
import type { Member } from "../../lib/protocol/schemas";
import type { SocketData } from "./types";
import { loggerFor } from "../logger";
import { socketsEverywhere } from "./every-process";
import { storyRoom } from "./rooms";
import type { DeskServer } from "./types";

const log = loggerFor("realtime");

/**
 * Everyone on the story, on every process. When the other processes cannot be asked (Redis is
 * down, or one of them does not answer in time) the answer is this process's sockets only:
 * joining a story must keep working on each process by itself.
 */
export async function membersOf(io: DeskServer, storyId: string): Promise<Member[]> {
  const sockets = await socketsEverywhere(io, storyRoom(storyId));
  return sockets.map((s) => memberOf(s.data)).filter((m): m is Member => m !== null);
}

/** A socket as the member list shows it (null before it joined a story). */
export function memberOf(data: SocketData): Member | null {
  if (!data.user || !data.clientId) return null;
  return { clientId: data.clientId, name: data.user.name, userId: data.user.id, editingCardId: data.editingCardId };
}

/** Tells the story's other sockets that this socket joined or changed what it is editing. */
export function announceMember(io: DeskServer, storyId: string, data: SocketData): void {
  const member = memberOf(data);
  if (member) io.to(storyRoom(storyId)).emit("presence:joined", { storyId, member });
}

/**
 * Tells the story that a client left, unless another connection with the same client id (the
 * same tab, reconnected before its old connection closed) is still on it.
 */
export async function announceLeft(io: DeskServer, storyId: string, clientId: string | null): Promise<void> {
  if (!clientId) return;
  try {
    const still = (await membersOf(io, storyId)).some((m) => m.clientId === clientId);
    if (!still) io.to(storyRoom(storyId)).emit("presence:left", { storyId, clientId });
  } catch (err) {
    log.warn({ err, storyId }, "presence broadcast failed");
  }
}
