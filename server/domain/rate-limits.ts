/**
 * Rate limits, with rate-limiter-flexible (in memory: each process counts its own clients; with
 * several processes a client spread over them gets each process's allowance — see docs).
 *  - sign-in: 5 failed attempts per email per 15 minutes, 30 per IP address (brute force);
 *  - socket events: a budget per user per 10 seconds, far above what typing produces (the editor
 *    batches keystrokes) but low enough that a script cannot flood the desk.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export const SIGN_IN_WINDOW_S = 15 * 60;

export interface RateLimits {
  signInByEmail: RateLimiterMemory;
  signInByIp: RateLimiterMemory;
  socketEvents: RateLimiterMemory;
}

export function createRateLimits(options: { socketEventsPer10s?: number } = {}): RateLimits {
  return {
    signInByEmail: new RateLimiterMemory({ keyPrefix: "signin-email", points: 5, duration: SIGN_IN_WINDOW_S }),
    signInByIp: new RateLimiterMemory({ keyPrefix: "signin-ip", points: 30, duration: SIGN_IN_WINDOW_S }),
    socketEvents: new RateLimiterMemory({ keyPrefix: "socket", points: options.socketEventsPer10s ?? 600, duration: 10 }),
  };
}

/** Seconds until the limiter lets `key` through again, or 0 when it has points left. */
export async function blockedFor(limiter: RateLimiterMemory, key: string): Promise<number> {
  const res = await limiter.get(key);
  return res && res.remainingPoints <= 0 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
}

/** Uses one point; resolves with the seconds to wait when the budget is spent (0 = allowed). */
export async function take(limiter: RateLimiterMemory, key: string): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (res) {
    if (res instanceof RateLimiterRes) return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    throw res;
  }
}
