/**
 * Structured JSON logs (pino). Each area gets a named child logger so operators can filter:
 * `realtime`, `db`, `http`, `domain`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { pino } from "pino";
import { loggerSettings } from "./env";

const { level, instanceId: thisInstance } = loggerSettings();

/** Which process wrote a line: several processes may write to one log store. */
export const instanceId = thisInstance;

/**
 * Ids of what is being handled (`reqId` of an HTTP request, `socket` of a Socket.IO event), set
 * by server/ops/http.ts and the realtime event guard; every line logged meanwhile carries them.
 */
export const logContext = new AsyncLocalStorage<Record<string, string>>();

/** Never written, even by accident (an error carrying a request, a payload, an account). */
const SECRETS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "csrfToken",
  "*.csrfToken",
  "cookie",
  "*.cookie",
  "*.headers.cookie",
  "*.headers.authorization",
];

/** The app's logger; `destination` (stdout by default) lets a test read what it writes. */
export function createLogger(destination?: pino.DestinationStream, logLevel = level) {
  return pino(
    {
      level: logLevel,
      base: { app: "newsdesk", instance: instanceId },
      mixin: () => logContext.getStore() ?? {},
      redact: { paths: SECRETS, censor: "[redacted]" },
    },
    destination,
  );
}

export const logger = createLogger();

export function loggerFor(area: string) {
  return logger.child({ area });
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
