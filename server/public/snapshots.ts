/**
 * The public snapshots: what readers see of a story (its live snapshot) and of a card (its public
 * view), built once per change and held in memory. The live page, the Atom feed, the feed and
 * story APIs, `live:join`, `live:watchCard`, card pages, embed frames and oEmbed all read them, so
 * a thousand readers arriving in the same second cost one build, not a thousand.
 *
 * - Single flight: concurrent misses for one story share one build.
 * - Invalidation: `invalidate({ storyId, cardId })` on every public change (server/realtime/broadcasts.ts
 *   is the one place those pass; with several processes the change travels through the Socket.IO
 *   adapter from there).
 * - A build that started before an invalidation of its story is handed to the callers that were
 *   waiting for it (they asked before the change) but never stored: the next reader builds anew.
 * - Representations (HTML per origin, JSON, Atom) are rendered lazily once per snapshot and keep
 *   their ETag beside them (server/public/http-cache.ts).
 *
 * Unknown slugs and ids are not cached (a guessed id must not grow memory), and each map is
 * bounded: past its size the oldest entries go.
 */
import { createHash } from "node:crypto";
import type { LiveSnapshot } from "../../lib/protocol/feed";
import type { Story } from "../../lib/protocol/schemas";
import { toStory } from "../domain/dto";
import { snapshotOf } from "../domain/feed";
import { publicCardView, type PublicCardView } from "../domain/public-cards";
import type { DeskStore } from "../store/types";

/** One representation of a snapshot: its bytes and their strong ETag. */
export interface Rendered {
  body: string;
  etag: string;
}

interface Entry<T> {
  value: T;
  /** When it was built: the Last-Modified of every representation of it. */
  builtAt: Date;
  /** Rendered representations by key (e.g. "html:https://news.example"). */
  rendered: Map<string, Rendered>;
}

export type StoryEntry = Entry<LiveSnapshot> & {
  /** The story as the public REST API has always served it (GET /api/stories/:slug). */
  story: Story;
};
export type CardEntry = Entry<Extract<PublicCardView, { state: "published" }> | Extract<PublicCardView, { state: "withdrawn" }>>;

/** What changed: a story (its feed, cards or settings) and, for a card change, which card. */
export interface PublicChange {
  storyId: string;
  cardId?: string;
}

export interface SnapshotOptions {
  /** False: every read builds afresh (route tests that change the store behind its back). */
  enabled?: boolean;
  maxStories?: number;
  maxCards?: number;
}

/** Representations kept per snapshot: one per origin the site is reached under, and a few kinds. */
const RENDERED_MAX = 16;

export const etagOf = (body: string) => `"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;

export class PublicSnapshots {
  private readonly stories = new Map<string, StoryEntry>();
  private readonly cards = new Map<string, CardEntry>();
  private readonly storyFlights = new Map<string, Promise<StoryEntry | null>>();
  private readonly cardFlights = new Map<string, Promise<CardEntry | null>>();
  /** A counter bumped by every invalidation, and the value it had at each story's last one. */
  private epoch = 0;
  private readonly invalidatedAt = new Map<string, number>();
  private readonly enabled: boolean;
  private readonly maxStories: number;
  private readonly maxCards: number;
  /** Builds done (for /metrics and the tests that count them). */
  builds = 0;

  constructor(
    private readonly store: DeskStore,
    options: SnapshotOptions = {},
  ) {
    this.enabled = options.enabled ?? true;
    this.maxStories = options.maxStories ?? 500;
    this.maxCards = options.maxCards ?? 5_000;
  }

  /** A story's public snapshot by slug, or null for an unknown story. */
  story(slug: string): Promise<StoryEntry | null> {
    const hit = this.stories.get(slug);
    if (hit) return Promise.resolve(hit);
    const flying = this.storyFlights.get(slug);
    if (flying) return flying;
    const start = this.epoch;
    const flight = (async () => {
      const story = slug.length <= 120 ? await this.store.findStoryBySlug(slug) : null;
      if (!story) return null;
      this.builds++;
      const entry: StoryEntry = { value: await snapshotOf(this.store, story), story: toStory(story), builtAt: new Date(), rendered: new Map() };
      if (this.enabled && !this.changedSince(story.id, start)) put(this.stories, slug, entry, this.maxStories);
      return entry;
    })().finally(() => {
      if (this.storyFlights.get(slug) === flight) this.storyFlights.delete(slug);
    });
    if (this.enabled) this.storyFlights.set(slug, flight);
    return flight;
  }

  /** A card's public view (published or withdrawn), or null for an unknown or never-published card. */
  card(cardId: string): Promise<CardEntry | null> {
    const hit = this.cards.get(cardId);
    if (hit) return Promise.resolve(hit);
    const flying = this.cardFlights.get(cardId);
    if (flying) return flying;
    const start = this.epoch;
    const flight = (async () => {
      const view = await publicCardView(this.store, cardId);
      if (!view) return null;
      this.builds++;
      const entry: CardEntry = { value: view, builtAt: new Date(), rendered: new Map() };
      const storyId = view.state === "published" ? view.card.storyId : null;
      const stale = (this.invalidatedAt.get(`card:${cardId}`) ?? -1) > start || (storyId !== null && this.changedSince(storyId, start));
      if (this.enabled && !stale) put(this.cards, cardId, entry, this.maxCards);
      return entry;
    })().finally(() => {
      if (this.cardFlights.get(cardId) === flight) this.cardFlights.delete(cardId);
    });
    if (this.enabled) this.cardFlights.set(cardId, flight);
    return flight;
  }

  /** Something public changed: drops what it touches, and keeps builds in flight from being stored. */
  invalidate(change: PublicChange): void {
    this.epoch++;
    this.invalidatedAt.set(change.storyId, this.epoch);
    for (const [slug, entry] of this.stories) if (entry.value.story.id === change.storyId) this.stories.delete(slug);
    // A flight's story is unknown until it lands: later readers must not join one that may be stale.
    this.storyFlights.clear();
    for (const [id, entry] of this.cards) {
      if (entry.value.state === "published" && entry.value.card.storyId === change.storyId) this.cards.delete(id);
    }
    if (change.cardId) {
      this.invalidatedAt.set(`card:${change.cardId}`, this.epoch);
      this.cards.delete(change.cardId);
      this.cardFlights.delete(change.cardId);
    }
  }

  /** One representation of an entry, rendered on first use and kept with the entry. */
  rendered(entry: StoryEntry | CardEntry, key: string, render: () => string): Rendered {
    let found = entry.rendered.get(key);
    if (!found) {
      const body = render();
      found = { body, etag: etagOf(body) };
      if (entry.rendered.size < RENDERED_MAX) entry.rendered.set(key, found);
    }
    return found;
  }

  private changedSince(storyId: string, start: number): boolean {
    return (this.invalidatedAt.get(storyId) ?? -1) > start;
  }
}

function put<T>(map: Map<string, T>, key: string, value: T, max: number): void {
  map.set(key, value);
  // Maps iterate in insertion order: the first keys are the oldest.
  while (map.size > max) map.delete(map.keys().next().value as string);
}
