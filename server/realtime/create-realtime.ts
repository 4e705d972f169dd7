/**
 * The realtime half of a server process, assembled on its HTTP server: Socket.IO (the desk and
 * the readers' "/live" namespace), the card-text channels, the services every handler and route
 * calls, and the broadcasts that follow their changes. Called only by the server factory
 * (server/node.ts), which production, tests and benchmarks all use.
 */
import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { anchorCheck } from "../collab/anchors";
import type { CardDocs } from "../collab/card-docs";
import { suggestionDecisions } from "../collab/card-suggestions";
import { cardTextAccess } from "../collab/card-text";
import type { TextWriteMode } from "../collab/suggestion-guard";
import { authorize } from "../domain/policy";
import type { RateLimits } from "../domain/rate-limits";
import { startScheduler } from "../domain/scheduled";
import { toCardTextChange } from "../domain/dto";
import { loggerFor } from "../logger";
import type { MediaStorage } from "../media/manifest";
import { watchConnections } from "../ops/metrics";
import type { TrustProxy } from "../ops/proxy";
import { startAudience, type ReaderData } from "../public/audience";
import { PublicSnapshots } from "../public/snapshots";
import { createServices, type Readiness, type Services } from "../services";
import type { DeskStore } from "../store/types";
import { serialQueue } from "../store/serial";
import { authenticate, eventGuard } from "./auth";
import { Broadcasts } from "./broadcasts";
import { attachCollabChannels } from "./collab-channel";
import { CollabRooms } from "./collab-rooms";
import { requireProtocol, signedIn, type SocketQueue } from "./command";
import { linkProcesses } from "./cross-process";
import { announceLeft } from "./presence";
import { watchClusterHealth } from "./every-process";
import { gateEvents, MAX_FRAME_BYTES } from "./event-gate";
import { registerDeskHandlers } from "./handlers";
import { checkOrigin } from "./origin";
import { createLiveNamespace } from "./public-live";
import { sessionRoom, userRoom } from "./rooms";
import { StoryGuard } from "./story-guard";
import type { DeskServer } from "./types";

/** A writer who may change the text directly (one object, not one per keystroke). */
const EDIT_TEXT: TextWriteMode = { mode: "edit" };

const log = loggerFor("realtime");

/** Several processes: the Redis adapter and the hooks of its connection (server/scale/redis.ts). */
export interface ClusterDeps {
  adapter: ServerOptions["adapter"];
  onRecovered(listener: () => void): void;
  /** Whether Redis answers now; while it does not, nothing waits on it. */
  healthy(): boolean;
  /** How often to re-read the card-text log for updates missed from other processes (ms). */
  catchUpMs: number;
}

export interface RealtimeDeps {
  store: DeskStore;
  docs: CardDocs;
  limits: RateLimits;
  media: MediaStorage;
  cluster: ClusterDeps | null;
  trustProxy: TrustProxy;
  /** Origins besides the desk's own that may open the desk socket (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  /** How often (ms) readers are counted for the desks and /metrics (AUDIENCE_REPORT_MS). */
  audienceMs: number;
  /** How often (ms) this process looks for scheduled posts that are due; 0: never. */
  scheduleMs: number;
  /** Told when notifications were stored (the email batcher's nudge). */
  onNotified: (() => void) | undefined;
  readiness(): Promise<Readiness>;
}

export interface Realtime {
  io: DeskServer;
  services: Services;
  /** Closes every connection, then writes what the card documents still hold. */
  stop(): Promise<void>;
}

