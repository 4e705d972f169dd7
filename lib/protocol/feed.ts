/**
 * The live feed part of the contract: desk commands for posting and managing updates, and the
 * read-only public namespace that readers' live pages join. See docs/protocol.md ("Live feed").
 */
import { z } from "zod";
import type { PublicCard } from "./embed";
import type { Ack } from "./events";
import { ZId } from "./schemas";

export { LIVE_NAMESPACE } from "./embed";
export type { PublicCard, PublicCorrection } from "./embed";

export const FEED_LIMITS = {
  /** HTML of one post as the editor sends it (before sanitising). */
  bodyHtmlMax: 10_000,
  noteMax: 300,
  headlineMax: 160,
  photoTextMax: 500,
  /** Co-authors named on one post besides its author. */
  coAuthorsMax: 5,
  /** How far ahead a post may be scheduled. */
  scheduleMaxDays: 30,
  /** Page size of the feed API and of the snapshots sent on join. */
  pageMax: 100,
  pageDefault: 30,
} as const;

/**
 * What the live page's one script (public/live/page.js) may weigh, gzipped: half the 60 KB the
 * reader's page may load in all (tests/live-page-budget.test.ts; Lighthouse in bench/RESULTS.md).
 */
export const LIVE_JS_BUDGET_BYTES = 30 * 1024;

/** Edits within this time after posting fix typos; later ones are labelled corrections. */
export const CORRECTION_GRACE_MS = 60_000;

export const ZLiveUpdate = z.object({
  id: z.number().int(),
  storyId: z.string(),
  authorName: z.string(),
  bodyHtml: z.string(),
  bodyText: z.string(),
  cardId: z.string().nullable(),
  keyEvent: z.boolean(),
  version: z.number().int(),
  publishedAt: z.string(),
  editedAt: z.string().nullable(),
  correctedAt: z.string().nullable(),
  correctionNote: z.string().nullable(),
  /** False while a contributor's post waits for an editor (only the desk ever sees those). */
  approved: z.boolean(),
  headline: z.string().nullable(),
  /** Co-bylines: further authors besides `authorName`. */
  coAuthors: z.array(z.string()),
  /** A social or video post (lib/protocol/social-embeds.ts), shown as a click-to-load placeholder. */
  embedUrl: z.string().nullable(),
  photo: z
    .object({ key: z.string(), width: z.number().int(), height: z.number().int(), alt: z.string(), caption: z.string().nullable(), credit: z.string().nullable() })
    .nullable(),
  /** Set while the post waits to be published (desk only; readers never see such a post). */
  scheduledFor: z.string().nullable(),
});
export type LiveUpdate = z.infer<typeof ZLiveUpdate>;

export interface FeedState {
  updates: LiveUpdate[];
  pinnedUpdateId: number | null;
  /**
   * True when another page exists beyond `updates` in the direction of paging: older updates
   * (first page, `before`), or newer ones for a page asked with `after`.
   */
  hasMore: boolean;
}

/** Everything a live page shows, for first paint and after a reconnect. */
export interface LiveSnapshot extends FeedState {
  story: {
    id: string;
    slug: string;
    headline: string;
    summary: string;
    coverageStart: string | null;
    coverageEnd: string | null;
    /** IANA zones the page shows times in (the story's own, e.g. America/Bogota). */
    timeZones: string[];
  };
  pinned: LiveUpdate | null;
  keyEvents: LiveUpdate[];
  cards: PublicCard[];
}

const ZBody = z
  .string()
  .max(FEED_LIMITS.bodyHtmlMax, `The post is longer than ${FEED_LIMITS.bodyHtmlMax / 1000} KB`)
  .refine((html) => html.replace(/<[^>]*>/g, "").trim().length > 0, "The post is empty");
const ZUpdateId = z.number().int().min(1).max(2 ** 31 - 1);

const ZHeadline = z.string().trim().max(FEED_LIMITS.headlineMax, `The headline must be at most ${FEED_LIMITS.headlineMax} characters`);
const ZPhotoText = z.string().trim().max(FEED_LIMITS.photoTextMax, `At most ${FEED_LIMITS.photoTextMax} characters`);
/** A photo uploaded first (POST /api/stories/:id/photos), then attached by its key. */
export const ZPhotoRef = z.object({
  key: z.string().regex(/^[a-f0-9]{32}$/, "Unknown photo: upload it again"),
  alt: z.string().trim().min(1, "Describe the photo (alt text) for readers who cannot see it").max(FEED_LIMITS.photoTextMax),
  caption: ZPhotoText.optional(),
  credit: ZPhotoText.optional(),
});
export type PhotoRef = z.input<typeof ZPhotoRef>;
/** An ISO time; its range (future, not absurdly far) is checked by the server against its clock. */
const ZScheduleAt = z.string().datetime({ offset: true, message: "The time must be a date and time (ISO 8601)" });

