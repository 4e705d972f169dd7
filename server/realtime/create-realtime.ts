/**
 * Builds the realtime server on an existing HTTP server. `server/index.ts` wires it to the
 * Next.js server; tests build it on a bare HTTP server on port 0.
 */
import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { CLIENT_EVENTS } from "../../lib/protocol/events";
import { LIMITS } from "../../lib/protocol/schemas";
import { logContext, loggerFor } from "../logger";
import { metrics, watchConnections } from "../ops/metrics";
import { ackOf, requireProtocol, type SocketQueue } from "./command";
import { authenticate, eventGuard, sessionRoom, userRoom } from "./auth";
import { createRateLimits, type RateLimits } from "../domain/rate-limits";
import { DomainError } from "../domain/errors";
import { authorize } from "../domain/policy";
import { cardTextMode } from "../../lib/protocol/roles";
import { CardDocs } from "../collab/card-docs";
import { cardTextAccess } from "../collab/card-text";
import { linkProcesses, type ProcessLink } from "./cross-process";
import { watchClusterHealth } from "./every-process";
import { toCardTextChange } from "../domain/dto";
import { serialQueue } from "../store/serial";
import { attachCollabChannels } from "./collab-channel";
import { CollabRooms } from "./collab-rooms";
import { previewFanout, type PreviewFanout } from "./preview-fanout";
import { registerDeskHandlers, type DeskDeps } from "./desk-handlers";
import { registerFeedHandlers } from "./feed-handlers";
import { startScheduler } from "../domain/scheduled";
import type { MediaStorage } from "../media/manifest";
import { registerReviewHandlers, type ReviewDeps } from "./review-handlers";
import { suggestionDecisions } from "../collab/card-suggestions";
import { anchorCheck } from "../collab/anchors";
import { StoryGuard } from "./story-guard";
import { registerStoryHandlers, STORY_EVENT_BYTES } from "./story-handlers";
import { createLiveNamespace, LiveAnnouncer } from "./public-live";
import { PublicSnapshots } from "../public/snapshots";
import { linkSnapshots } from "../public/cross-process";
import { startAudience, type Audience, type ReaderData } from "../public/audience";
import { checkOrigin, type OriginPolicy } from "./origin";
import { storyRoom, type DeskServer, type DeskSocket } from "./types";

const log = loggerFor("realtime");
const known = new Set<string>(CLIENT_EVENTS);

/** Transport ceiling: a frame above this closes the connection (Socket.IO's own rule). */
const MAX_FRAME_BYTES = 1_000_000;

