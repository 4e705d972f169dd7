/**
 * The server's environment, validated once at start-up. A bad variable stops the process with
 * a message naming it, instead of failing later in some unrelated place.
 */
import { z } from "zod";

export const DEFAULT_DATABASE_URL = "file:./data/newsdesk.db";

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
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Publisher named in the live pages' structured data (schema.org LiveBlogPosting). */
  PUBLISHER_NAME: z.string().min(1).max(120).default("Newsdesk"),
  /** Absolute URL of the publisher's logo; defaults to the site's own icon. */
  PUBLISHER_LOGO_URL: z.url({ message: "must be an absolute URL" }).optional(),
  /** The first admin, created on a start that finds no accounts at all. */
  ADMIN_EMAIL: z.email({ message: "must be an email address" }).optional(),
  ADMIN_PASSWORD: z.string().min(10, "must be at least 10 characters").optional(),
  /** Seed the Petro–Trump story on start when it is missing. */
  SEED: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
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
