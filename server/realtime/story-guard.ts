/**
 * Two rules every event on a joined story passes, checked centrally so no handler can forget:
 * - a restricted story exists only for its members and admins: a socket that lost access (the
 *   story was restricted without it) is taken off the story and answered NOT_FOUND;
 * - an archived story is read-only for everyone: changes are answered READ_ONLY.
 * Story state is cached briefly per process (writes here clear it at once; another process's
 * change is seen within CACHE_MS), so the check costs no query on busy sockets.
 */
import { CLIENT_EVENT_TABLE, CLIENT_EVENTS } from "../../lib/protocol/events";
import { ackOf } from "./command";
import { can } from "../../lib/protocol/roles";
import type { Viewer } from "../domain/story-access";
import { DomainError } from "../domain/errors";
import type { Services } from "../services";
import { storyRoom } from "./rooms";
import type { DeskSocket } from "./types";

const CACHE_MS = 2_000;

/** Events that change a story's cards, text, feed or review (refused while it is archived): from the contract. */
const WRITES = new Set<string>(CLIENT_EVENTS.filter((e) => CLIENT_EVENT_TABLE[e].writes));

/**
 * Presence is on the typing hot path (card text has its own channel: see checkText): it never waits for a lookup. With the story's state
 * cached they are checked at once; otherwise they pass and the cache is refreshed behind them, so a
 * change of access or archive reaches text events within one refresh (CACHE_MS plus a query).
 */
const HOT = new Set(["presence:update"]);

/** Events not about the joined story (they name their story themselves, and check it): from the contract. */
const UNSCOPED = new Set<string>(CLIENT_EVENTS.filter((e) => !CLIENT_EVENT_TABLE[e].joined));

interface Cached {
  at: number;
  archived: boolean;
  restricted: boolean;
}

export class StoryGuard {
  private readonly stories = new Map<string, Cached>();
  private readonly access = new Map<string, { at: number; ok: boolean }>();
  /** Lookups of a story's flags under way (see state). */
  private readonly refreshing = new Map<string, Promise<Cached | null>>();

  constructor(private readonly lookup: Pick<Services["stories"], "flags" | "visibleTo">) {}

  /** Forget what is known of a story (after this process changed it). */
  forget(storyId: string): void {
    this.stories.delete(storyId);
    this.refreshing.delete(storyId); // a lookup under way may have read the state before the change
    for (const key of this.access.keys()) if (key.startsWith(`${storyId}/`)) this.access.delete(key);
  }

