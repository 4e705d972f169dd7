/**
 * The server's environment, validated once at start-up. A bad variable stops the process with
 * a message naming it, instead of failing later in some unrelated place.
 */
import { hostname } from "node:os";
import { z } from "zod";
import { parseTrustProxy, type TrustProxy } from "./ops/trust-proxy";

export const DEFAULT_DATABASE_URL = "file:./data/newsdesk.db";

/** Publisher named in the live pages' structured data (schema.org LiveBlogPosting) and oEmbed. */
const ZPublisherName = z.string().min(1).max(120).default("Newsdesk");
/** Absolute URL of the publisher's logo; defaults to the site's own icon. */
const ZPublisherLogoUrl = z.url({ message: "must be an absolute URL" }).optional();

const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ error: "must be a port number (0–65535)" })
    .int("must be a port number (0–65535)")
    .min(0, "must be a port number (0–65535)")
    .max(65_535, "must be a port number (0–65535)")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((u) => /^(file:|postgres(ql)?:\/\/)/.test(u), {
      message: "must start with file: (SQLite) or postgresql:// (Postgres)",
    }),
  /** Folder of the live posts' photos (processed sizes); beside the default SQLite file. */
  MEDIA_DIR: z.string().min(1).default("./data/media"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PUBLISHER_NAME: ZPublisherName,
  PUBLISHER_LOGO_URL: ZPublisherLogoUrl,
  /** The first admin, created on a start that finds no accounts at all. */
  ADMIN_EMAIL: z.email({ message: "must be an email address" }).optional(),
  ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  /** Seed the Petro–Trump story on start when it is missing. */
  SEED: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /**
   * Redis for several server processes (Socket.IO Redis adapter). Unset: one process, as
   * before. Set: Postgres is required (see the check below and docs/scaling.md).
   */
  REDIS_URL: z
    .string()
    .refine((u) => /^rediss?:\/\/[^\s]+$/.test(u), { message: "must be a redis:// or rediss:// URL" })
    .optional(),
  /** Prefix of the Redis channels: processes serving the same desk share it; another desk on the same Redis uses another. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, "must be 1–64 letters, digits, or . _ : -")
    .default("newsdesk"),
  /**
   * SQLite only: `full` (default) syncs the write-ahead log to disk at every commit, so an
   * acknowledged edit survives a power cut or a kernel crash; `normal` survives a killed process
   * but may lose the last commits on a power cut, for less disk work (see README "Durability").
   */
  SQLITE_SYNCHRONOUS: z.enum(["full", "normal"]).default("full"),
  /** How often (ms) a process re-reads the card-text log for updates it missed from other processes. */
  COLLAB_CATCH_UP_MS: z.coerce.number({ error: "must be a number of milliseconds" }).int().min(100).max(600_000).default(5_000),
  /** How often (ms) each process counts its readers and tells the desks and the other processes. */
  AUDIENCE_REPORT_MS: z.coerce.number({ error: "must be a number of milliseconds" }).int().min(100).max(600_000).default(5_000),
  /** On SIGTERM, how long (ms) to wait for pending writes before exiting anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number({ error: "must be a number of milliseconds" }).int().min(0).max(600_000).default(10_000),
  /**
   * Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (addresses, CIDR ranges,
   * `loopback`, `private`, `linklocal`; comma-separated). Unset or `false`: none — anyone can
   * send those headers, so believing them by default would let a client pick its own address
   * for the per-address limits. See server/ops/proxy.ts and docs/deploy.md.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx): TrustProxy => {
      try {
        return parseTrustProxy(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /**
   * Origins besides the desk's own whose pages may open the desk's socket (comma-separated,
   * e.g. `https://admin.example.org`). The public /live namespace is open to every origin.
   */
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((v, ctx): string[] => {
      const origins: string[] = [];
      for (const entry of (v ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
        let origin: string | null = null;
        try {
          const url = new URL(entry);
          if ((url.protocol === "http:" || url.protocol === "https:") && url.origin === entry.replace(/\/$/, "")) origin = url.origin;
        } catch {
          origin = null;
        }
        if (!origin) ctx.addIssue({ code: "custom", message: `"${entry}" is not an origin like https://desk.example.org (scheme, host, optional port; no path)` });
        else origins.push(origin);
      }
      return origins;
    }),
  /**
   * Email for mentions and replies (nodemailer transport URL, e.g. smtp://user:pass@mail:587 or
   * smtps://…). Unset: notifications stay in the desk's bell only.
   */
  SMTP_URL: z
    .string()
    .refine((u) => /^smtps?:\/\/[^\s]+$/.test(u), { message: "must be an smtp:// or smtps:// URL" })
    .optional(),
  /** Sender of notification emails. */
  MAIL_FROM: z.string().min(3).max(200).default("Newsdesk <newsdesk@localhost>"),
  /** Notifications of this window (ms) go out as one email per person, never one per comment. */
  EMAIL_BATCH_MS: z.coerce.number({ error: "must be a number of milliseconds" }).int().min(100).max(3_600_000).default(60_000),
  /** The desk's public address, for links in emails (e.g. https://desk.example.org). */
  DESK_URL: z.url({ message: "must be an absolute URL" }).optional(),
  /** Names this process in logs and metrics; defaults to hostname:pid. */
  INSTANCE_ID: z.string().regex(/^[\w.:-]{1,64}$/, "must be 1–64 letters, digits, or . _ : -").optional(),
}).superRefine((env, ctx) => {
  // Several processes on one SQLite file would each queue writes on their own connection and
  // never see each other's card-text updates: not supported.
  if (env.REDIS_URL && env.DATABASE_URL.startsWith("file:")) {
    ctx.addIssue({
      code: "custom",
      path: ["REDIS_URL"],
      message:
        "several processes need Postgres: set DATABASE_URL=postgresql://… or unset REDIS_URL (SQLite serves one process only)",
    });
  }
});

