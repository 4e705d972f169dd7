/**
 * The desk requires a session: benchmark servers create one "bench" editor account with a known
 * session token, and the load generators send it as a cookie. The parent sets the token in its
 * environment on import, and the forked server processes inherit it. All simulated editors share
 * the account, so the servers get a socket-event budget far above the default per-user limit.
 */
import { randomBytes } from "node:crypto";
import { SESSION_COOKIE } from "../lib/protocol/auth";
import type { DeskStore } from "../server/store/types";

process.env.BENCH_SESSION_TOKEN ??= randomBytes(24).toString("base64url");
const token = process.env.BENCH_SESSION_TOKEN;

export const benchCookie = () => `${SESSION_COOKIE}=${token}`;

/** In the server process, after the store is open. Idempotent (several processes, one database). */
export async function createBenchSession(store: DeskStore): Promise<void> {
  const { sessionIdOf } = await import("../server/domain/accounts");
  const email = "bench@bench.local";
  const user =
    (await store.users.findByEmail(email)) ??
    (await store.users.create({ email, name: "Bench editor", role: "editor", passwordHash: "none" })) ??
    (await store.users.findByEmail(email));
  if (!user) throw new Error("bench: could not create the bench account");
  const id = sessionIdOf(token);
  if (await store.users.findSession(id)) return;
  await store.users
    .createSession({ id, userId: user.id, csrfToken: "bench", expiresAt: new Date(Date.now() + 86_400_000) })
    .catch(async (err) => {
      if (!(await store.users.findSession(id))) throw err; // another process made it meanwhile: fine
    });
}

/**
 * One shared account for every simulated editor: no per-user event budget to hit; and every
 * simulated reader comes from this machine's address: no per-address /live budget either.
 */
export async function benchLimits() {
  const { createRateLimits } = await import("../server/domain/rate-limits");
  return createRateLimits({ socketEventsPer10s: 1_000_000_000, liveEventsPerAddressPer10s: 1_000_000_000 });
}
