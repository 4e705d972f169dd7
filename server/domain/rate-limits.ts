/**
 * Rate limits, with rate-limiter-flexible: in memory for one process; in Redis when several
 * processes share it (REDIS_URL), so a client spread over them gets one allowance, not one per
 * process. While Redis is down each process falls back to counting in memory (the limiter's
 * insurance), so limits hold — per process — through an outage.
 *  - sign-in: 5 failed attempts per email per 15 minutes, 30 per IP address (brute force);
 *  - socket events: a budget per user per 10 seconds, far above what typing produces (the editor
 *    batches keystrokes) but low enough that a script cannot flood the desk.
 */
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export const SIGN_IN_WINDOW_S = 15 * 60;

export interface RateLimits {
  signInByEmail: RateLimiterAbstract;
  signInByIp: RateLimiterAbstract;
  socketEvents: RateLimiterAbstract;
}

export interface RateLimitOptions {
  socketEventsPer10s?: number;
  /** A connected node-redis client and the desk's key prefix: limits shared by every process. */
  redis?: { client: unknown; keyPrefix: string };
}

export function createRateLimits(options: RateLimitOptions = {}): RateLimits {
  const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!options.redis) return memory;
    return new RateLimiterRedis({
      storeClient: options.redis.client,
      useRedisPackage: true,
      keyPrefix: `${options.redis.keyPrefix}:limit:${keyPrefix}`,
      points,
      duration,
      insuranceLimiter: memory,
    });
  };
  return {
    signInByEmail: limiter("signin-email", 5, SIGN_IN_WINDOW_S),
    signInByIp: limiter("signin-ip", 30, SIGN_IN_WINDOW_S),
    socketEvents: limiter("socket", options.socketEventsPer10s ?? 600, 10),
  };
}

/** Seconds until the limiter lets `key` through again, or 0 when it has points left. */
export async function blockedFor(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res = await limiter.get(key);
  return res && res.remainingPoints <= 0 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
}

/** Uses one point; resolves with the seconds to wait when the budget is spent (0 = allowed). */
export async function take(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (res) {
    if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw res;
  }
}
