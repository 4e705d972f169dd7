/**
 * The join storm of `npm run bench:feed`: BENCH_STORM readers (10,000) arriving at uniformly
 * random moments within BENCH_STORM_MS (30 s), as after a push notification or a restart of the
 * process they were on. Measured: the time from the first arrival until the last reader has its
 * snapshot, the server's CPU over that time (and per join), and errors (a refused or failed
 * connection or join). Spread over the generator processes like the fan-out readers.
 */
import type { Child } from "./child-server";
import type { System } from "./feed-common";
import { epochNow, type GeneratorPool } from "./feed-generators";

export interface StormResult {
  system: System;
  readers: number;
  joined: number;
  errors: number;
  firstError: string | null;
  spreadMs: number;
  /** From the storm's start until the last reader had its snapshot. */
  allJoinedMs: number;
  /** Server CPU (user + system) over the storm, in ms, and per joined reader. */
  cpuMs: number;
  cpuPerJoinMs: number;
}

export async function joinStorm(system: System, server: Child, pool: GeneratorPool, n: number, spreadMs: number, log: (m: string) => void): Promise<StormResult> {
  log(`${system}: join storm, ${n} readers within ${spreadMs / 1000} s`);
  const cpu = async () => (await server.ask<{ micros: number }>("cpu")).micros;
  const cpu0 = await cpu();
  const t0 = epochNow();
  const r = await pool.storm(system, server.port, n, spreadMs);
  const cpuMs = ((await cpu()) - cpu0) / 1000;
  const result: StormResult = {
    system,
    readers: n,
    joined: r.joined,
    errors: r.errors,
    firstError: r.firstError,
    spreadMs,
    allJoinedMs: r.lastJoinedAt - t0,
    cpuMs,
    cpuPerJoinMs: cpuMs / Math.max(1, r.joined),
  };
  log(`${system}: storm done: ${r.joined} joined, ${r.errors} errors, last at ${(result.allJoinedMs / 1000).toFixed(1)} s, server CPU ${(cpuMs / 1000).toFixed(1)} s`);
  return result;
}
