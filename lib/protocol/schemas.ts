/**
 * The desk's data shapes and command payloads, as zod schemas. Shared by the browser and the
 * server: the TypeScript types are derived from the schemas so the two cannot drift apart.
 * This module imports nothing but zod, so client components may import it.
 */
import { z } from "zod";

/** Limits a newsroom will not hit in normal work but that stop abuse and accidents. */
export const LIMITS = {
  titleMax: 200,
  summaryMax: 2_000,
  nameMax: 40,
  /** Bytes of JSON in one event's arguments; larger events are refused with PAYLOAD_TOO_LARGE. */
  eventBytesMax: 64 * 1024,
} as const;

export const CARD_STATUSES = ["draft", "in_review", "published"] as const;
export const ZCardStatus = z.enum(CARD_STATUSES, {
  error: () => `Status must be one of: ${CARD_STATUSES.join(", ")}`,
});
export type CardStatus = z.infer<typeof ZCardStatus>;

/** Server-generated ids (cuid) and seeded ids; bounded so junk never reaches the database. */
export const ZId = z.string().trim().min(1, "An id is required").max(64, "Id is too long");

const ZTitle = z
  .string()
  .trim()
  .min(1, "Title cannot be empty")
  .max(LIMITS.titleMax, `Title must be at most ${LIMITS.titleMax} characters`);
const ZSummary = z
  .string()
  .trim()
  .max(LIMITS.summaryMax, `Summary must be at most ${LIMITS.summaryMax} characters`);
/** A card version the client based its edit on. */
const ZVersion = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

// ---- What the server sends -------------------------------------------------------------

/** How much of a card's text the desk shows in the card list (the editor shows all of it). */
export const PREVIEW_CHARS = 280;

/** What the card list shows of a card's text: its first paragraph (cut) and how many there are. */
export const ZCardPreview = z.object({ text: z.string(), paragraphs: z.number().int().min(0) });
export type CardPreview = z.infer<typeof ZCardPreview>;

/** The preview of a plain-text body (paragraphs are separated by blank lines). */
export function previewOf(body: string): CardPreview {
  const paragraphs = body.split(/\n{2,}/).filter((p) => p.trim() !== "");
  const first = paragraphs[0] ?? "";
  const text = first.length > PREVIEW_CHARS ? `${first.slice(0, PREVIEW_CHARS - 1).trimEnd()}…` : first;
  return { text, paragraphs: paragraphs.length };
}

export const ZCard = z.object({
  id: z.string(),
  storyId: z.string(),
  title: z.string(),
  summary: z.string(),
  /** Plain text of the body, derived from the card's collaborative document. */
  body: z.string(),
  /** Safe HTML of the body, derived from the card's collaborative document. */
  bodyHtml: z.string(),
  status: ZCardStatus,
  position: z.number().int(),
  version: z.number().int(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
  /** Number of the latest published revision; null until the card is first published. */
  publishedRevision: z.number().int().nullable(),
  /** True when the working copy differs from what was last published (readers see the latter). */
  changedSincePublish: z.boolean(),
  /** What the card list shows of the text (kept current while people type, see `card:text`). */
  preview: ZCardPreview,
});
export type Card = z.infer<typeof ZCard>;

/**
 * Someone typed in a card: the desk's card list learns the new preview, not the whole text
 * (those editing the card have the text itself). `updatedAt` orders these per card.
 */
export interface CardTextChange {
  storyId: string;
  cardId: string;
  preview: CardPreview;
  changedSincePublish: boolean;
  updatedAt: string;
}

export const ZStory = z.object({
  id: z.string(),
  slug: z.string(),
  headline: z.string(),
  summary: z.string(),
  coverageStart: z.string().nullable(),
  coverageEnd: z.string().nullable(),
  updatedAt: z.string(),
  /** IANA zones the story's times are shown in (besides the reader's own). */
  timeZones: z.array(z.string()),
  archivedAt: z.string().nullable(),
  restricted: z.boolean(),
  /** Grows on every settings change; settings edits name the version they saw. */
  version: z.number().int(),
  /** True once anything of the story was published: its slug (public address) is then fixed. */
  slugLocked: z.boolean(),
});
export type Story = z.infer<typeof ZStory>;

export type StoryWithCards = Story & { cards: Card[] };
export type StorySummary = Story & {
  cardCount: number;
  publishedCount: number;
  /** When anything last happened on the story (its newest activity-log entry), ISO. */
  lastActivityAt: string | null;
  /** People on the story's desk now (distinct accounts). */
  onlineCount: number;
};

/** One browser on a story. A person with two tabs appears twice with the same clientId. */
export const ZMember = z.object({
  clientId: z.string(),
  /** The account's name (accounts can't pick another one per story). */
  name: z.string(),
  userId: z.string(),
  editingCardId: z.string().nullable(),
});
export type Member = z.infer<typeof ZMember>;

// ---- What the client sends ------------------------------------------------------------

export const ZJoinStory = z.object({
  slug: z.string().trim().min(1).max(120),
  clientId: z.string().trim().min(8).max(64),
});
export type JoinStory = z.infer<typeof ZJoinStory>;

export const ZPresenceUpdate = z.object({ editingCardId: ZId.nullable() });
export type PresenceUpdate = z.infer<typeof ZPresenceUpdate>;

export const ZCreateCard = z.object({
  storyId: ZId,
  title: ZTitle,
  summary: ZSummary.default(""),
});
export type CreateCard = z.input<typeof ZCreateCard>;

export const ZUpdateCard = z.object({
  cardId: ZId,
  /** The card version the editor saw when they started editing. */
  baseVersion: ZVersion,
  changes: z
    .object({ title: ZTitle.optional(), summary: ZSummary.optional() })
    .strict()
    .refine((c) => c.title !== undefined || c.summary !== undefined, "Nothing to change"),
});
export type UpdateCard = z.infer<typeof ZUpdateCard>;

/**
 * Draft ⇄ review, or back from published (unpublishing). Publishing itself is `card:publish`: it
 * makes a revision, which a bare status change cannot.
 */
export const ZSetCardStatus = z.object({
  cardId: ZId,
  baseVersion: ZVersion,
  status: z.enum(["draft", "in_review"], { error: () => "Status must be one of: draft, in_review (publish with card:publish)" }),
});
export type SetCardStatus = z.infer<typeof ZSetCardStatus>;

export const ZMoveCard = z.object({
  cardId: ZId,
  /** Zero-based place in the story's card list after the move. */
  toIndex: z.number().int().min(0).max(10_000),
});
export type MoveCard = z.infer<typeof ZMoveCard>;

export const ZDeleteCard = z.object({ cardId: ZId });
export type DeleteCard = z.infer<typeof ZDeleteCard>;