export type Env = z.infer<typeof ZEnv>;

/** Parse the environment; on error, throw one message listing every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set" (e.g. `DATABASE_URL= npm start`).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ""));
  const parsed = ZEnv.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new Error(`Invalid environment:\n${lines.join("\n")}`);
}

/**
 * The publisher readers see (oEmbed provider, schema.org publisher), read when asked: Next bundles
 * the route handlers apart from the server, so they cannot be handed the parsed Env. A value
 * loadEnv would refuse (it never gets that far in production) counts as unset.
 */
export function publisher(source: Record<string, string | undefined> = process.env): { name: string; logoUrl?: string } {
  const name = ZPublisherName.safeParse(source.PUBLISHER_NAME || undefined);
  const logoUrl = ZPublisherLogoUrl.safeParse(source.PUBLISHER_LOGO_URL || undefined);
  return { name: name.success ? name.data : ZPublisherName.parse(undefined), logoUrl: logoUrl.success ? logoUrl.data : undefined };
}

/**
 * The logger's settings. Read when server/logger.ts is first imported, before anyone has called
 * loadEnv (which would refuse a bad LOG_LEVEL at start-up anyway): tests are silent unless
 * LOG_LEVEL says otherwise, and each process names itself (INSTANCE_ID, or hostname:pid).
 */
export function loggerSettings(source: Record<string, string | undefined> = process.env): { level: string; instanceId: string } {
  return {
    level: source.LOG_LEVEL || (source.NODE_ENV === "test" ? "silent" : "info"),
    instanceId: source.INSTANCE_ID || `${hostname()}:${process.pid}`,
  };
}

/** This machine may have no route to the internet: Next must never try to send telemetry. */
export function disableNextTelemetry(): void {
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
}

/** The environment a child process (the migration CLI) inherits, with `overrides` on top. */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
