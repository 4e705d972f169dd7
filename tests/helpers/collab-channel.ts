/**
 * The card-text channel (lib/collab/collab-channel.ts) from Node, as tests and benchmarks use it:
 * the `ws` package stands in for the browser's WebSocket and sends the session cookie the
 * browser would.
 */
import WebSocket from "ws";
import { CollabChannel, type ChannelOptions, type DeskConnection, type WebSocketLike } from "../../lib/collab/collab-channel";

export function nodeChannel(desk: DeskConnection, baseUrl: string, cookie: string, options: Omit<ChannelOptions, "baseUrl" | "createSocket"> = {}): CollabChannel {
  return new CollabChannel(desk, {
    baseUrl,
    createSocket: (url) => new WebSocket(url, { headers: { cookie } }) as unknown as WebSocketLike,
    ...options,
  });
}

/** Resolves once the channel is open (start() it first). */
export function whenChannelOpen(channel: CollabChannel, timeoutMs = 10_000): Promise<void> {
  if (channel.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`card-text channel not open after ${timeoutMs} ms`));
    }, timeoutMs);
    const off = channel.onConnect(() => {
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}
