/**
 * The sign-in budget, spent before the password is checked. Counting only failures, after a
 * verification that takes a few hundred milliseconds, let a burst of concurrent guesses all pass
 * the check before any of them was counted. So each attempt takes its point from the email's and
 * the address's budgets first; a success gives the address its point back and clears the email's
 * count (the owner has proved the password), a failure keeps it spent.
 *
 * Verification itself runs under the limits' semaphore: a flood from many addresses (password
 * spraying) waits its turn instead of occupying every core and 64 MiB per argon2 hash.
 */
import { take, type RateLimits } from "./rate-limits";

export type Reservation = { ok: true } | { ok: false; retryAfter: number; reason: "attempts" | "busy" };

/** Takes one attempt from both budgets; refused with the seconds to wait when either is spent. */
export async function reserveSignIn(limits: RateLimits, email: string, address: string): Promise<Reservation> {
  const [byEmail, byAddress] = await Promise.all([take(limits.signInByEmail, email), take(limits.signInByIp, address)]);
  const wait = Math.max(byEmail, byAddress);
  return wait > 0 ? { ok: false, retryAfter: wait, reason: "attempts" } : { ok: true };
}

/** A successful sign-in: the email starts afresh, the address gets its point back. */
export async function signInSucceeded(limits: RateLimits, email: string, address: string): Promise<void> {
  await Promise.all([limits.signInByEmail.delete(email), limits.signInByIp.reward(address, 1)]);
}

/**
 * Runs the password check within the bound on concurrent verifications. Resolves
 * `{ busy: true }` when too many are already waiting (the caller answers 429, Retry-After 1).
 * The error is recognised by name: it may come from the server's copy of the module while this
 * one runs in Next's bundle (see isRefusal in ./rate-limits.ts).
 */
export async function verifyBounded<T>(limits: RateLimits, verify: () => Promise<T>): Promise<{ busy: true } | { busy: false; value: T }> {
  try {
    return { busy: false, value: await limits.verifications.run(verify) };
  } catch (err) {
    if ((err as { name?: string })?.name === "Busy") return { busy: true };
    throw err;
  }
}
