/**
 * The protocol's version numbers, in a module of their own: the readers' live page and the embed
 * frame need them, and must not pull the desk's contract (and zod with it) into their small scripts
 * (tests/live-page-budget.test.ts, tests/embed-budget.test.ts).
 */

/**
 * Sent by the client in the handshake (`auth.protocol`); a mismatch is refused at connect (the
 * page is told to reload). 2: collab:sync and collab:awareness became base64 text. 3: card text
 * left the desk socket for its own WebSocket (./collab-frames.ts), which checks the same number.
 * The public /live namespace has not changed since 1 and accepts every version
 * (LIVE_PROTOCOL_VERSIONS), so embeds cached on partner sites keep working.
 */
export const PROTOCOL_VERSION = 3;
export const LIVE_PROTOCOL_VERSIONS: readonly number[] = [1, 2, 3];
