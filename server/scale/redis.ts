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
 *
 * A Redis that hangs (stopped with SIGSTOP, a full network buffer, a stuck failover) is worse
 * than one that is gone: the connections stay open, nothing errors, and every command waits. So
 * a watchdog PINGs every second; a PING unanswered within a second marks Redis down (the
 * `newsdesk_redis_up` metric drops, one warning per outage) until one is answered again.
 * `healthy()` is what the rest of the server asks before it waits on Redis at all: while it is
 * false, rate limits count in memory and cross-process lookups answer for this process only.
 */
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { loggerFor, redactedUrl } from "../logger";
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
  /** True while both connections are up and Redis answered the watchdog's last PING in time. */
  healthy(): boolean;
  /** Round trip to Redis in ms; throws when it does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<number>;
  /** Called each time Redis is reachable again after an outage. */
  onRecovered(listener: () => void): void;
  close(): Promise<void>;
}

const retryIn = (retries: number) => Math.min(100 * 2 ** Math.min(retries, 5), 2_000);

/** How often the watchdog PINGs, and how long a PING may take before Redis counts as hung. */
export const WATCHDOG_EVERY_MS = 1_000;
export const WATCHDOG_TIMEOUT_MS = 1_000;
/** Longest any command of ours waits for Redis (node-redis rejects it after this). */
const COMMAND_TIMEOUT_MS = 2_000;

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
  const commandOptions = { timeout: COMMAND_TIMEOUT_MS };
  const pub = createClient({ url: options.url, socket, disableOfflineQueue: true, commandOptions });
  const sub = createClient({ url: options.url, socket });
  const recovered = new Set<() => void>();
  // Down from the start until both connections are ready and a PING has been answered.
  let down = true;
  let reported = false; // the outage's warning was logged
  let answeredPing = false;

  const markDown = (why: string, detail: Record<string, unknown> = {}) => {
    metrics.redisUp.set(0);
    const wasUp = !down;
    down = true;
    if (wasUp || !reported) {
      reported = true;
      log.warn({ ...detail, why }, "Redis is not answering; serving this process's clients only until it does");
    }
  };
  const markUpIfReady = () => {
    if (!pub.isReady || !sub.isReady || !answeredPing || !down) return;
    down = false;
    metrics.redisUp.set(1);
    if (reported) log.info("Redis is back; catching up with what the other processes stored meanwhile");
    reported = false;
    for (const listener of recovered) listener();
  };

  for (const [role, client] of [["publish", pub], ["subscribe", sub]] as const) {
    client.on("error", (err: Error) => {
      metrics.errors.inc({ kind: "redis" });
      answeredPing = false;
      markDown("connection lost", { role, err: err.message });
    });
    client.on("ready", () => void ping().catch(() => {}));
  }

  // One PING at a time: while one is unanswered the next tick only checks how long it has waited.
  let pingStarted: number | null = null;
  const ping = async () => {
    if (pingStarted !== null || !pub.isReady) return;
    pingStarted = performance.now();
    try {
      await pub.ping();
      answeredPing = true;
      markUpIfReady();
    } catch {
      answeredPing = false;
    } finally {
      pingStarted = null;
    }
  };
  const watchdog = setInterval(() => {
    if (pingStarted !== null && performance.now() - pingStarted > WATCHDOG_TIMEOUT_MS && !down) {
      answeredPing = false;
      markDown("PING unanswered", { ms: WATCHDOG_TIMEOUT_MS });
    }
    void ping();
  }, WATCHDOG_EVERY_MS);
  watchdog.unref();

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
    markDown("not reachable at start-up", { err: err.message, url: redactedUrl(options.url) });
  });
  // The first PING went out when the connections became ready; give it its time to come back.
  for (const start = performance.now(); down && pub.isReady && performance.now() - start < WATCHDOG_TIMEOUT_MS; ) {
    void ping();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (down) markDown("not answering at start-up", { url: redactedUrl(options.url) });

  const adapter = createAdapter(publisher, sub, {
    key: options.keyPrefix,
    requestsTimeout: options.requestsTimeoutMs ?? 2_000,
  });

  return {
    adapter,
    client: pub,
    keyPrefix: options.keyPrefix,
    healthy: () => !down && pub.isReady && sub.isReady,
    async ping(timeoutMs = 1_000) {
      const started = performance.now();
      await withTimeout(pub.ping(), timeoutMs, "Redis PING");
      return performance.now() - started;
    },
    onRecovered: (listener) => void recovered.add(listener),
    async close() {
      clearInterval(watchdog);
      // `destroy` does not wait for a Redis that is gone (`quit` would).
      for (const client of [pub, sub]) {
        if (client.isReady) await withTimeout(client.quit(), 1_000, "Redis QUIT").catch(() => client.destroy());
        else client.destroy();
      }
    },
  };
}