  private async state(storyId: string): Promise<Cached | null> {
    const hit = this.stories.get(storyId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit;
    // One lookup at a time per story: when the cache runs out, every keystroke until the answer
    // comes would otherwise start its own query (at 200 editors, dozens every two seconds, each
    // queued behind the card-text commits).
    let pending = this.refreshing.get(storyId);
    if (!pending) {
      const lookup: Promise<Cached | null> = this.lookup.flags(storyId).then((flags) => {
        if (this.refreshing.get(storyId) !== lookup) return flags && { at: Date.now(), ...flags }; // forgotten meanwhile
        if (!flags) return null;
        const fresh = { at: Date.now(), ...flags };
        this.stories.set(storyId, fresh);
        return fresh;
      });
      pending = lookup;
      this.refreshing.set(storyId, lookup);
      const done = () => {
        if (this.refreshing.get(storyId) === lookup) this.refreshing.delete(storyId);
      };
      lookup.then(done, done);
    }
    return pending;
  }

  /** Throws NOT_FOUND when the user may no longer see the story. */
  async visible(storyId: string, user: Viewer): Promise<Cached> {
    const state = await this.state(storyId);
    if (!state) throw new DomainError("NOT_FOUND", "Story was not found");
    if (state.restricted && !can(user.role, "story:readRestricted")) {
      const key = `${storyId}/${user.id}`;
      let seen = this.access.get(key);
      if (!seen || Date.now() - seen.at >= CACHE_MS) {
        seen = { at: Date.now(), ok: await this.lookup.visibleTo({ id: storyId, restricted: true }, user) };
        this.access.set(key, seen);
      }
      if (!seen.ok) throw new DomainError("NOT_FOUND", "Story was not found");
    }
    return state;
  }

  /** Throws READ_ONLY when the story is archived (for card-text writes, see create-realtime.ts). */
  async writable(storyId: string, user: Viewer): Promise<void> {
    const state = await this.visible(storyId, user);
    if (state.archived) throw new DomainError("READ_ONLY", "This story is archived: it is read-only until it is unarchived");
  }

  /**
   * Socket middleware: runs before the event's handler. Events pass in the order they came: a
   * check that must ask the database holds the ones behind it (a reply out of order could run a
   * card's update before its creation). With the story's state cached, an event passes at once.
   */
  attach(socket: DeskSocket): void {
    let tail: Promise<void> = Promise.resolve();
    let pending = 0;
    socket.use(([event, ...args], next) => {
      const storyId = socket.data.storyId;
      const user = socket.data.user;
      if (pending === 0 && (!storyId || !user || UNSCOPED.has(event))) return next();
      const write = WRITES.has(event);
      if (pending === 0 && storyId && user && this.passes(storyId, user, write)) return next();
      if (pending === 0 && storyId && user && HOT.has(event) && !this.known(storyId)) {
        void this.visible(storyId, user).catch(() => undefined);
        return next();
      }
      pending += 1;
      tail = tail.then(async () => {
        try {
          if (storyId && user && !UNSCOPED.has(event)) await (write ? this.writable(storyId, user) : this.visible(storyId, user));
          next();
        } catch (err) {
          this.refuse(socket, storyId, args, err);
        } finally {
          pending -= 1;
        }
      });
    });
  }

  /**
   * The same rule for a card-text frame (./collab-channel.ts), which does not pass through the
   * desk socket's middleware: at once with the story's state cached; otherwise it passes and the
   * cache is refreshed behind it, except when a stale state already said no.
   */
  checkText(socket: DeskSocket, storyId: string, user: Viewer): Promise<void> | void {
    if (this.passes(storyId, user, false)) return;
    if (!this.known(storyId)) {
      void this.visible(storyId, user).catch(() => undefined);
      return;
    }
    return this.visible(storyId, user).then(
      () => undefined,
      (err: unknown) => {
        if (err instanceof DomainError && err.code === "NOT_FOUND") this.offStory(socket, storyId);
        throw err;
      },
    );
  }

  /** Off the story entirely: no more broadcasts, no presence. */
  private offStory(socket: DeskSocket, storyId: string): void {
    socket.data.storyId = null;
    socket.data.editingCardId = null;
    void socket.leave(storyRoom(storyId));
  }

  private known(storyId: string): boolean {
    const state = this.stories.get(storyId);
    return !!state && Date.now() - state.at < CACHE_MS;
  }

  /**
   * For card-text writes (create-realtime.ts): refused when the cached state says archived; when
   * nothing fresh is cached the write goes on and the state is refreshed behind it.
   */
  textWritable(storyId: string, user: Viewer): void {
    const state = this.stories.get(storyId);
    if (state && Date.now() - state.at < CACHE_MS) {
      if (state.archived) throw new DomainError("READ_ONLY", "This story is archived: it is read-only until it is unarchived");
      return;
    }
    void this.visible(storyId, user).catch(() => undefined);
  }

  /** True when the cached state already lets the event through (no query, no wait). */
  private passes(storyId: string, user: Viewer, write: boolean): boolean {
    const state = this.stories.get(storyId);
    if (!state || Date.now() - state.at >= CACHE_MS || (write && state.archived)) return false;
    if (!state.restricted || can(user.role, "story:readRestricted")) return true;
    const seen = this.access.get(`${storyId}/${user.id}`);
    return !!seen && seen.ok && Date.now() - seen.at < CACHE_MS;
  }

  private refuse(socket: DeskSocket, storyId: string | null, args: unknown[], err: unknown): void {
    const ack = ackOf(args.at(-1));
    if (err instanceof DomainError) {
      if (err.code === "NOT_FOUND" && storyId) this.offStory(socket, storyId);
      ack({ ok: false, error: err.toAckError() });
    } else {
      ack({ ok: false, error: { code: "INTERNAL", message: "The server could not check this story. Nothing was saved; try again." } });
    }
  }
}
