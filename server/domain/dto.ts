/** Maps stored records to the wire shapes of lib/protocol (dates as ISO strings). */
import { createHash } from "node:crypto";
import type { Card, CardStatus, Story, StorySummary } from "../../lib/protocol/schemas";
import type { CardRecord, StoryRecord, StorySummaryRecord } from "../store/types";

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
    // A card published before fingerprints existed (publishedKey null) is not known to differ.
    changedSincePublish: r.publishedKey !== null && r.publishedKey !== publishedKeyOf(r),
  };
}

/**
 * Fingerprint of what readers see of a card: the working copy differs from the published
 * revision exactly when its fingerprint differs from the one stored at publication.
 */
export function publishedKeyOf(c: { title: string; summary: string; bodyHtml: string }): string {
  return createHash("sha256").update(JSON.stringify([c.title, c.summary, c.bodyHtml])).digest("base64url").slice(0, 22);
}

export function toStory(r: StoryRecord): Story {
  return {
    id: r.id,
    slug: r.slug,
    headline: r.headline,
    summary: r.summary,
    coverageStart: r.coverageStart?.toISOString() ?? null,
    coverageEnd: r.coverageEnd?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toStorySummary(r: StorySummaryRecord): StorySummary {
  return { ...toStory(r), cardCount: r.cardCount, publishedCount: r.publishedCount };
}
