/**
 * Opening, running and closing stories: limits, slugs, time zones and the command payloads of
 * the story list and story settings. Shared by the browser and the server (imports only zod).
 * See docs/protocol.md ("Stories").
 */
import { z } from "zod";
import { ZId } from "./schemas";

export const STORY_LIMITS = {
  headlineMax: 200,
  summaryMax: 2_000,
  slugMax: 80,
  /** A pasted source article, in bytes of UTF-8 (plain text or HTML, before sanitising). */
  articleBytesMax: 200_000,
  timeZonesMax: 4,
  /** Draft cards a new story may start with. */
  cardsMax: 30,
  membersMax: 50,
  searchMax: 100,
} as const;

/** Slugs the app routes use for themselves. */
const RESERVED_SLUGS = new Set(["new"]);

/** A slug from a headline: lower-case ASCII words joined by hyphens ("Petro meets Trump" → "petro-meets-trump"). */
export function slugify(headline: string): string {
  return headline
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, STORY_LIMITS.slugMax)
    .replace(/-+$/, "");
}

/**
 * True for a time-zone name the runtime's IANA database knows (Intl, backed by ICU's tz data, in
 * Node and in browsers). Only Area/Location names and UTC: abbreviations such as "EST" are
 * ambiguous for readers and refused.
 */
export function isTimeZone(name: string): boolean {
  if (name !== "UTC" && !/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const ZSlug = z
  .string()
  .trim()
  .min(1, "Slug cannot be empty")
  .max(STORY_LIMITS.slugMax, `Slug must be at most ${STORY_LIMITS.slugMax} characters`)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Slug may hold only lower-case letters, digits and single hyphens (e.g. petro-meets-trump)")
  .refine((s) => !RESERVED_SLUGS.has(s), "This slug is reserved; pick another");

const ZHeadline = z
  .string()
  .trim()
  .min(1, "Headline cannot be empty")
  .max(STORY_LIMITS.headlineMax, `Headline must be at most ${STORY_LIMITS.headlineMax} characters`);
const ZStorySummary = z
  .string()
  .trim()
  .max(STORY_LIMITS.summaryMax, `Summary must be at most ${STORY_LIMITS.summaryMax} characters`);

export const ZTimeZones = z
  .array(z.string().trim().max(64))
  .max(STORY_LIMITS.timeZonesMax, `At most ${STORY_LIMITS.timeZonesMax} time zones`)
  .superRefine((zones, ctx) => {
    const bad = zones.find((zone) => !isTimeZone(zone));
    if (bad !== undefined) ctx.addIssue({ code: "custom", message: `"${bad.slice(0, 64)}" is not a time-zone name (use e.g. America/Bogota)` });
    if (new Set(zones).size !== zones.length) ctx.addIssue({ code: "custom", message: "A time zone is listed twice" });
  });

const ZInstant = z.iso.datetime({ offset: true, message: "Use a date and time such as 2026-12-05T14:00:00Z" });

/** The pasted article: bounded in bytes (what the limit says), checked before anything else. */
export const ZArticle = z
  .string()
  .refine((s) => new TextEncoder().encode(s).length <= STORY_LIMITS.articleBytesMax, {
    message: `The article is larger than ${STORY_LIMITS.articleBytesMax / 1000} KB; paste a shorter text`,
  });

/** A topic card the proposer suggests: `paragraphs` are indexes into the proposal's paragraph list. */
export const ZTopicProposal = z.object({
  title: z.string(),
  summary: z.string(),
  paragraphs: z.array(z.number().int().min(0)),
  /** The people, places, organisations or phrases the group was formed around. */
  terms: z.array(z.string()),
});
export type TopicProposal = z.infer<typeof ZTopicProposal>;

export interface Proposals {
  /** The article's paragraphs as plain text (HTML removed), numbered from 0. */
  paragraphs: string[];
  proposals: TopicProposal[];
  /** Set when the text does not look English: the proposals may be weak. */
  warning: string | null;
}

export const ZProposeTopics = z.object({
  article: ZArticle.refine((s) => s.trim().length > 0, "Paste an article first: it is empty"),
});
export type ProposeTopics = z.infer<typeof ZProposeTopics>;

const ZDraftCard = z.object({
  title: z.string().trim().min(1, "A card's title cannot be empty").max(200, "A card's title must be at most 200 characters"),
  summary: z.string().trim().max(2_000, "A card's summary must be at most 2000 characters").default(""),
});

export const ZCreateStory = z.object({
  headline: ZHeadline,
  summary: ZStorySummary.default(""),
  slug: ZSlug,
  coverageStart: ZInstant,
  timeZones: ZTimeZones.default([]),
  /** The source article (optional): stored sanitised, shown on the desk as "Source", never public. */
  article: ZArticle.default(""),
  cards: z.array(ZDraftCard).max(STORY_LIMITS.cardsMax, `At most ${STORY_LIMITS.cardsMax} cards at once`).default([]),
  restricted: z.boolean().default(false),
  memberIds: z.array(ZId).max(STORY_LIMITS.membersMax).default([]),
});
export type CreateStory = z.input<typeof ZCreateStory>;

/** Story settings an editor may change, with the story version they saw (per-field rule, as cards). */
export const ZUpdateStory = z.object({
  storyId: ZId,
  baseVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  changes: z
    .object({
      headline: ZHeadline.optional(),
      summary: ZStorySummary.optional(),
      slug: ZSlug.optional(),
      timeZones: ZTimeZones.optional(),
      coverageStart: ZInstant.optional(),
      coverageEnd: ZInstant.nullable().optional(),
    })
    .strict()
    .refine((c) => Object.values(c).some((v) => v !== undefined), "Nothing to change"),
});
export type UpdateStory = z.infer<typeof ZUpdateStory>;
export type StoryField = keyof UpdateStory["changes"];

export const STORY_STATE_ACTIONS = ["end", "reopen", "archive", "unarchive"] as const;
export type StoryStateAction = (typeof STORY_STATE_ACTIONS)[number];
export const ZSetStoryState = z.object({
  storyId: ZId,
  action: z.enum(STORY_STATE_ACTIONS, { error: () => `Action must be one of: ${STORY_STATE_ACTIONS.join(", ")}` }),
});
export type SetStoryState = z.infer<typeof ZSetStoryState>;

export const ZSetStoryAccess = z.object({
  storyId: ZId,
  restricted: z.boolean(),
  memberIds: z.array(ZId).max(STORY_LIMITS.membersMax, `At most ${STORY_LIMITS.membersMax} members`),
});
export type SetStoryAccess = z.infer<typeof ZSetStoryAccess>;

/** Events about one story that carry nothing else (`story:access`, `story:source`). */
export const ZStoryRef = z.object({ storyId: ZId });

export const ZListStories = z.object({
  search: z.string().trim().max(STORY_LIMITS.searchMax).default(""),
  archived: z.boolean().default(false),
});
export type ListStories = z.input<typeof ZListStories>;

/** Who may be named a member, and who is (for the access dialog). */
export interface StoryAccess {
  storyId: string;
  restricted: boolean;
  members: { id: string; name: string }[];
  candidates: { id: string; name: string; role: string }[];
}
