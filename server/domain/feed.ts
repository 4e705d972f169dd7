/**
 * The live feed: one function per operation, called by the desk's socket handlers and the
 * REST API. Posts are sanitised on the way in; edits are compare-and-set on the version; a
 * late edit is labelled a correction; deletes are tombstones.
 */
import {
  CORRECTION_GRACE_MS,
  FEED_LIMITS,
  type EditUpdate,
  type FeedState,
  type LiveSnapshot,
  type LiveUpdate,
  type PostUpdate,
  isPublicUpdate,
} from "../../lib/protocol/feed";
import type { MediaStorage } from "../media/manifest";
import { postExtras, scheduledTime } from "./post-extras";
import type { Story } from "../../lib/protocol/schemas";
import type { DeskStore, LiveUpdateRecord, StoryRecord } from "../store/types";
import type { Actor } from "./cards";
import { toStory } from "./dto";
import { DomainError, notFound } from "./errors";
import { quote, record } from "./audit";
import { authorize } from "./policy";
import { can } from "../../lib/protocol/roles";
import { publicCardsOf } from "./public-cards";
import { plainText, sanitizeRichText } from "./sanitize";

export function toLiveUpdate(r: LiveUpdateRecord): LiveUpdate {
  return {
    id: r.id,
    storyId: r.storyId,
    authorName: r.authorName,
    bodyHtml: r.bodyHtml,
    bodyText: r.bodyText,
    cardId: r.cardId,
    keyEvent: r.keyEvent,
    version: r.version,
    publishedAt: r.publishedAt.toISOString(),
    editedAt: r.editedAt?.toISOString() ?? null,
    correctedAt: r.correctedAt?.toISOString() ?? null,
    correctionNote: r.correctionNote,
    approved: r.approved,
    headline: r.headline,
    coAuthors: r.coAuthors ? r.coAuthors.split("\n") : [],
    embedUrl: r.embedUrl,
    photo:
      r.photoKey && r.photoWidth && r.photoHeight
        ? { key: r.photoKey, width: r.photoWidth, height: r.photoHeight, alt: r.photoAlt ?? "", caption: r.photoCaption, credit: r.photoCredit }
        : null,
    scheduledFor: r.scheduledFor?.toISOString() ?? null,
  };
}

function cleanBody(html: string): { bodyHtml: string; bodyText: string } {
  const bodyHtml = sanitizeRichText(html);
  const bodyText = plainText(bodyHtml);
  if (!bodyText) throw new DomainError("VALIDATION_FAILED", "body: The post is empty", { field: "body" });
  return { bodyHtml, bodyText };
}

async function loadUpdate(store: DeskStore, id: number, actor: Actor): Promise<LiveUpdateRecord> {
  const update = await store.feed.findUpdate(id);
  if (!update || update.storyId !== actor.storyId) throw notFound("Update");
  return update;
}

/**
 * Posts an update now, or at `scheduleAt` (editors only: a scheduled post is published by
 * whichever process's scheduler claims it first, server/domain/scheduled.ts).
 */
export async function postUpdate(
  store: DeskStore,
  input: PostUpdate,
  actor: Actor,
  { media, now = new Date() }: { media?: MediaStorage; now?: Date } = {},
): Promise<LiveUpdate> {
  authorize(actor, "feed:post");
  if (input.scheduleAt) authorize(actor, "feed:manage");
  const scheduledFor = input.scheduleAt ? scheduledTime(input.scheduleAt, now) : null;
  if (input.cardId) {
    const card = await store.findCard(input.cardId);
    if (!card || card.storyId !== actor.storyId) throw notFound("Card");
  }
  const { extras, appendHtml } = await postExtras(input, media);
  const created = await store.feed.createUpdate({
    storyId: actor.storyId,
    authorName: actor.name,
    ...cleanBody(input.body + appendHtml),
    cardId: input.cardId ?? null,
    keyEvent: input.keyEvent ?? false,
    // A contributor's post waits for an editor; readers never see it until then.
    approved: can(actor.role, "feed:approve"),
    ...extras,
    scheduledFor,
  });
  const state = scheduledFor ? ` (scheduled for ${scheduledFor.toISOString()})` : created.approved ? "" : " (awaiting approval)";
  await record(store, actor, "feed.post", { storyId: actor.storyId, cardId: created.cardId }, `#${created.id}${state}: ${quote(created.bodyText)}`);
  return toLiveUpdate(created);
}

