/**
 * Two rules every event on a joined story passes, checked centrally so no handler can forget:
 * - a restricted story exists only for its members and admins: a socket that lost access (the
 *   story was restricted without it) is taken off the story and answered NOT_FOUND;
 * - an archived story is read-only for everyone: changes are answered READ_ONLY.
 * Story state is cached briefly per process (writes here clear it at once; another process's
 * change is seen within CACHE_MS), so the check costs no query on busy sockets.
 */
import { ackOf } from "./command";
import { canSee, type Viewer } from "../domain/story-access";
import { DomainError } from "../domain/errors";
import type { DeskStore } from "../store/types";
import { storyRoom, type DeskSocket } from "./types";

const CACHE_MS = 2_000;

/** Events that change a story's cards, text or feed (refused while it is archived). */
const WRITES = new Set([
  "card:create",
  "card:update",
  "card:setStatus",
  "card:move",
  "card:delete",
  "card:publish",
  "card:revert",
  "feed:post",
  "feed:edit",
  "feed:delete",
  "feed:pin",
  "feed:keyEvent",
  "feed:approve",
]);

/** Events not about the joined story (they name their story themselves, and check it). */
const UNSCOPED = new Set(["story:join", "stories:watch", "story:propose", "story:create", "story:update", "story:setState", "story:access", "story:setAccess", "story:source"]);

interface Cached {
  at: number;
  archived: boolean;
  restricted: boolean;
}

export class StoryGuard {
  private readonly stories = new Map<string, Cached>();
  private readonly access = new Map<string, { at: number; ok: boolean }>();

  constructor(private readonly store: DeskStore) {}

  /** Forget what is known of a story (after this process changed it). */
  forget(storyId: string): void {
    this.stories.delete(storyId);
    for (const key of this.access.keys()) if (key.startsWith(`${storyId}/`)) this.access.delete(key);
  }

  private async state(storyId: string): Promise<Cached | null> {
    const hit = this.stories.get(storyId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit;
    const story = await this.store.findStoryById(storyId);
    if (!story) return null;
    const fresh = { at: Date.now(), archived: story.archivedAt !== null, restricted: story.restricted };
    this.stories.set(storyId, fresh);
    return fresh;
  }

  /** Throws NOT_FOUND when the user may no longer see the story. */
  async visible(storyId: string, user: Viewer): Promise<Cached> {
    const state = await this.state(storyId);
    if (!state) throw new DomainError("NOT_FOUND", "Story was not found");
    if (state.restricted && user.role !== "admin") {
      const key = `${storyId}/${user.id}`;
      let seen = this.access.get(key);
      if (!seen || Date.now() - seen.at >= CACHE_MS) {
        seen = { at: Date.now(), ok: await canSee(this.store, { id: storyId, restricted: true }, user) };
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

  /** Socket middleware: runs before the event's handler. */
  attach(socket: DeskSocket): void {
    socket.use(([event, ...args], next) => {
      const storyId = socket.data.storyId;
      const user = socket.data.user;
      if (!storyId || !user || UNSCOPED.has(event)) return next();
      const check = WRITES.has(event) ? this.writable(storyId, user) : this.visible(storyId, user);
      check.then(
        () => next(),
        (err: unknown) => {
          const ack = ackOf(args.at(-1));
          if (err instanceof DomainError) {
            if (err.code === "NOT_FOUND") {
              // Off the story entirely: no more broadcasts, no presence.
              socket.data.storyId = null;
              socket.data.editingCardId = null;
              void socket.leave(storyRoom(storyId));
            }
            ack({ ok: false, error: err.toAckError() });
          } else {
            ack({ ok: false, error: { code: "INTERNAL", message: "The server could not check this story. Nothing was saved; try again." } });
          }
        },
      );
    });
  }
}
