/**
 * Several server processes share Socket.IO rooms through Redis: the official Redis adapter
 * (@socket.io/redis-adapter) over two node-redis connections, one to publish and one held in
 * subscriber mode.
 *
 * Redis may go away and come back. While it is away each process keeps serving its own clients
 * (local broadcasts still happen; only cross-process delivery stops), so:
 * - the publishing connection does not queue commands while offline (a long outage would pile
 *   up stale broadcasts and replay them late); a publish that fails is counted and dropped —
 *   the adapter fires publishes without waiting for them, so they are caught here;
 * - the subscriber keeps its queue: node-redis subscribes again by itself on reconnect;
 * - `onRecovered` tells the process that announcements may have been missed (see
 *   server/collab/cross-process.ts, which catches up from the database).
 */
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { loggerFor } from "../logger";
import { metrics } from "../ops/metrics";

const log = loggerFor("redis");

export interface ClusterOptions {
  url: string;
  /** Prefix of the Redis channels; processes that should share rooms use the same one. */
  keyPrefix: string;
  /** How long cross-process requests (fetchSockets) wait for the other processes. */
  requestsTimeoutMs?: number;
}

export interface Cluster {
  /** The adapter constructor to hand to Socket.IO. */
  readonly adapter: ReturnType<typeof createAdapter>;
  /** The command connection (no offline queue), shared with the rate limits. */
  readonly client: unknown;
  readonly keyPrefix: string;
  /** True when both connections are up. */
  isUp(): boolean;
  /** Round trip to Redis in ms; throws when it does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<number>;
  /** Called each time Redis is reachable again after an outage. */
  onRecovered(listener: () => void): void;
  close(): Promise<void>;
}

const retryIn = (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects to Redis and builds the adapter. Resolves once both connections are up, or after
 * `graceMs` even if they are not (the process starts anyway, serving its own clients, and
 * reports itself not ready until Redis answers).
 */
export async function connectCluster(options: ClusterOptions, graceMs = 5_000): Promise<Cluster> {
  const socket = { reconnectStrategy: retryIn, connectTimeout: 2_000 };
  const pub = createClient({ url: options.url, socket, disableOfflineQueue: true });
  const sub = createClient({ url: options.url, socket });
  const recovered = new Set<() => void>();
  let down = false;

  for (const [role, client] of [["publish", pub], ["subscribe", sub]] as const) {
    client.on("error", (err: Error) => {
      metrics.errors.inc({ kind: "redis" });
      if (!down) log.warn({ role, err: err.message }, "Redis connection lost; serving local clients only until it returns");
      down = true;
      metrics.redisUp.set(0);
    });
    client.on("ready", () => {
      if (!pub.isReady || !sub.isReady) return;
      metrics.redisUp.set(1);
      if (!down) return;
      down = false;
      log.info("Redis is back; catching up with what the other processes stored meanwhile");
      for (const listener of recovered) listener();
    });
  }

  // The adapter fires publishes without awaiting them: drop (and count) the ones that fail.
  const publisher = new Proxy(pub, {
    get(target, key) {
      if (key === "publish") {
        return (...args: Parameters<typeof pub.publish>) =>
          target.publish(...args).catch(() => {
            metrics.errors.inc({ kind: "redis_publish" });
            return 0;
          });
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });

  const connecting = Promise.all([pub.connect(), sub.connect()]);
  connecting.catch((err: unknown) => log.error({ err }, "Redis connection failed for good"));
  await withTimeout(connecting, graceMs, "Redis").catch((err: Error) => {
    down = true;
    log.warn({ err: err.message, url: redactedUrl(options.url) }, "Redis is not reachable yet; starting anyway");
  });
  if (pub.isReady && sub.isReady) metrics.redisUp.set(1);

  const adapter = createAdapter(publisher, sub, {
    key: options.keyPrefix,
    requestsTimeout: options.requestsTimeoutMs ?? 2_000,
  });

  return {
    adapter,
    client: pub,
    keyPrefix: options.keyPrefix,
    isUp: () => pub.isReady && sub.isReady,
    async ping(timeoutMs = 1_000) {
      const started = performance.now();
      await withTimeout(pub.ping(), timeoutMs, "Redis PING");
      return performance.now() - started;
    },
    onRecovered: (listener) => void recovered.add(listener),
    async close() {
      // `destroy` does not wait for a Redis that is gone (`quit` would).
      for (const client of [pub, sub]) {
        if (client.isReady) await withTimeout(client.quit(), 1_000, "Redis QUIT").catch(() => client.destroy());
        else client.destroy();
      }
    },
  };
}

/** The URL without its password, for logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}
