/**
 * Every Socket.IO room of the server, named in one place. A broadcast goes to a room; who is in
 * it decides who hears it (server/realtime/broadcasts.ts sends every broadcast that follows a
 * stored change). Card text does not use Socket.IO rooms: its channels gather per card in
 * ./collab-rooms.ts.
 *
 * Desk namespace ("/"):
 * - `story:<id>`   the desks open on a story (joined by `story:join`);
 * - `stories`      the desks watching the story list (`stories:watch`);
 * - `user:<id>`    every desk socket of an account (role change, notifications);
 * - `session:<id>` every desk socket of one sign-in (signing out ends them).
 * Readers' namespace ("/live", lib/protocol/embed.ts LIVE_NAMESPACE):
 * - `live:<storyId>` readers of a story's live page (`live:join`);
 * - `embed:<cardId>` embed frames showing a card (`live:watchCard`).
 */
export const storyRoom = (storyId: string) => `story:${storyId}`;
export const LIST_ROOM = "stories";
export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
export const liveRoom = (storyId: string) => `live:${storyId}`;
export const embedRoom = (cardId: string) => `embed:${cardId}`;

/** Prefixes of the readers' rooms, to find the ones a reader's socket is in. */
export const LIVE_ROOM_PREFIX = "live:";
export const EMBED_ROOM_PREFIX = "embed:";
