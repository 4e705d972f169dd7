/**
 * Who is on a desk socket: the session cookie is checked once at connection (a connection without
 * a valid session is refused with UNAUTHORIZED), and every event then passes `guard`: the session
 * must not have expired meanwhile, and the user must be within the event budget.
 */
import { parse } from "cookie";
import { SESSION_COOKIE } from "../../lib/protocol/auth";
import type { ResolvedSession } from "../domain/accounts";
import { DomainError } from "../domain/errors";
import { loggerFor } from "../logger";
import type { RateLimits } from "../domain/rate-limits";
import type { DeskSocket } from "./types";

const log = loggerFor("auth");

/** Connection middleware of the desk namespace. */
export function authenticate(resolveSession: (token: string | undefined) => Promise<ResolvedSession | null>) {
  return (socket: DeskSocket, next: (err?: Error) => void): void => {
    const token = parse(socket.request.headers.cookie ?? "")[SESSION_COOKIE];
    resolveSession(token).then(
      (session) => {
        if (!session) {
          next(new Error("UNAUTHORIZED: sign in to use the desk"));
          return;
        }
        socket.data = {
          user: session.user,
          sessionId: session.sessionId,
          expiresAt: session.expiresAt.getTime(),
          name: session.user.name,
          clientId: null,
          storyId: null,
          editingCardId: null,
        };
        next();
      },
      (err) => {
        log.error({ err }, "session lookup failed");
        next(new Error("INTERNAL: could not check the session; try again"));
      },
    );
  };
}

/** Runs before each event of a socket, in its queue (so events keep their order). */
export function eventGuard(socket: DeskSocket, limits: RateLimits): () => Promise<void> {
  return async () => {
    const { user, expiresAt } = socket.data;
    if (!user || expiresAt < Date.now()) {
      setTimeout(() => socket.disconnect(true), 0);
      throw new DomainError("UNAUTHORIZED", "Your session has expired; sign in again");
    }
    const wait = limits.socketEvents.take(user.id);
    if (wait > 0) throw new DomainError("RATE_LIMITED", `Too many changes at once; wait ${wait} s`);
  };
}
