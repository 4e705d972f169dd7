/** Maps stored records to the wire shapes of lib/protocol (dates as ISO strings). */
import { createHash } from "node:crypto";
import { previewOf, type Card, type CardStatus, type CardTextChange, type Story, type StorySummary } from "../../lib/protocol/schemas";
import type { CardRecord, DerivedBodyRecord, StoryRecord, StorySummaryRecord } from "../store/types";

export function toCard(r: CardRecord): Card {
  return {
    id: r.id,
    storyId: r.storyId,
    title: r.title,
    summary: r.summary,
    body: r.body,
    bodyHtml: r.bodyHtml,
    status: r.status as CardStatus,
    position: r.position,
    version: r.version,
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt.toISOString(),
    publishedRevision: r.publishedRevision,
    changedSincePublish: changedSincePublish(r),
    preview: previewOf(r.body),
  };
}

/** A published card whose working copy no longer matches what readers see. */
function changedSincePublish(r: DerivedBodyRecord): boolean {
  // A card published before fingerprints existed (publishedKey null) is not known to differ.
  return r.publishedKey !== null && r.publishedKey !== publishedKeyOf(r);
}

/** What the desk's card list needs to know after someone typed in a card. */
export function toCardTextChange(r: DerivedBodyRecord): CardTextChange {
  return {
    storyId: r.storyId,
    cardId: r.id,
    preview: previewOf(r.body),
    changedSincePublish: changedSincePublish(r),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * Fingerprint of what readers see of a card: the working copy differs from the published
 * revision exactly when its fingerprint differs from the one stored at publication.
 */
export function publishedKeyOf(c: { title: string; summary: string; bodyHtml: string }): string {
  return createHash("sha256").update(JSON.stringify([c.title, c.summary, c.bodyHtml])).digest("base64url").slice(0, 22);
}

/** Zone names as stored (a JSON array); anything unreadable reads as none. */
export function zonesOf(json: string): string[] {
  try {
    const zones: unknown = JSON.parse(json);
    return Array.isArray(zones) ? zones.filter((z): z is string => typeof z === "string") : [];
  } catch {
    return [];
  }
}

/** `slugLocked`: whether anything was published (the desk needs it; readers' shapes ignore it). */
export function toStory(r: StoryRecord, slugLocked = false): Story {
  return {
    id: r.id,
    slug: r.slug,
    headline: r.headline,
    summary: r.summary,
    coverageStart: r.coverageStart?.toISOString() ?? null,
    coverageEnd: r.coverageEnd?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    timeZones: zonesOf(r.timeZones),
    archivedAt: r.archivedAt?.toISOString() ?? null,
    restricted: r.restricted,
    version: r.version,
    slugLocked,
  };
}

export function toStorySummary(r: StorySummaryRecord, onlineCount = 0): StorySummary {
  return {
    ...toStory(r, r.publishedCount > 0),
    cardCount: r.cardCount,
    publishedCount: r.publishedCount,
    lastActivityAt: r.lastActivityAt?.toISOString() ?? null,
    onlineCount,
  };
}
