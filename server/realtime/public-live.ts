/**
 * The read-only public namespace that readers' live pages and embeds join. It answers two
 * events: `live:join` (a story's snapshot) and `live:watchCard` (one card, for embeds);
 * everything else gets READ_ONLY. What readers hear after a change is sent by ./broadcasts.ts,
 * which only ever sends published revisions.
 *
 * Readers are anonymous, so their events have a budget per connection and per address
 * (server/domain/rate-limits.ts): a script repeating joins is refused with RATE_LIMITED after a
 * few, cheaply, while broadcasts to every reader go on.
 */
import type { Namespace } from "socket.io";
import {
  LIVE_NAMESPACE,
  ZLiveJoin,
  ZWatchCard,
  type LiveClientEvents,
  type LiveResume,
  type LiveServerEvents,
  type LiveSnapshot,
} from "../../lib/protocol/feed";
import { LIMITS } from "../../lib/protocol/schemas";
import { DomainError, notFound } from "../domain/errors";
import type { PublicSnapshots } from "../public/snapshots";
import type { ReaderData } from "../public/audience";
import { siteOrigin } from "../../lib/protocol/audience";
import { take, type RateLimits } from "../domain/rate-limits";
import type { TrustProxy } from "../ops/proxy";
import { handshakeAddress } from "./origin";
import { serialQueue } from "../store/serial";
import { ackOf, command, requireLiveProtocol, type SocketQueue } from "./command";
import { EMBED_ROOM_PREFIX, embedRoom, LIVE_ROOM_PREFIX, liveRoom } from "./rooms";
import type { DeskServer } from "./types";

export type LiveNamespace = Namespace<LiveClientEvents, LiveServerEvents>;

/** Cards one reader connection may watch: a page with many embeds shares nothing, so this is per frame. */
const WATCHED_CARDS_MAX = 20;
const PUBLIC_EVENTS = new Set(["live:join", "live:watchCard"]);

export function createLiveNamespace(
  io: DeskServer,
  { snapshots, resume, limits, trustProxy }: {
    snapshots: PublicSnapshots;
    /** What a reader coming back with `after` missed (server/public/resume.ts). */
    resume: (snapshot: LiveSnapshot, after: number) => Promise<LiveResume | LiveSnapshot>;
    limits: RateLimits;
    trustProxy: TrustProxy;
  },
): LiveNamespace {
  const nsp = io.of(LIVE_NAMESPACE) as unknown as LiveNamespace;
  // The same handshake as the desk: a page from an older deploy is told to reload.
  nsp.use(requireLiveProtocol);
  nsp.on("connection", (socket) => {
    const address = handshakeAddress(socket.request, trustProxy);
    // Runs in the queue before each event: the connection's budget first, so one greedy
    // connection spends its own allowance before its address's (shared with its neighbours).
    const guard = async () => {
      const wait = (await take(limits.liveByConnection, socket.id)) || (await take(limits.liveByAddress, address));
      if (wait > 0) throw new DomainError("RATE_LIMITED", `Too many requests; wait ${wait} s`);
    };
    const inOrder: SocketQueue = Object.assign(serialQueue(), { guard });
    socket.use(([event, ...args], next) => {
      const ack = ackOf(args.at(-1));
      if (!PUBLIC_EVENTS.has(event)) {
        ack({ ok: false, error: { code: "READ_ONLY", message: "Live pages are read-only" } });
        return;
      }
      if (JSON.stringify(args.filter((a) => typeof a !== "function")).length > LIMITS.eventBytesMax) {
        ack({ ok: false, error: { code: "PAYLOAD_TOO_LARGE", message: "Payload is too large" } });
        return;
      }
      next();
    });
    socket.on(
      "live:join",
      command(inOrder, "live:join", ZLiveJoin, async ({ slug, after }) => {
        const data = socket.data as ReaderData;
        const found = await snapshots.story(slug);
        if (!found) throw notFound("Story");
        const room = liveRoom(found.value.story.id);
        for (const other of socket.rooms) if (other.startsWith(LIVE_ROOM_PREFIX) && other !== room) await socket.leave(other);
        // Join first, read second: a change made after the read is sent as an event (the page
        // applies those after the snapshot), so no change can fall between the two. The second
        // read is the cached snapshot unless a change dropped it meanwhile (then it is rebuilt).
        await socket.join(room);
        data.storyId = found.value.story.id;
        const current = await snapshots.story(slug);
        if (!current) throw notFound("Story");
        return { data: after === undefined ? current.value : await resume(current.value, after) };
      }),
    );
    socket.on(
      "live:watchCard",
      command(inOrder, "live:watchCard", ZWatchCard, async ({ cardId, site }) => {
        const data = socket.data as ReaderData;
        const room = embedRoom(cardId);
        const watched = [...socket.rooms].filter((r) => r.startsWith(EMBED_ROOM_PREFIX));
        if (!watched.includes(room) && watched.length >= WATCHED_CARDS_MAX) {
          throw new DomainError("VALIDATION_FAILED", `One connection may watch at most ${WATCHED_CARDS_MAX} cards`);
        }
        // Join first, read second (as live:join): a republication after the read arrives as an event.
        await socket.join(room);
        const view = (await snapshots.card(cardId))?.value;
        const card = view?.state === "published" ? view.card : null;
        if (!card) {
          await socket.leave(room);
          data.watching?.delete(cardId);
          throw new DomainError("NOT_FOUND", "This card is not available");
        }
        // Counted for the desk's audience (server/public/audience.ts): the card, and the site it is on.
        (data.watching ??= new Map()).set(cardId, card.storyId);
        data.site = siteOrigin(site) ?? data.site;
        return { data: card };
      }),
    );
  });
  return nsp;
}
