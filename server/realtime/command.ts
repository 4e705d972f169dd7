/**
 * The one wrapper every client event goes through: validate with zod, run the domain
 * operation, acknowledge, and only then broadcast. Whatever a client sends, the worst it gets
 * back is an error ack; internal errors are logged and answered with a generic INTERNAL.
 */
import type { z } from "zod";
import {
  CLIENT_EVENT_TABLE,
  CLIENT_EVENTS,
  inputSchemaOf,
  LIVE_PROTOCOL_VERSIONS,
  PROTOCOL_VERSION,
  type Ack,
  type AckError,
  type AckOf,
  type ClientEventName,
  type InputOf,
} from "../../lib/protocol/events";
import type { SessionUser } from "../../lib/protocol/auth";
import type { Actor } from "../domain/cards";
import { authorize } from "../domain/policy";
import type { Services } from "../services";
import { DomainError, validationError } from "../domain/errors";
import { loggerFor } from "../logger";
import { metrics } from "../ops/metrics";
import type { Enqueue } from "../store/serial";
import type { DeskServer, DeskSocket, SocketData } from "./types";

/** A socket's queue, with the check every event passes first (session still valid, rate limit). */
export type SocketQueue = Enqueue & { guard?: () => Promise<void> };

const log = loggerFor("realtime");

/** What a handler returns: the ack data, and the broadcast to send once the sender has its ack. */
export interface Outcome<T> {
  data: T;
  broadcast?: () => void;
}

/**
 * What a handler returns when its ack must wait for something the socket's next events need
 * not wait for (card text: the write to the store). The socket's queue moves on at once; the
 * ack goes out when `later` settles.
 */
export interface Deferred<T> {
  later: Promise<T>;
}

export function toAckError(err: unknown, context: Record<string, unknown>): AckError {
  if (err instanceof DomainError) return err.toAckError();
  metrics.errors.inc({ kind: "command" });
  log.error({ err, ...context }, "command failed");
  return { code: "INTERNAL", message: "The server could not complete this change. Nothing was saved; try again." };
}

/** The ack callback if the client sent one; a client that sends none simply gets no answer. */
export function ackOf(arg: unknown): (r: Ack<unknown>) => void {
  return typeof arg === "function" ? (arg as (r: Ack<unknown>) => void) : () => {};
}

/**
 * Wraps a handler. `inOrder` is the socket's queue: a socket's events are handled one after
 * another in the order they were sent (a join is complete before the next command runs).
 */
export function command<S extends z.ZodType, T>(
  inOrder: SocketQueue,
  event: string,
  schema: S,
  run: (input: z.output<S>) => Promise<Outcome<T> | Deferred<T>>,
) {
  // Socket.IO passes the ack as the last argument: a client that sends no payload (or extra
  // arguments) must still get its answer, so the ack is not assumed to be the second one.
  return (...args: unknown[]): Promise<void> => inOrder(() => handle(args));

  async function handle(args: unknown[]): Promise<void> {
    const ack = ackOf(args.at(-1));
    if (inOrder.guard) {
      try {
        await inOrder.guard();
      } catch (err) {
        ack({ ok: false, error: toAckError(err, { event }) });
        return;
      }
    }
    const payload = typeof args[0] === "function" ? undefined : args[0];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      ack({ ok: false, error: validationError(parsed.error).toAckError() });
      return;
    }
    let outcome: Outcome<T> | Deferred<T>;
    try {
      outcome = await run(parsed.data);
    } catch (err) {
      ack({ ok: false, error: toAckError(err, { event }) });
      return;
    }
    if ("later" in outcome) {
      outcome.later.then(
        (data) => ack({ ok: true, data }),
        (err: unknown) => ack({ ok: false, error: toAckError(err, { event }) }),
      );
      return;
    }
    ack({ ok: true, data: outcome.data });
    outcome.broadcast?.();
  }
}

/** For handlers that need a joined story first. */
export function requireJoined(storyId: string | null): string {
  if (!storyId) throw new DomainError("NOT_JOINED", "Join a story before sending changes");
  return storyId;
}

/** The socket's account (every connected desk socket has one: the handshake checked it). */
export function signedIn(socket: { data: SocketData }): SessionUser {
  const { user } = socket.data;
  if (!user) throw new DomainError("UNAUTHORIZED", "Sign in to use the desk");
  return user;
}

/** Who sends a socket's commands on its joined story; the domain checks each against the policy (server/domain/policy.ts). */
export function actorOf(socket: { data: SocketData }): Actor {
  const user = signedIn(socket);
  return { id: user.id, name: user.name, storyId: requireJoined(socket.data.storyId), role: user.role };
}

/** What a socket's handlers work with. */
export interface HandlerContext {
  io: DeskServer;
  socket: DeskSocket;
  services: Services;
}

/** What a handler acknowledges: the event's ack data (nothing for fire-and-forget presence). */
type AckDataOf<E extends ClientEventName> = [AckOf<E>] extends [never] ? undefined : AckOf<E>;

/** One handler per client event: the validated payload in, the ack data (and a broadcast) out. */
export type Handlers = { [E in ClientEventName]: (input: InputOf<E>) => Promise<Outcome<AckDataOf<E>> | Deferred<AckDataOf<E>>> };

/**
 * Registers a socket's handlers, one per event of the contract (lib/protocol/contract.ts), each
 * behind `command` (the socket's queue, validation with the event's schema, ack, then broadcast).
 * Before the handler runs, the contract's own rules for the event: a joined story where it needs
 * one (NOT_JOINED), then the role's permission (FORBIDDEN). The domain checks what depends on the
 * data (a contributor's drafts only, and so on).
 */
export function registerHandlers(socket: DeskSocket, inOrder: SocketQueue, handlers: Handlers): void {
  for (const event of CLIENT_EVENTS) {
    const { permission, joined } = CLIENT_EVENT_TABLE[event];
    const run = handlers[event] as (input: unknown) => Promise<Outcome<unknown> | Deferred<unknown>>;
    const checked = (input: unknown) => {
      const user = signedIn(socket);
      if (joined) requireJoined(socket.data.storyId);
      if (permission) authorize(user, permission);
      return run(input);
    };
    socket.on(event, command(inOrder, event, inputSchemaOf(event), checked) as never);
  }
}

type Handshake = { handshake: { auth: unknown } };

const protocolGate =
  (accepted: readonly number[]) =>
  (socket: Handshake, next: (err?: Error) => void): void => {
    const protocol = (socket.handshake.auth as { protocol?: unknown } | undefined)?.protocol;
    if (typeof protocol !== "number" || !accepted.includes(protocol)) {
      next(new Error(`PROTOCOL_MISMATCH: this server speaks protocol ${PROTOCOL_VERSION}; reload the page`));
      return;
    }
    next();
  };

/**
 * Handshake middleware of the desk namespace: a client must send the protocol version it was
 * built for in `auth.protocol`; a mismatch is refused at connect.
 */
export const requireProtocol = protocolGate([PROTOCOL_VERSION]);
/** The same for /live, which accepts every version whose /live part is the current one. */
export const requireLiveProtocol = protocolGate(LIVE_PROTOCOL_VERSIONS);