export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): Realtime {
  const { store, docs, limits, cluster } = deps;
  const io: DeskServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // No connection-state recovery on purpose: a reconnecting client joins again and gets the
    // whole story in the join ack, which is correct after any gap, however long.
    ...(cluster ? { adapter: cluster.adapter } : {}),
  });
  const unwatch = watchConnections(() => io.engine.clientsCount);
  if (cluster) watchClusterHealth(io, () => cluster.healthy());

  // Card text: its own WebSocket per desk connection (./collab-channel.ts), relayed per card here
  // and to the other processes (./cross-process.ts). Publishing reads it from the live documents,
  // and a restored text or a decided suggestion reaches this process's open editors.
  const rooms = new CollabRooms();
  const links = linkProcesses(io, docs, rooms, store.docs, cluster ?? undefined);
  const relay = (cardId: string, update: Uint8Array) => rooms.relayUpdate(cardId, update);
  const sharedLog = cluster ? store.docs : undefined;

  const snapshots = new PublicSnapshots(store);
  // The desk's per-event story checks (archived, restricted), cached per process.
  const guard = new StoryGuard({
    flags: (storyId) => services.stories.flags(storyId),
    visibleTo: (story, viewer) => services.stories.visibleTo(story, viewer),
  });
  const live = createLiveNamespace(io, {
    snapshots,
    resume: (snapshot, after) => services.feed.resume(snapshot, after),
    limits,
    trustProxy: deps.trustProxy,
  });
  const broadcasts = new Broadcasts({
    io,
    live,
    store,
    snapshots,
    clustered: cluster !== null,
    forgetStory: (storyId) => guard.forget(storyId),
    onNotified: deps.onNotified,
  });
  const services: Services = createServices({
    store,
    text: cardTextAccess(docs, relay, sharedLog),
    anchorOk: anchorCheck(docs),
    decide: suggestionDecisions(docs, relay, sharedLog),
    limits,
    media: deps.media,
    snapshots,
    broadcasts,
    readiness: deps.readiness,
  });
  // Someone typed: the desk's card previews follow (readers see the published revision).
  docs.on("bodyChanged", (record) => broadcasts.cardTyped(toCardTextChange(record)));
  const audience = startAudience(io, () => live.sockets.values() as Iterable<{ data: ReaderData }>, {
    intervalMs: deps.audienceMs,
    clustered: cluster !== null,
  });

  io.use(requireProtocol);
  // Before the session lookup: a page of another origin gets nothing, not even that check.
  io.use(checkOrigin({ trustProxy: deps.trustProxy, allowedOrigins: deps.allowedOrigins }));
  io.use(authenticate(services.accounts.resolveSession));
  io.on("connection", (socket) => {
    log.debug({ socket: socket.id, transport: socket.conn.transport.name }, "connected");
    socket.on("disconnect", (reason) => {
      log.debug({ socket: socket.id, reason }, "disconnected");
      // Gone from its story: the others' presence lists and the story list's counts.
      if (!socket.data.storyId) return;
      void announceLeft(io, socket.data.storyId, socket.data.clientId);
      broadcasts.storiesChanged();
    });
    const { user, sessionId } = socket.data;
    // Rooms to reach all of a user's or a session's sockets (role change, deactivation, sign-out).
    if (user && sessionId) void socket.join([userRoom(user.id), sessionRoom(sessionId)]);
    const inOrder: SocketQueue = Object.assign(serialQueue(), { guard: eventGuard(socket, limits) });
    gateEvents(socket);
    guard.attach(socket);
    registerDeskHandlers({ io, socket, services }, inOrder);
  });

  const closeChannels = attachCollabChannels(httpServer, {
    io,
    docs,
    rooms,
    limits,
    guard,
    trustProxy: deps.trustProxy,
    allowedOrigins: deps.allowedOrigins,
    shareAwareness: links.shareAwareness,
    mayWrite(socket, cardId) {
      const user = signedIn(socket);
      authorize(user, "card:edit");
      // An archived story is read-only, its card texts included (cached: no query, and no promise,
      // per keystroke; textWritable throws READ_ONLY at once when the cache says archived).
      if (socket.data.storyId) guard.textWritable(socket.data.storyId, user);
      const mode = services.cards.textMode(user.role, cardId);
      if (mode === "edit") return EDIT_TEXT;
      return mode.then((m): TextWriteMode => (m === "suggest" ? { mode: "suggest", userId: user.id } : EDIT_TEXT));
    },
  });

  const scheduler =
    deps.scheduleMs > 0
      ? startScheduler(store, ({ replaced, update }) => broadcasts.feedReplaced(update, replaced), {
          everyMs: deps.scheduleMs,
          onError: (err) => log.warn({ err }, "scheduled posts: round failed, retrying"),
        })
      : null;

  return {
    io,
    services,
    async stop() {
      // Closing drops every connection without a "server disconnect" packet, so the clients
      // reconnect by themselves (behind a load balancer: to another process).
      closeChannels();
      broadcasts.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      unwatch();
      audience.stop();
      await scheduler?.stop();
      await links.stop();
      // Every acknowledged edit was already stored: this writes compaction and derived text.
      await docs.flushAll();
      docs.destroy();
    },
  };
}
