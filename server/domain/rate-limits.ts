/**
 * Rate limits, with rate-limiter-flexible: in memory for one process; in Redis when several
 * processes share it (REDIS_URL), so a client spread over them gets one allowance, not one per
 * process. While Redis is down each process falls back to counting in memory (the limiter's
 * insurance), so limits hold — per process — through an outage.
 *  - sign-in: 5 attempts per email per 15 minutes, 30 per address (brute force and password
 *    spraying); an attempt is counted before its password is checked, so concurrent guesses
 *    cannot outrun the count, and a success gives its point back (./sign-in-gate.ts);
 *  - password verifications: at most 4 at once per process, 64 more waiting (argon2 is costly);
 *  - desk socket events: a budget per user per 10 seconds, far above what typing produces (the
 *    editor batches keystrokes) but low enough that a script cannot flood the desk;
 *  - public `/live` events (anonymous readers and embeds): per connection and per address, a
 *    few times what a page or a page full of embeds sends, so a script cannot keep the server
 *    busy answering joins.
 */
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { Semaphore } from "./semaphore";

export const SIGN_IN_WINDOW_S = 15 * 60;

/** The documented budgets (README "Accounts and roles"). */
export const BUDGETS = {
  signInPerEmail: 5,
  signInPerAddress: 30,
  verificationsAtOnce: 4,
  verificationsWaiting: 64,
  socketEventsPer10s: 600,
  liveEventsPerConnectionPer10s: 30,
  liveEventsPerAddressPer10s: 600,
} as const;

export interface RateLimits {
  signInByEmail: RateLimiterAbstract;
  signInByIp: RateLimiterAbstract;
  /** Password verifications running at once in this process. */
  verifications: Semaphore;
  socketEvents: RateLimiterAbstract;
  /** Public /live events per reader connection and per reader address. */
  liveByConnection: RateLimiterAbstract;
  liveByAddress: RateLimiterAbstract;
}

export interface RateLimitOptions {
  socketEventsPer10s?: number;
  liveEventsPerConnectionPer10s?: number;
  liveEventsPerAddressPer10s?: number;
  /** A connected node-redis client and the desk's key prefix: limits shared by every process. */
  redis?: { client: unknown; keyPrefix: string };
}

export function createRateLimits(options: RateLimitOptions = {}): RateLimits {
  const limiter = (keyPrefix: string, points: number, duration: number, shared = true): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!options.redis || !shared) return memory;
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
    signInByEmail: limiter("signin-email", BUDGETS.signInPerEmail, SIGN_IN_WINDOW_S),
    signInByIp: limiter("signin-ip", BUDGETS.signInPerAddress, SIGN_IN_WINDOW_S),
    verifications: new Semaphore(BUDGETS.verificationsAtOnce, BUDGETS.verificationsWaiting),
    socketEvents: limiter("socket", options.socketEventsPer10s ?? BUDGETS.socketEventsPer10s, 10),
    // A connection lives on one process: its count needs no Redis round trip.
    liveByConnection: limiter("live-conn", options.liveEventsPerConnectionPer10s ?? BUDGETS.liveEventsPerConnectionPer10s, 10, false),
    liveByAddress: limiter("live-ip", options.liveEventsPerAddressPer10s ?? BUDGETS.liveEventsPerAddressPer10s, 10),
  };
}

/**
 * Whether `value` is the limiter's refusal (a RateLimiterRes). Checked by shape, not with
 * `instanceof`: the sign-in route runs in Next's bundle, which has its own copy of
 * rate-limiter-flexible, while the limiters are built by the server process with the other copy;
 * an `instanceof` across the two is always false, and the refusal escaped as a 500.
 */
export function isRefusal(value: unknown): value is { msBeforeNext: number; remainingPoints: number } {
  const v = value as { msBeforeNext?: unknown; remainingPoints?: unknown } | null;
  return typeof v === "object" && v !== null && typeof v.msBeforeNext === "number" && typeof v.remainingPoints === "number";
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** Seconds until the limiter lets `key` through again, or 0 when it has points left. */
export async function blockedFor(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res = await limiter.get(key);
  return res && res.remainingPoints <= 0 ? seconds(res.msBeforeNext) : 0;
}

/** Uses one point; resolves with the seconds to wait when the budget is spent (0 = allowed). */
export async function take(limiter: RateLimiterAbstract, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (res) {
    if (isRefusal(res)) return seconds(res.msBeforeNext);
    throw res;
  }
}
