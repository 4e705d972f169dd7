/**
 * Rate limits, with rate-limiter-flexible: in memory for one process; in Redis when several
 * processes share it (REDIS_URL), so a client spread over them gets one allowance, not one per
 * process. Nothing here ever waits on Redis for long: while the cluster's watchdog says Redis is
 * not answering (down or hung), and for any call Redis does not answer within
 * SHARED_LIMIT_TIMEOUT_MS, the count is kept in memory instead, so limits hold — per process —
 * through an outage, and a hung Redis never holds up a sign-in.
 *  - sign-in: 5 attempts per email per 15 minutes, 30 per address (brute force and password
 *    spraying); an attempt is counted before its password is checked, so concurrent guesses
 *    cannot outrun the count, and a success gives its point back (./sign-in-gate.ts);
 *  - password verifications: at most 4 at once per process, 64 more waiting (argon2 is costly);
 *  - desk socket events: a budget per user per 10 seconds and per process, far above what typing
 *    produces (the editor batches keystrokes) but low enough that a script cannot flood the desk.
 *    Counted in memory even with Redis, and answered synchronously (./event-budget.ts): it is on
 *    every keystroke's path, which must not wait on (or cost) a Redis round trip or a promise; a
 *    user's sockets rarely span processes;
 *  - public `/live` events (anonymous readers and embeds): per connection and per address, a
 *    few times what a page or a page full of embeds sends, so a script cannot keep the server
 *    busy answering joins.
 */
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import { EventBudget } from "./event-budget";
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

/** The part of rate-limiter-flexible's limiters the server uses. */
export interface Limiter {
  consume(key: string, points?: number): Promise<unknown>;
  get(key: string): Promise<{ remainingPoints: number; msBeforeNext: number } | null>;
  reward(key: string, points?: number): Promise<unknown>;
  delete(key: string): Promise<boolean>;
}

export interface RateLimits {
  signInByEmail: Limiter;
  signInByIp: Limiter;
  /** Password verifications running at once in this process. */
  verifications: Semaphore;
  /** Desk socket events and card-text frames per user, answered at once (./event-budget.ts). */
  socketEvents: EventBudget;
  /** Public /live events per reader connection and per reader address. */
  liveByConnection: Limiter;
  liveByAddress: Limiter;
}

/** How long a shared limit waits for Redis before it counts in memory instead. */
export const SHARED_LIMIT_TIMEOUT_MS = 250;

export interface RateLimitOptions {
  socketEventsPer10s?: number;
  liveEventsPerConnectionPer10s?: number;
  liveEventsPerAddressPer10s?: number;
  /**
   * A connected node-redis client, the desk's key prefix, and whether Redis answers now (the
   * cluster's watchdog): limits shared by every process.
   */
  redis?: { client: unknown; keyPrefix: string; healthy: () => boolean };
}

/**
 * A limit counted in Redis that never waits on it: while Redis is unhealthy, or when it does not
 * answer a call in time, the call goes to the in-memory limiter. A refusal from Redis is a real
 * answer and is passed on.
 */
class SharedLimiter implements Limiter {
  constructor(
    private readonly shared: RateLimiterAbstract,
    private readonly local: RateLimiterMemory,
    private readonly healthy: () => boolean,
  ) {}

  private run<T>(call: (limiter: RateLimiterAbstract) => Promise<T>): Promise<T> {
    if (!this.healthy()) return call(this.local);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), SHARED_LIMIT_TIMEOUT_MS)));
    const answer = call(this.shared);
    answer.catch(() => {}); // a late rejection is not unhandled
    return Promise.race([answer.then((value) => ({ value }), (err: unknown) => ({ err })), late])
      .finally(() => clearTimeout(timer))
      .then((outcome) => {
        if (outcome === "late") return call(this.local);
        if ("err" in outcome) {
          if (isRefusal(outcome.err)) throw outcome.err;
          return call(this.local);
        }
        return outcome.value;
      });
  }

  consume = (key: string, points?: number) => this.run((l) => l.consume(key, points));
  get = (key: string) => this.run((l) => l.get(key));
  reward = (key: string, points?: number) => this.run((l) => l.reward(key, points));
  delete = (key: string) => this.run((l) => l.delete(key));
}

export function createRateLimits(options: RateLimitOptions = {}): RateLimits {
  const limiter = (keyPrefix: string, points: number, duration: number, shared = true): Limiter => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    if (!options.redis || !shared) return memory;
    const redis = new RateLimiterRedis({
      storeClient: options.redis.client,
      useRedisPackage: true,
      keyPrefix: `${options.redis.keyPrefix}:limit:${keyPrefix}`,
      points,
      duration,
    });
    return new SharedLimiter(redis, memory, options.redis.healthy);
  };
  return {
    signInByEmail: limiter("signin-email", BUDGETS.signInPerEmail, SIGN_IN_WINDOW_S),
    signInByIp: limiter("signin-ip", BUDGETS.signInPerAddress, SIGN_IN_WINDOW_S),
    verifications: new Semaphore(BUDGETS.verificationsAtOnce, BUDGETS.verificationsWaiting),
    socketEvents: new EventBudget(options.socketEventsPer10s ?? BUDGETS.socketEventsPer10s, 10_000),
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

/** Uses one point; resolves with the seconds to wait when the budget is spent (0 = allowed). */
export async function take(limiter: Limiter, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (res) {
    if (isRefusal(res)) return seconds(res.msBeforeNext);
    throw res;
  }
}