export const ZPostUpdate = z.object({
  body: ZBody,
  cardId: ZId.nullable().default(null),
  keyEvent: z.boolean().default(false),
  headline: ZHeadline.optional(),
  coAuthors: z.array(z.string().trim().min(1).max(80)).max(FEED_LIMITS.coAuthorsMax).optional(),
  /** An address from X, YouTube, …; other sites are posted as a plain link; javascript: and data: are refused. */
  embedUrl: z.string().trim().max(2000).optional(),
  photo: ZPhotoRef.optional(),
  /** Publish at this time instead of now. */
  scheduleAt: ZScheduleAt.optional(),
});
export type PostUpdate = z.input<typeof ZPostUpdate>;

export const ZEditUpdate = z.object({
  updateId: ZUpdateId,
  baseVersion: z.number().int().min(1),
  body: ZBody,
  /** Label the edit as a correction even within the grace period. */
  correction: z.boolean().default(false),
  note: z.string().trim().max(FEED_LIMITS.noteMax, `The note must be at most ${FEED_LIMITS.noteMax} characters`).optional(),
  /** A new headline ("" removes it); absent keeps it. */
  headline: ZHeadline.optional(),
  /** A scheduled post only: a new publication time. */
  scheduleAt: ZScheduleAt.optional(),
});
export type EditUpdate = z.input<typeof ZEditUpdate>;

export const ZDeleteUpdate = z.object({ updateId: ZUpdateId });
/** Pin one approved update (null unpins). */
export const ZPinUpdate = z.object({ updateId: ZUpdateId.nullable() });
export const ZMarkKeyEvent = z.object({ updateId: ZUpdateId, keyEvent: z.boolean() });
/** A contributor's post waiting for an editor (its own schema: same shape as a delete today, not the same command). */
export const ZApproveUpdate = z.object({ updateId: ZUpdateId });
/** The desk's feed panel pages back: updates older than `before` (an update id). */
export const ZFeedMore = z.object({ before: z.number().int().min(1) });
export const ZLiveJoin = z.object({
  slug: z.string().trim().min(1).max(120),
  /** A reader coming back: the newest update id it shows. The answer is then a `LiveResume`. */
  after: z.number().int().min(0).max(2 ** 31 - 1).optional(),
});

/**
 * The answer to a join with `after`: what changed since, not the whole page. `missed` are the
 * updates newer than `after`, oldest first; `window` lists the ids and versions of the latest page
 * (a shown update missing from it within its range was deleted); `edited` are the window's updates
 * changed since they were posted (version > 1), for the reader to replace the copies it holds. When
 * more than a page was missed the server answers with a whole `LiveSnapshot` instead.
 */
export interface LiveResume extends Omit<LiveSnapshot, "updates" | "hasMore"> {
  resume: true;
  missed: LiveUpdate[];
  window: [id: number, version: number][];
  edited: LiveUpdate[];
}
export const ZWatchCard = z.object({
  cardId: ZId,
  /** The embedding page's origin, for the desk's count by partner site (lib/protocol/audience.ts). */
  site: z.string().max(200).optional(),
});

/** Events of the public namespace: readers may only join a story or watch one card (embeds). */
export interface LiveClientEvents {
  "live:join": (payload: { slug: string; after?: number }, ack: (r: Ack<LiveSnapshot | LiveResume>) => void) => void;
  /** An embed: the card's published revision now, then `live:card` / `live:cardWithdrawn` for it. */
  "live:watchCard": (payload: { cardId: string; site?: string }, ack: (r: Ack<PublicCard>) => void) => void;
}

export interface LiveServerEvents {
  /** A new update, or a changed one (edited, corrected, key-event flag). */
  "live:update": (update: LiveUpdate) => void;
  /** An update was deleted: remove it. */
  "live:removed": (payload: { id: number }) => void;
  "live:pinned": (payload: { pinned: LiveUpdate | null }) => void;
  /** A card was published, republished, or moved (readers get its published revision). */
  "live:card": (card: PublicCard) => void;
  /** A card is no longer published (or was deleted). */
  "live:cardWithdrawn": (payload: { id: string }) => void;
  /** The story's public fields changed (headline, summary, time zones, coverage start or end). */
  "live:story": (story: LiveSnapshot["story"]) => void;
}

/** Whether readers may see an update: approved by an editor and not waiting for its scheduled time. */
export const isPublicUpdate = (u: Pick<LiveUpdate, "approved" | "scheduledFor">) => u.approved && u.scheduledFor === null;

/** When a feed last changed: the latest publication or edit among `updates` (null when empty). */
export function lastModified(updates: readonly LiveUpdate[]): string | null {
  let latest: string | null = null;
  for (const u of updates) {
    const at = u.editedAt ?? u.publishedAt;
    if (latest === null || Date.parse(at) > Date.parse(latest)) latest = at;
  }
  return latest;
}
