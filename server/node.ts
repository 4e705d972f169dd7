/**
 * One Newsdesk server process, assembled — the only place it is: the HTTP server (request ids,
 * /metrics, then the app's handler: Next.js in production, nothing in tests), the realtime server
 * with the card documents and the services, and — when REDIS_URL is set — the Redis adapter that
 * lets several processes serve one desk. `server/index.ts` adds Next and the signals; tests and
 * benchmarks start the same thing without Next.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CardDocs, type CardDocsOptions } from "./collab/card-docs";
import type { Env } from "./env";
import { loggerFor } from "./logger";
import { withOps, type Handler } from "./ops/http";
import { stampRequest } from "./ops/proxy";
import { timedWrite } from "./ops/metrics";
import { createRateLimits, type RateLimitOptions, type RateLimits } from "./domain/rate-limits";
import type { MediaStorage } from "./media/manifest";
import { localMediaStorage } from "./media/storage";
import { createRealtime } from "./realtime/create-realtime";
import type { DeskServer } from "./realtime/types";
import { publishServices, type Readiness, type Services } from "./services";
import type { Cluster } from "./scale/redis";
import type { DeskStore, DocStore } from "./store/types";

const log = loggerFor("node");

export interface RunningNode {
  httpServer: HttpServer;
  /** The rate limits this process applies (shared through Redis with a cluster). */
  limits: RateLimits;
  io: DeskServer;
  docs: CardDocs;
  /** Every domain operation, bound (what app/ routes and the socket handlers call); `services.broadcasts` tells who hears. */
  services: Services;
  port: number;
  /** Database and (if configured) Redis reachable, and not shutting down. */
  readiness(): Promise<Readiness>;
  /** Graceful stop: refuse new connections, close sockets, write what is pending, close Redis. */
  shutdown(): Promise<void>;
}

/** The card-text store with its writes timed for the metrics. */
function timedDocs(docs: DocStore): DocStore {
  return {
    ...docs,
    appendUpdates: (rows) => timedWrite("append", () => docs.appendUpdates(rows)),
    compactDoc: (cardId) => timedWrite("compact", () => docs.compactDoc(cardId)),
    saveDerivedBody: (cardId, body, html) => timedWrite("derive", () => docs.saveDerivedBody(cardId, body, html)),
  };
}

async function pingDatabase(store: DeskStore): Promise<Readiness["database"]> {
  const started = performance.now();
  try {
    await store.ping();
    return { status: "ok", ms: Math.round(performance.now() - started) };
  } catch {
    return { status: "unreachable" };
  }
}

/**
 * Test and benchmark hooks. Production passes none; everything else comes from the environment
 * (server/env.ts), read once.
 */
export interface NodeOverrides {
  /** Tunes the card documents (compaction, unload) for suites that exercise them. */
  docs?: CardDocsOptions;
  /** Wraps the card-text store (e.g. to make writes slow or fail on purpose). */
  wrapDocs?: (docs: DocStore) => DocStore;
  /** Rate limits instead of the server's defaults (benchmarks, tests of the limits themselves). */
  limits?: RateLimits;
  limitOptions?: Omit<RateLimitOptions, "redis">;
  /** Photos somewhere else than MEDIA_DIR. */
  media?: MediaStorage;
  /** How often (ms) to look for due scheduled posts (1 s by default; 0: never). */
  scheduleMs?: number;
}

/**
 * The one server factory, used by production (server/index.ts), the tests and the benchmarks: the
 * HTTP server (request ids, /metrics, then `app`: Next.js in production, a 404 elsewhere), the
 * realtime server with its services, Redis when REDIS_URL is set, and the notification mailer when
 * SMTP_URL is. `publish` makes the services reachable from app/ code (server/services.ts) before
 * the first request can arrive.
 */
