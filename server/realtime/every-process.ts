/**
 * Sockets on every process (Socket.IO's `fetchSockets` through the Redis adapter), without ever
 * waiting on a Redis that does not answer. The adapter's request first asks Redis how many
 * processes listen, then waits for their answers; on a hung Redis neither comes back. So:
 * while the cluster's watchdog says Redis is not answering, the answer is this process's sockets
 * at once; otherwise the cross-process answer is awaited at most EVERY_PROCESS_TIMEOUT_MS, and
 * this process's sockets are the answer after that. A desk must keep opening on each process
 * by itself (docs/scaling.md).
 */
import { loggerFor } from "../logger";
import type { DeskServer } from "./types";

const log = loggerFor("realtime");

/** Longer than the adapter's own request timeout (2 s), so a slow process is still counted. */
export const EVERY_PROCESS_TIMEOUT_MS = 2_500;

type Sockets = Awaited<ReturnType<DeskServer["fetchSockets"]>>;

const healthOf = new WeakMap<DeskServer, () => boolean>();

/** Tells the helpers below whether Redis answers now (server/scale/redis.ts's watchdog). */
export function watchClusterHealth(io: DeskServer, healthy: () => boolean): void {
  healthOf.set(io, healthy);
}

/** The sockets in `room` (or all of them) on every process that answers in time. */
export async function socketsEverywhere(io: DeskServer, room?: string): Promise<Sockets> {
  const local = () => (room ? io.local.in(room) : io.local).fetchSockets();
  const healthy = healthOf.get(io);
  if (healthy && !healthy()) return local();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), EVERY_PROCESS_TIMEOUT_MS)));
  const everywhere = (room ? io.in(room) : io).fetchSockets();
  everywhere.catch(() => {}); // a late failure is not unhandled
  try {
    const answer = await Promise.race([everywhere, late]);
    if (answer !== "late") return answer;
    log.warn({ room }, "other processes did not answer in time; this process's sockets only");
  } catch (err) {
    log.warn({ err: (err as Error).message, room }, "other processes could not be asked; this process's sockets only");
  } finally {
    clearTimeout(timer);
  }
  return local();
}