/** Whether an edit made `now` must be labelled as a correction. */
export function isCorrection(publishedAt: Date, now: Date, asked: boolean): boolean {
  return asked || now.getTime() - publishedAt.getTime() > CORRECTION_GRACE_MS;
}

export async function editUpdate(store: DeskStore, input: EditUpdate, actor: Actor, now = new Date()): Promise<LiveUpdate> {
  authorize(actor, "feed:manage");
  const current = await loadUpdate(store, input.updateId, actor).catch((err: unknown) => {
    // The usual way to lose an update while editing it: the scheduler published it meanwhile.
    if (err instanceof DomainError && err.code === "NOT_FOUND") {
      throw new DomainError("NOT_FOUND", "This update is gone: it was deleted, or it was scheduled and has just been published as a new update. Copy your text and edit that one.");
    }
    throw err;
  });
  if (current.version !== input.baseVersion) {
    throw new DomainError("CONFLICT", "Someone else changed this update meanwhile; check it and try again.");
  }
  if (input.scheduleAt && !current.scheduledFor) {
    throw new DomainError("VALIDATION_FAILED", "scheduleAt: This post is already published; its time cannot change", { field: "scheduleAt" });
  }
  // A scheduled post is not public yet: editing it is never a correction.
  const correction = !current.scheduledFor && isCorrection(current.publishedAt, now, input.correction ?? false);
  const written = await store.feed.updateIfVersion(current.id, current.version, {
    ...cleanBody(input.body),
    version: current.version + 1,
    ...(current.scheduledFor ? {} : { editedAt: now }),
    ...(input.headline !== undefined ? { headline: input.headline || null } : {}),
    ...(input.scheduleAt ? { scheduledFor: scheduledTime(input.scheduleAt, now) } : {}),
    ...(correction ? { correctedAt: now, correctionNote: input.note || null } : {}),
  });
  if (!written) throw new DomainError("CONFLICT", "Someone else changed this update meanwhile; check it and try again.");
  await record(store, actor, "feed.edit", { storyId: actor.storyId, cardId: written.cardId }, `#${written.id}${correction ? " corrected" : ""}: ${quote(written.bodyText)}`);
  return toLiveUpdate(written);
}

export async function setKeyEvent(store: DeskStore, updateId: number, keyEvent: boolean, actor: Actor): Promise<LiveUpdate> {
  authorize(actor, "feed:manage");
  const current = await loadUpdate(store, updateId, actor);
  if (current.keyEvent === keyEvent) return toLiveUpdate(current);
  const written = await store.feed.updateIfVersion(current.id, current.version, { keyEvent, version: current.version + 1 });
  if (!written) throw new DomainError("CONFLICT", "This update changed meanwhile; try again.");
  await record(store, actor, "feed.keyEvent", { storyId: actor.storyId }, `#${written.id} ${keyEvent ? "marked" : "unmarked"} as key event`);
  return toLiveUpdate(written);
}

/**
 * Deletes (tombstones) an update. `wasPublic` says whether readers ever saw it: a post still
 * awaiting approval was never public, so readers are not told about it (not even its id).
 */
export async function deleteUpdate(
  store: DeskStore,
  updateId: number,
  actor: Actor,
): Promise<{ wasPinned: boolean; wasPublic: boolean }> {
  authorize(actor, "feed:manage");
  await loadUpdate(store, updateId, actor);
  const pinned = await store.feed.getPinnedId(actor.storyId);
  const deleted = await store.feed.deleteUpdate(updateId);
  if (!deleted) throw notFound("Update");
  await record(store, actor, "feed.delete", { storyId: actor.storyId }, `#${updateId} deleted`);
  return { wasPinned: pinned === updateId, wasPublic: isPublicUpdate(toLiveUpdate(deleted)) };
}

