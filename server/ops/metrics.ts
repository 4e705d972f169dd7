/**
 * Prometheus metrics (prom-client), on a registry of our own so that tests starting several
 * servers in one process, and Next's separately bundled copy of server code, never register a
 * metric twice. Served at `/metrics` by server/ops/http.ts.
 *
 * What an operator watches on a big night: connections, events per second (rate of
 * `newsdesk_socket_events_total`), acknowledged card-text edits, how long the database takes
 * to store them, errors by kind, whether Redis is up, and cross-process traffic.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "newsdesk_" });

/** Counts of Socket.IO connections, one per realtime server in this process (tests start several). */
const connectionCounts = new Set<() => number>();

export const metrics = {
  connections: new Gauge({
    name: "newsdesk_socket_connections",
    help: "Socket.IO connections open on this process",
    registers: [registry],
    collect() {
      let total = 0;
      for (const count of connectionCounts) total += count();
      this.set(total);
    },
  }),
  events: new Counter({
    name: "newsdesk_socket_events_total",
    help: "Events received from clients, by event name (unknown names counted as 'unknown')",
    labelNames: ["event"] as const,
    registers: [registry],
  }),
  ackedEdits: new Counter({
    name: "newsdesk_collab_acked_edits_total",
    help: "Card-text updates stored (and so acknowledged) by this process",
    registers: [registry],
  }),
  writeSeconds: new Histogram({
    name: "newsdesk_db_write_seconds",
    help: "Time the database took for card-text writes, by operation",
    labelNames: ["op"] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  }),
  errors: new Counter({
    name: "newsdesk_errors_total",
    help: "Errors by kind: command (an INTERNAL answer), db_write, redis, redis_publish, http",
    labelNames: ["kind"] as const,
    registers: [registry],
  }),
  redisUp: new Gauge({
    name: "newsdesk_redis_up",
    help: "1 when both Redis connections are up; absent without REDIS_URL",
    registers: [registry],
  }),
  crossProcess: new Counter({
    name: "newsdesk_cross_process_updates_total",
    help: "Card-text updates announced to / received from other processes, and rows read while catching up",
    labelNames: ["direction"] as const,
    registers: [registry],
  }),
};

/** Adds a realtime server's connection count to the gauge; returns the function that removes it. */
export function watchConnections(count: () => number): () => void {
  connectionCounts.add(count);
  return () => connectionCounts.delete(count);
}

/** Times a promise into `writeSeconds{op}`; failures also count as db_write errors. */
export async function timedWrite<T>(op: string, write: () => Promise<T>): Promise<T> {
  const end = metrics.writeSeconds.startTimer({ op });
  try {
    return await write();
  } catch (err) {
    metrics.errors.inc({ kind: "db_write" });
    throw err;
  } finally {
    end();
  }
}
