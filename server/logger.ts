/**
 * Structured JSON logs (pino). Each area gets a named child logger so operators can filter:
 * `realtime`, `db`, `http`, `domain`.
 */
import { pino } from "pino";

const level = process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : "info");

export const logger = pino({ level, base: { app: "newsdesk" } });

export function loggerFor(area: string) {
  return logger.child({ area });
}