export async function startNode(opts: { env: Env; store: DeskStore; app?: Handler; publish?: boolean } & NodeOverrides): Promise<RunningNode> {
  const { env, store } = opts;
  // Redis and the mailer are loaded only when configured: their clients cost ~25 and ~10 MB of
  // memory that a single process without email should not carry.
  const cluster: Cluster | null = env.REDIS_URL
    ? await (await import("./scale/redis")).connectCluster({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX })
    : null;
  const app: Handler =
    opts.app ??
    ((_req, res) => {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Not found" } }));
    });
  const withOpsApp = withOps(app);
  // Forwarded headers from anyone but a trusted proxy are dropped before Next sees the request.
  const httpServer = createServer((req, res) => {
    stampRequest(req, env.TRUST_PROXY);
    withOpsApp(req, res);
  });
  const docs = new CardDocs(timedDocs(opts.wrapDocs ? opts.wrapDocs(store.docs) : store.docs), opts.docs);
  const limits =
    opts.limits ??
    createRateLimits({ ...opts.limitOptions, ...(cluster ? { redis: { client: cluster.client, keyPrefix: cluster.keyPrefix, healthy: () => cluster.healthy() } } : {}) });
  // Notification emails only when an SMTP server is configured (server/mail/notification-mailer.ts).
  const mailer = env.SMTP_URL
    ? (await import("./mail/notification-mailer")).startNotificationMailer({
        store,
        smtpUrl: env.SMTP_URL,
        from: env.MAIL_FROM,
        deskUrl: env.DESK_URL ?? `http://localhost:${env.PORT}`,
        batchMs: env.EMAIL_BATCH_MS,
      })
    : null;
  let shuttingDown = false;
  let stopped: Promise<void> | undefined;

  async function readiness(): Promise<Readiness> {
    const [database, redisMs] = await Promise.all([
      pingDatabase(store),
      // A Redis the watchdog finds hung is unreachable even if this one PING gets lucky.
      cluster ? (cluster.healthy() ? cluster.ping().then((ms) => Math.round(ms), () => null) : Promise.resolve(null)) : Promise.resolve(undefined),
    ]);
    const redis: Readiness["redis"] =
      redisMs === undefined ? { status: "not configured" } : redisMs === null ? { status: "unreachable" } : { status: "ok", ms: redisMs };
    const ready = !shuttingDown && database.status === "ok" && redis.status !== "unreachable";
    return { ready, database, redis, shuttingDown };
  }

  const realtime = createRealtime(httpServer, {
    store,
    docs,
    limits,
    media: opts.media ?? localMediaStorage(env.MEDIA_DIR),
    cluster: cluster && {
      adapter: cluster.adapter,
      onRecovered: (fn) => cluster.onRecovered(fn),
      healthy: () => cluster.healthy(),
      catchUpMs: env.COLLAB_CATCH_UP_MS,
    },
    trustProxy: env.TRUST_PROXY,
    allowedOrigins: env.ALLOWED_ORIGINS,
    audienceMs: env.AUDIENCE_REPORT_MS,
    scheduleMs: opts.scheduleMs ?? 1_000,
    onNotified: mailer ? () => mailer.nudge() : undefined,
    readiness,
  });
  if (opts.publish) publishServices(realtime.services);
  const io = realtime.io;
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(env.PORT, env.HOST, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  async function stop(): Promise<void> {
    shuttingDown = true;
    // io.close() stops the HTTP server accepting connections and drops every socket (the
    // clients reconnect elsewhere), then the documents write what they still hold.
    await realtime.stop();
    await mailer?.stop();
    await cluster?.close();
  }

  return {
    httpServer,
    limits,
    io,
    docs,
    services: realtime.services,
    port,
    readiness,
    shutdown() {
      stopped ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`pending writes not done in ${env.SHUTDOWN_TIMEOUT_MS} ms`)), env.SHUTDOWN_TIMEOUT_MS);
          timer.unref();
        });
        try {
          await Promise.race([stop(), timeout]);
          log.info("stopped: connections closed, pending writes done");
        } finally {
          clearTimeout(timer);
        }
      })();
      return stopped;
    },
  };
}
