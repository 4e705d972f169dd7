/**
 * The live page's fallback when its WebSocket cannot open (a proxy or firewall that refuses it):
 * the cached feed API (/api/stories/:slug/updates) every POLL_MS, with If-None-Match, so a CDN or
 * the server answers an unchanged feed with an empty 304. What other publishers do all the time,
 * we do only for readers who cannot be pushed to.
 */
import type { FeedState } from "@/lib/protocol/feed";

/** How often a reader without a socket asks for the feed (ms), give or take a second of jitter. */
export const POLL_MS = 10_000;

export interface Poller {
  stop(): void;
}

/** Polls within 3 s and then every POLL_MS; `onPage` gets each changed first page of the feed. */
export function startPolling(slug: string, onPage: (page: FeedState) => void): Poller {
  let etag: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  async function poll(): Promise<void> {
    try {
      const res = await fetch(`/api/stories/${encodeURIComponent(slug)}/updates`, {
        headers: etag ? { "If-None-Match": etag } : {},
        // Our own If-None-Match, passed through: the browser cache must not answer in between.
        cache: "no-store",
      });
      if (res.status === 200 && !stopped) {
        etag = res.headers.get("ETag");
        onPage((await res.json()) as FeedState);
      }
    } catch {
      // Offline for a moment: the next round tries again, and the reader is not alarmed.
    }
    if (!stopped) timer = setTimeout(() => void poll(), POLL_MS - 1_000 + Math.random() * 2_000);
  }
  // The first round within a few seconds, at random: readers cut off together do not all ask at once.
  timer = setTimeout(() => void poll(), Math.random() * 3_000);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