/** Pins one update (replacing any other) or unpins with null. */
export async function pinUpdate(store: DeskStore, updateId: number | null, actor: Actor): Promise<LiveUpdate | null> {
  authorize(actor, "feed:manage");
  const update = updateId === null ? null : await loadUpdate(store, updateId, actor);
  if (update && !update.approved) throw new DomainError("VALIDATION_FAILED", "Approve the update before pinning it");
  if (update?.scheduledFor) throw new DomainError("VALIDATION_FAILED", "A scheduled post can be pinned once it is published");
  await store.feed.setPinnedId(actor.storyId, updateId);
  await record(store, actor, "feed.pin", { storyId: actor.storyId }, updateId === null ? "unpinned" : `#${updateId} pinned`);
  return update && toLiveUpdate(update);
}

/**
 * An editor approves a contributor's post: it is published now as a new update (a new id, so
 * it is the newest in the feed and in every `after` cursor), and the pending one is removed.
 * `replaced` is the pending post's id (the desk drops it), null when it was already approved.
 */
export async function approveUpdate(
  store: DeskStore,
  updateId: number,
  actor: Actor,
  now = new Date(),
): Promise<{ update: LiveUpdate; replaced: number | null }> {
  authorize(actor, "feed:approve");
  const current = await loadUpdate(store, updateId, actor);
  if (current.approved) return { update: toLiveUpdate(current), replaced: null };
  const written = await store.feed.approveAsNew(current.id, current.version, now);
  if (!written) throw new DomainError("CONFLICT", "This update changed meanwhile; try again.");
  await record(store, actor, "feed.approve", { storyId: actor.storyId, cardId: written.cardId }, `#${current.id} by ${written.authorName} approved as #${written.id}`);
  return { update: toLiveUpdate(written), replaced: current.id };
}

export function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(1, limit ?? FEED_LIMITS.pageDefault), FEED_LIMITS.pageMax);
}

/**
 * A page of the feed, newest first. `hasMore` says whether another page exists in the direction
 * of paging: older updates for the first page and `before`, newer ones for `after`.
 */
export async function feedPage(
  store: DeskStore,
  storyId: string,
  page: { before?: number; after?: number; limit?: number; pending?: boolean } = {},
): Promise<FeedState> {
  const limit = pageSize(page.limit);
  // One row more than the page tells whether another page follows.
  const rows = await store.feed.listUpdates(storyId, { ...page, limit: limit + 1 });
  const hasMore = rows.length > limit;
  // `after` rows are the oldest newer ones, newest first: the extra row is the first.
  const updates = (page.after === undefined ? rows.slice(0, limit) : rows.slice(-limit)).map(toLiveUpdate);
  return { updates, pinnedUpdateId: await store.feed.getPinnedId(storyId), hasMore };
}

/** Everything a reader's live page shows, or null for an unknown story. */
export async function liveSnapshot(store: DeskStore, slug: string): Promise<LiveSnapshot | null> {
  const story = await store.findStoryBySlug(slug);
  return story && snapshotOf(store, story);
}

/** What readers see of a story itself: never its source, access or archive state. */
export function publicStoryFields(story: Story): LiveSnapshot["story"] {
  const { id, slug, headline, summary, coverageStart, coverageEnd, timeZones } = story;
  return { id, slug, headline, summary, coverageStart, coverageEnd, timeZones };
}

/** The live snapshot of a story already loaded. */
export async function snapshotOf(store: DeskStore, story: StoryRecord): Promise<LiveSnapshot> {
  const [feed, keyEvents, cards] = await Promise.all([
    feedPage(store, story.id),
    store.feed.listKeyEvents(story.id, 20),
    // Public state only: a draft's body is never loaded for readers.
    store.listPublishedCards(story.id),
  ]);
  const pinnedRecord = feed.pinnedUpdateId ? await store.feed.findUpdate(feed.pinnedUpdateId) : null;
  return {
    ...feed,
    story: publicStoryFields(toStory(story)),
    pinned: pinnedRecord ? toLiveUpdate(pinnedRecord) : null,
    keyEvents: keyEvents.map(toLiveUpdate),
    cards: await publicCardsOf(store, cards),
  };
}
