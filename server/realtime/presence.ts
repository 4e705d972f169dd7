/**
 * Who is on a story and which card each is editing. Read from the sockets in the story room
 * (`fetchSockets`), so it stays right when several processes share rooms through an adapter.
 * The full list travels as a normal (reliable) broadcast: it is small and changes rarely, and a
 * dropped one would leave someone who left on everyone's list until the next change.
 */
import type { Member } from "../../lib/protocol/schemas";
import { loggerFor } from "../logger";
import { storyRoom, type DeskServer } from "./types";

const log = loggerFor("realtime");

/**
 * Everyone on the story, on every process. When the other processes cannot be asked (Redis is
 * down, or one of them does not answer in time) the answer is this process's sockets only:
 * joining a story must keep working on each process by itself.
 */
export async function membersOf(io: DeskServer, storyId: string): Promise<Member[]> {
  let sockets;
  try {
    sockets = await io.in(storyRoom(storyId)).fetchSockets();
  } catch (err) {
    log.warn({ err: (err as Error).message, storyId }, "other processes did not answer; presence of this process only");
    sockets = await io.local.in(storyRoom(storyId)).fetchSockets();
  }
  return sockets
    .filter((s) => s.data.user && s.data.clientId)
    .map((s) => ({ clientId: s.data.clientId!, name: s.data.user!.name, userId: s.data.user!.id, editingCardId: s.data.editingCardId }));
}

export async function broadcastPresence(io: DeskServer, storyId: string): Promise<void> {
  try {
    const members = await membersOf(io, storyId);
    io.to(storyRoom(storyId)).emit("presence:changed", { storyId, members });
  } catch (err) {
    log.warn({ err, storyId }, "presence broadcast failed");
  }
}
