/**
 * The first middleware every desk event meets: an event name outside the contract gets
 * UNKNOWN_EVENT and an oversized payload PAYLOAD_TOO_LARGE, both as an error ack, before any
 * handler or database work.
 */
import { CLIENT_EVENTS } from "../../lib/protocol/events";
import { LIMITS } from "../../lib/protocol/schemas";
import { STORY_LIMITS } from "../../lib/protocol/stories";
import { logContext, loggerFor } from "../logger";
import { metrics } from "../ops/metrics";
import { ackOf } from "./command";
import type { DeskSocket } from "./types";

const log = loggerFor("realtime");
const known = new Set<string>(CLIENT_EVENTS);

/** Transport ceiling: a frame above this closes the connection (Socket.IO's own rule). */
export const MAX_FRAME_BYTES = 1_000_000;

/** Per-event ceilings: the events that carry a pasted article (UTF-8 and JSON escapes) may be larger than a card command. */
const EVENT_BYTES: Record<string, number> = {
  "story:propose": STORY_LIMITS.articleBytesMax * 2 + 1024,
  "story:create": STORY_LIMITS.articleBytesMax * 2 + 64 * 1024,
};

/** Size of an event's arguments: binary parts by their length, the rest as JSON. */
function payloadBytes(args: unknown[]): number {
  let binary = 0;
  try {
    const json = JSON.stringify(
      args.filter((a) => typeof a !== "function"),
      (_key, value: unknown) => {
        if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
          binary += value.byteLength;
          return null;
        }
        // Buffer.toJSON runs before the replacer sees it: count the serialised form's bytes.
        if ((value as { type?: unknown })?.type === "Buffer" && Array.isArray((value as { data?: unknown }).data)) {
          binary += (value as { data: unknown[] }).data.length;
          return null;
        }
        return value;
      },
    );
    return binary + Buffer.byteLength(json ?? "");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export function gateEvents(socket: DeskSocket): void {
  socket.use(([event, ...args], next) => {
    const ack = ackOf(args.at(-1));
    metrics.events.inc({ event: known.has(event) ? event : "unknown" });
    if (!known.has(event)) {
      log.warn({ event: String(event).slice(0, 64), socket: socket.id }, "unknown event");
      ack({ ok: false, error: { code: "UNKNOWN_EVENT", message: `Unknown event "${String(event).slice(0, 64)}"` } });
      return;
    }
    const limit = EVENT_BYTES[event] ?? LIMITS.eventBytesMax;
    if (payloadBytes(args) > limit) {
      ack({ ok: false, error: { code: "PAYLOAD_TOO_LARGE", message: `Payload is larger than ${Math.floor(limit / 1024)} KB` } });
      return;
    }
    // Every line logged while handling the event names its socket.
    logContext.run({ socket: socket.id }, () => next());
  });
}