/** Size of an event's arguments: binary parts by their length, the rest as JSON. */
function payloadBytes(args: unknown[]): number {
  let binary = 0;
  try {
    const json = JSON.stringify(
      args.filter((a) => typeof a !== "function"),
      (_key, value: unknown) => {
        if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
          binary += value.byteLength;
          return null;
        }
        // Buffer.toJSON runs before the replacer sees it: count the serialised form's bytes.
        if ((value as { type?: unknown })?.type === "Buffer" && Array.isArray((value as { data?: unknown }).data)) {
          binary += (value as { data: unknown[] }).data.length;
          return null;
        }
        return value;
      },
    );
    return binary + Buffer.byteLength(json ?? "");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Per-event ceilings: a story's source text may be larger than a card command. */
const EVENT_BYTES: Record<string, number> = STORY_EVENT_BYTES;

/** Refuses unknown events and oversized payloads with an error ack before any handler runs. */
function guardEvents(socket: DeskSocket): void {
  socket.use(([event, ...args], next) => {
    const ack = ackOf(args.at(-1));
    metrics.events.inc({ event: known.has(event) ? event : "unknown" });
    if (!known.has(event)) {
      log.warn({ event: String(event).slice(0, 64), socket: socket.id }, "unknown event");
      ack({ ok: false, error: { code: "UNKNOWN_EVENT", message: `Unknown event "${String(event).slice(0, 64)}"` } });
      return;
    }
    const limit = EVENT_BYTES[event] ?? LIMITS.eventBytesMax;
    if (payloadBytes(args) > limit) {
      ack({ ok: false, error: { code: "PAYLOAD_TOO_LARGE", message: `Payload is larger than ${Math.floor(limit / 1024)} KB` } });
      return;
    }
    // Every line logged while handling the event names its socket.
    logContext.run({ socket: socket.id }, () => next());
  });
}

/** Several processes: the Redis adapter and the hooks of its connection (server/scale/redis.ts). */
export interface ClusterDeps {
  adapter: ServerOptions["adapter"];
  onRecovered(listener: () => void): void;
  /** Whether Redis answers now; while it does not, nothing waits on it. */
  healthy(): boolean;
  /** How often to re-read the card-text log for updates missed from other processes (ms). */
  catchUpMs: number;
}

export function createRealtime(
  httpServer: HttpServer,
  deps: DeskDeps & {
    docs?: CardDocs;
    cluster?: ClusterDeps;
    limits?: RateLimits;
    snapshots?: PublicSnapshots;
    /** How often (ms) readers are counted for the desks and /metrics (AUDIENCE_REPORT_MS). */
    audienceMs?: number;
    /** Photos of live posts (MEDIA_DIR); posts with photos are refused without it. */
    media?: MediaStorage;
    /** How often (ms) this process looks for scheduled posts that are due; 0: never. */
    scheduleMs?: number;
    /** Told when notifications were stored (the email batcher's nudge). */
    onNotified?: ReviewDeps["onNotified"];
  } & OriginPolicy,
): DeskServer {
  const io: DeskServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // No connection-state recovery on purpose: a reconnecting client joins again and gets the
    // whole story in the join ack, which is correct after any gap, however long.
    ...(deps.cluster ? { adapter: deps.cluster.adapter } : {}),
  });
  unwatchOf.set(io, watchConnections(() => io.engine.clientsCount));
  if (deps.cluster) watchClusterHealth(io, () => deps.cluster!.healthy());

  io.use(requireProtocol);
  // Before the session lookup: a page of another origin gets nothing, not even that check.
  io.use(checkOrigin(deps));
  io.use(authenticate(deps.store));
  const limits = deps.limits ?? createRateLimits();

  // Readers' snapshots, dropped on every public change here and on the other processes.
  const snapshots = deps.snapshots ?? new PublicSnapshots(deps.store);
  snapshotsOf.set(io, snapshots);
  const live = createLiveNamespace(io, deps.store, snapshots, limits, deps.trustProxy);
  const announce = new LiveAnnouncer(live, deps.store, linkSnapshots(io, snapshots, Boolean(deps.cluster)));
  const audience = startAudience(io, () => live.sockets.values() as Iterable<{ data: ReaderData }>, {
    intervalMs: deps.audienceMs ?? 5_000,
    clustered: Boolean(deps.cluster),
  });
  audienceOf.set(io, audience);
  const guard = new StoryGuard(deps.store);
  const docs = deps.docs ?? new CardDocs(deps.store.docs);
  docsOf.set(io, docs);
  // Card text travels on its own WebSocket per desk connection (./collab-channel.ts).
  const rooms = new CollabRooms();
  linksOf.set(io, linkProcesses(io, docs, rooms, deps.store.docs, deps.cluster));
  // Derived text changed (someone typed): the desk's card previews follow — a preview, not the
  // whole card (editors of the card have the text itself), gathered per story (./preview-fanout.ts).
  // Readers do not: they see the published revision until the card is published again.
  const previews = previewFanout(io);
  previewsOf.set(io, previews);
  docs.on("bodyChanged", (record) => previews.add(toCardTextChange(record)));
  // Publishing reads card text from the live documents; a restored text reaches open editors.
  const text = cardTextAccess(
    docs,
    // This process's editors only: other processes relay it from the cross-process announcement.
    (cardId, update) => rooms.relayUpdate(cardId, update),
    deps.cluster ? deps.store.docs : undefined,
  );

  // Review (issue 16): anchors checked and suggestions decided on the live documents.
  const review: ReviewDeps = {
    store: deps.store,
    anchorOk: anchorCheck(docs),
    decide: suggestionDecisions(
      docs,
      (cardId, update) => rooms.relayUpdate(cardId, update),
      deps.cluster ? deps.store.docs : undefined,
    ),
    onNotified: deps.onNotified,
  };

  io.on("connection", (socket) => {
    log.debug({ socket: socket.id, transport: socket.conn.transport.name }, "connected");
    socket.on("disconnect", (reason) => log.debug({ socket: socket.id, reason }, "disconnected"));
    const { user, sessionId } = socket.data;
    // Rooms to reach all of a user's or a session's sockets (role change, deactivation, sign-out).
    if (user && sessionId) void socket.join([userRoom(user.id), sessionRoom(sessionId)]);
    const inOrder: SocketQueue = Object.assign(serialQueue(), { guard: eventGuard(socket, limits) });
    guardEvents(socket);
    guard.attach(socket);
    registerDeskHandlers(io, socket, deps, text, announce, inOrder);
    registerStoryHandlers(io, socket, deps.store, announce, guard, inOrder);
    registerFeedHandlers(io, socket, deps.store, announce, inOrder, deps.media);
    registerReviewHandlers(io, socket, review, inOrder);
  });

  closeChannelsOf.set(
    io,
    attachCollabChannels(httpServer, {
      io,
      docs,
      rooms,
      limits,
      guard,
      trustProxy: deps.trustProxy,
      allowedOrigins: deps.allowedOrigins,
      shareAwareness: linksOf.get(io)!.shareAwareness,
      async mayWrite(socket, cardId) {
        const user = socket.data.user;
        if (!user) throw new DomainError("UNAUTHORIZED", "Sign in to use the desk");
        authorize(user, "card:edit");
        // An archived story is read-only, its card texts included (cached: no query per keystroke).
        if (socket.data.storyId) await guard.textWritable(socket.data.storyId, user);
        // Only contributors depend on the card's status: the lookup is spared everyone else.
        // Past draft they may still suggest (server/collab/suggestion-guard.ts checks each update).
        if (user.role === "contributor") {
          const card = await deps.store.findCard(cardId);
          if (card && cardTextMode(user.role, card.status) === "suggest") return { mode: "suggest", userId: user.id };
        }
        return { mode: "edit" };
      },
    }),
  );

  if (deps.scheduleMs !== 0) {
    const scheduler = startScheduler(
      deps.store,
      ({ replaced, update }) => {
        io.to(storyRoom(update.storyId)).emit("feed:deleted", { storyId: update.storyId, updateId: replaced });
        io.to(storyRoom(update.storyId)).emit("feed:posted", update);
        announce.update(update);
      },
      { everyMs: deps.scheduleMs ?? 1_000, onError: (err) => log.warn({ err }, "scheduled posts: round failed, retrying") },
    );
    schedulerOf.set(io, scheduler);
  }

  return io;
}

