/**
 * One Newsdesk server process, assembled: the HTTP server (request ids, /metrics, then the
 * app's handler: Next.js in production, nothing in tests), Socket.IO with the card documents,
 * and — when REDIS_URL is set — the Redis adapter that lets several processes serve one desk.
 * `server/index.ts` adds Next and the signals; tests and benchmarks start it without Next.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CardDocs, type CardDocsOptions } from "./collab/card-docs";
import type { Env } from "./env";
import { loggerFor } from "./logger";
import { withOps, type Handler } from "./ops/http";
import { stampRequest, TRUST_NOBODY, type TrustProxy } from "./ops/proxy";
import { timedWrite } from "./ops/metrics";
import { createRateLimits, type RateLimitOptions, type RateLimits } from "./domain/rate-limits";
import type { MediaStorage } from "./media/manifest";
import { createRealtime, publicSnapshotsOf, shutdownRealtime } from "./realtime/create-realtime";
import type { PublicSnapshots } from "./public/snapshots";
import type { DeskServer } from "./realtime/types";
import { connectCluster, type Cluster } from "./scale/redis";
import { startNotificationMailer, type NotificationMailer } from "./mail/notification-mailer";
import type { DeskStore, DocStore } from "./store/types";

const log = loggerFor("node");

export type NodeEnv = Pick<Env, "REDIS_URL" | "REDIS_KEY_PREFIX" | "COLLAB_CATCH_UP_MS" | "SHUTDOWN_TIMEOUT_MS"> &
  Partial<Pick<Env, "AUDIENCE_REPORT_MS" | "SMTP_URL" | "MAIL_FROM" | "EMAIL_BATCH_MS" | "DESK_URL">>;

export interface Readiness {
  ready: boolean;
  database: { status: "ok" | "unreachable"; ms?: number };
  redis: { status: "ok" | "unreachable" | "not configured"; ms?: number };
  shuttingDown: boolean;
}

export interface RunningNode {
  httpServer: HttpServer;
  /** The rate limits this process applies (the sign-in route uses them too). */
  limits: RateLimits;
  io: DeskServer;
  docs: CardDocs;
  /** Batched notification emails, when SMTP_URL is set. */
  mailer?: NotificationMailer;
  /** What readers see, built once per change (the public HTTP routes read it too). */
  snapshots: PublicSnapshots;
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

export async function startNode(opts: {
  env: NodeEnv;
  store: DeskStore;
  host: string;
  port: number;
  app?: Handler;
  docs?: CardDocsOptions;
  /** Rate limits (sign-in and socket events); the server's defaults when omitted, shared through Redis with a cluster. */
  limits?: RateLimits;
  limitOptions?: Omit<RateLimitOptions, "redis">;
  /** Proxies whose forwarded headers are believed (TRUST_PROXY; none when omitted). */
  trustProxy?: TrustProxy;
  /** Origins besides the desk's own that may open the desk socket (ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Photos of live posts (MEDIA_DIR). */
  media?: MediaStorage;
  /** How often (ms) to look for due scheduled posts (1 s when omitted; 0: never). */
  scheduleMs?: number;
}): Promise<RunningNode> {
  const { env, store } = opts;
  let cluster: Cluster | undefined;
  if (env.REDIS_URL) {
    cluster = await connectCluster({ url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX });
  }
  const app: Handler =
    opts.app ??
    ((_req, res) => {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "Not found" } }));
    });
  const trustProxy = opts.trustProxy ?? TRUST_NOBODY;
  const withOpsApp = withOps(app);
  // Forwarded headers from anyone but a trusted proxy are dropped before Next sees the request.
  const httpServer = createServer((req, res) => {
    stampRequest(req, trustProxy);
    withOpsApp(req, res);
  });
  const docs = new CardDocs(timedDocs(store.docs), opts.docs);
  const limits =
    opts.limits ??
    createRateLimits({ ...opts.limitOptions, ...(cluster ? { redis: { client: cluster.client, keyPrefix: cluster.keyPrefix, healthy: () => cluster.healthy() } } : {}) });
  // Notification emails only when an SMTP server is configured (server/mail/notification-mailer.ts).
  const mailer = env.SMTP_URL
    ? startNotificationMailer({
        store,
        smtpUrl: env.SMTP_URL,
        from: env.MAIL_FROM ?? "Newsdesk <newsdesk@localhost>",
        deskUrl: env.DESK_URL ?? `http://localhost:${opts.port}`,
        batchMs: env.EMAIL_BATCH_MS ?? 60_000,
      })
    : undefined;
  const io = createRealtime(httpServer, {
    store,
    docs,
    onNotified: mailer && (() => mailer.nudge()),
    limits,
    trustProxy,
    allowedOrigins: opts.allowedOrigins,
    audienceMs: env.AUDIENCE_REPORT_MS,
    media: opts.media,
    scheduleMs: opts.scheduleMs,
    cluster: cluster && {
      adapter: cluster.adapter,
      onRecovered: (fn) => cluster.onRecovered(fn),
      healthy: () => cluster.healthy(),
      catchUpMs: env.COLLAB_CATCH_UP_MS,
    },
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(opts.port, opts.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  let shuttingDown = false;
  let stopped: Promise<void> | undefined;

  async function stop(): Promise<void> {
    shuttingDown = true;
    // io.close() stops the HTTP server accepting connections and drops every socket (the
    // clients reconnect elsewhere), then the documents write what they still hold.
    await shutdownRealtime(io);
    await mailer?.stop();
    await cluster?.close();
  }

  return {
    httpServer,
    limits,
    io,
    docs,
    mailer,
    snapshots: publicSnapshotsOf(io),
    port,
    async readiness() {
      const [database, redisMs] = await Promise.all([
        pingDatabase(store),
        // A Redis the watchdog finds hung is unreachable even if this one PING gets lucky.
        cluster ? (cluster.healthy() ? cluster.ping().then((ms) => Math.round(ms), () => null) : Promise.resolve(null)) : Promise.resolve(undefined),
      ]);
      const redis: Readiness["redis"] =
        redisMs === undefined ? { status: "not configured" } : redisMs === null ? { status: "unreachable" } : { status: "ok", ms: redisMs };
      const ready = !shuttingDown && database.status === "ok" && redis.status !== "unreachable";
      return { ready, database, redis, shuttingDown };
    },
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