const closeChannelsOf = new WeakMap<DeskServer, () => void>();
const previewsOf = new WeakMap<DeskServer, PreviewFanout>();

const docsOf = new WeakMap<DeskServer, CardDocs>();
const schedulerOf = new WeakMap<DeskServer, { stop(): Promise<void> }>();
const snapshotsOf = new WeakMap<DeskServer, PublicSnapshots>();
const audienceOf = new WeakMap<DeskServer, Audience>();

/** The public snapshots a realtime server reads and invalidates (HTTP routes read the same ones). */
export const publicSnapshotsOf = (io: DeskServer): PublicSnapshots => snapshotsOf.get(io)!;
const linksOf = new WeakMap<DeskServer, ProcessLink>();
const unwatchOf = new WeakMap<DeskServer, () => void>();

/**
 * Stops the realtime server: closes every connection, then writes what the card documents
 * still hold (compaction and derived text). Every acknowledged edit was already stored.
 */
export async function shutdownRealtime(io: DeskServer): Promise<void> {
  // Closing drops every connection without a "server disconnect" packet, so the clients
  // reconnect by themselves (behind a load balancer: to another process).
  closeChannelsOf.get(io)?.();
  previewsOf.get(io)?.stop();
  await new Promise<void>((resolve) => io.close(() => resolve()));
  unwatchOf.get(io)?.();
  audienceOf.get(io)?.stop();
  await schedulerOf.get(io)?.stop();
  await linksOf.get(io)?.stop();
  const docs = docsOf.get(io);
  if (!docs) return;
  await docs.flushAll();
  docs.destroy();
}
