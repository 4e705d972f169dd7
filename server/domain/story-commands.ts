/**
 * Story commands: open a story (with its draft cards, in one transaction), change its settings
 * with the per-field version rule of cards, end/reopen/archive/unarchive it, and name who may
 * see a restricted story. Every change goes to the activity log. Called by the socket handlers
 * (server/realtime/handlers/stories.ts, through server/services.ts) and the REST routes.
 */
import { can, type Role } from "../../lib/protocol/roles";
import type { Story } from "../../lib/protocol/schemas";
import type { CreateStory, SetStoryAccess, SetStoryState, StoryAccess, StoryField, UpdateStory } from "../../lib/protocol/stories";
import { ZCreateStory } from "../../lib/protocol/stories";
import { SlugTaken, type DeskStore, type StoryPatch, type StoryRecord } from "../store/types";
import { quote, record } from "./audit";
import { toStory } from "./dto";
import { DomainError, notFound, validationError } from "./errors";
import { authorize } from "./policy";
import { plainText } from "./sanitize";
import { loadVisibleStory } from "./story-access";

export type StoryActor = { id: string; name: string; role: Role };

const CAS_ATTEMPTS = 5;

const VERSION_OF = {
  headline: "headlineVersion",
  summary: "summaryVersion",
  slug: "slugVersion",
  timeZones: "timeZonesVersion",
  coverageStart: "coverageStartVersion",
  coverageEnd: "coverageEndVersion",
} as const satisfies Record<StoryField, keyof StoryRecord>;

const LABEL: Record<StoryField, string> = {
  headline: "headline",
  summary: "summary",
  slug: "slug",
  timeZones: "time zones",
  coverageStart: "coverage start",
  coverageEnd: "coverage end",
};

/** A field's stored value in the shape the command sends, to tell a real change from a repeat. */
function storedValue(story: StoryRecord, field: StoryField): string | null {
  const wire = toStory(story);
  return JSON.stringify(wire[field] ?? null);
}

function incoming(field: StoryField, value: unknown): string {
  if ((field === "coverageStart" || field === "coverageEnd") && typeof value === "string") return JSON.stringify(new Date(value).toISOString());
  return JSON.stringify(value ?? null);
}

/** The article as stored: HTML removed (scripts and styles with their content), paragraphs kept. */
export function cleanArticle(article: string): string {
  const paragraphs = /<[a-z!/]/i.test(article) ? plainText(article.replace(/<\/(div|h[1-6]|section|article)>/gi, "</p>")) : article;
  return paragraphs.replace(/\r\n?/g, "\n").replace(/\n{3,}/g, "\n\n").trim();
}

function notArchived(story: StoryRecord): void {
  if (story.archivedAt) throw new DomainError("READ_ONLY", "This story is archived: unarchive it to change anything");
}

function checkWindow(start: Date | null, end: Date | null, field: StoryField): void {
  if (start && end && end < start) {
    throw new DomainError("VALIDATION_FAILED", "Coverage cannot end before it starts", { field });
  }
}

async function storyDto(store: DeskStore, story: StoryRecord): Promise<Story> {
  return toStory(story, await store.stories.hasPublished(story.id));
}

/** Only active accounts can be members; unknown ids are refused so nobody is silently left out. */
async function checkMembers(store: DeskStore, memberIds: string[]): Promise<string[]> {
  const ids = [...new Set(memberIds)];
  for (const id of ids) {
    const user = await store.users.findById(id);
    if (!user || !user.active) throw new DomainError("VALIDATION_FAILED", "memberIds: one of the members is not an active account", { field: "memberIds" });
  }
  return ids;
}

export async function createStory(store: DeskStore, raw: CreateStory, actor: StoryActor): Promise<Story> {
  authorize(actor, "story:create");
  const parsed = ZCreateStory.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  // A restricted story always has its opener among the members (else they would lose it at once).
  const memberIds = await checkMembers(store, input.restricted ? [actor.id, ...input.memberIds] : []);
  const created = await store.stories.create(
    {
      slug: input.slug,
      headline: input.headline,
      summary: input.summary,
      coverageStart: new Date(input.coverageStart),
      coverageEnd: null,
      timeZones: JSON.stringify(input.timeZones),
      restricted: input.restricted,
      sourceArticle: cleanArticle(input.article),
      createdBy: actor.name,
    },
    input.cards.map((c) => ({ title: c.title, summary: c.summary, updatedBy: actor.name })),
    memberIds,
  );
  if (!created) throw new DomainError("CONFLICT", `The slug "${input.slug}" is taken by another story; pick another`, { field: "slug" });
  await record(store, actor, "story.create", { storyId: created.id }, `opened ${quote(created.headline)} with ${input.cards.length} draft cards${input.restricted ? " (restricted)" : ""}`);
  return toStory(created, false);
}

/**
 * Plans a settings edit made by someone who saw the story at `baseVersion`: refused with CONFLICT
 * when a field it changes was changed by someone else since (unless to the same value).
 */
export function planStoryUpdate(story: StoryRecord, input: UpdateStory, slugLocked: boolean): StoryPatch | null {
  if (input.baseVersion > story.version) throw new DomainError("VALIDATION_FAILED", "baseVersion is newer than the story", { field: "baseVersion" });
  const changes = input.changes;
  const fields = (Object.keys(VERSION_OF) as StoryField[]).filter(
    (f) => changes[f] !== undefined && incoming(f, changes[f]) !== storedValue(story, f),
  );
  const contested = fields.filter((f) => story[VERSION_OF[f]] > input.baseVersion);
  if (contested.length > 0) {
    throw new DomainError(
      "CONFLICT",
      `The ${contested.map((f) => LABEL[f]).join(" and ")} was changed by someone else while you were editing. Your change was not saved; the current value is shown.`,
      { currentStory: toStory(story, slugLocked), field: contested[0] },
    );
  }
  if (fields.length === 0) return null;
  if (fields.includes("slug") && slugLocked) {
    throw new DomainError("VALIDATION_FAILED", "slug: The story has published content, so its address is fixed", { field: "slug" });
  }
  const version = story.version + 1;
  const patch: StoryPatch = { version };
  const start = changes.coverageStart !== undefined ? new Date(changes.coverageStart) : story.coverageStart;
  const end = changes.coverageEnd !== undefined ? (changes.coverageEnd === null ? null : new Date(changes.coverageEnd)) : story.coverageEnd;
  checkWindow(start, end, fields.includes("coverageEnd") ? "coverageEnd" : "coverageStart");
  for (const f of fields) {
    if (f === "timeZones") patch.timeZones = JSON.stringify(changes.timeZones);
    else if (f === "coverageStart") patch.coverageStart = start;
    else if (f === "coverageEnd") patch.coverageEnd = end;
    else patch[f] = changes[f] as string;
    patch[VERSION_OF[f]] = version;
  }
  return patch;
}

/** Load, plan, compare-and-set; on a lost race plan again (which may now be a conflict). */
async function applyPlanned(
  store: DeskStore,
  storyId: string,
  actor: StoryActor,
  plan: (story: StoryRecord, slugLocked: boolean) => StoryPatch | null,
): Promise<{ before: StoryRecord; after: StoryRecord | null }> {
  for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
    const story = await loadVisibleStory(store, storyId, actor);
    const locked = await store.stories.hasPublished(story.id);
    const patch = plan(story, locked);
    if (!patch) return { before: story, after: null };
    try {
      const written = await store.stories.updateIfVersion(story.id, story.version, patch);
      if (written) return { before: story, after: written };
    } catch (err) {
      if (err instanceof SlugTaken) throw new DomainError("CONFLICT", "This slug is taken by another story; pick another", { field: "slug" });
      throw err;
    }
  }
  throw new DomainError("CONFLICT", "The story is changing too fast; try again.");
}

export type StoryResult = { story: Story; changed: boolean };

export async function updateStory(store: DeskStore, input: UpdateStory, actor: StoryActor): Promise<StoryResult> {
  authorize(actor, "story:manage");
  const { before, after } = await applyPlanned(store, input.storyId, actor, (story, locked) => {
    notArchived(story);
    return planStoryUpdate(story, input, locked);
  });
  if (!after) return { story: await storyDto(store, before), changed: false };
  const was = toStory(before);
  const now = toStory(after);
  const summary = (Object.keys(VERSION_OF) as StoryField[])
    .filter((f) => JSON.stringify(was[f]) !== JSON.stringify(now[f]))
    .map((f) => `${LABEL[f]}: ${quote(JSON.stringify(was[f]))} → ${quote(JSON.stringify(now[f]))}`)
    .join("; ");
  await record(store, actor, "story.update", { storyId: after.id }, summary);
  return { story: await storyDto(store, after), changed: true };
}

const STATE_WORDS = { end: "ended coverage", reopen: "reopened coverage", archive: "archived the story", unarchive: "unarchived the story" };

/** End coverage (now), reopen it, archive, unarchive. A repeat of the current state is refused. */
export async function setStoryState(store: DeskStore, input: SetStoryState, actor: StoryActor, now = new Date()): Promise<StoryResult> {
  authorize(actor, "story:manage");
  const { after } = await applyPlanned(store, input.storyId, actor, (story, locked) => {
    const version = story.version + 1;
    const refuse = (message: string) => new DomainError("INVALID_TRANSITION", message, { currentStory: toStory(story, locked) });
    switch (input.action) {
      case "end":
        notArchived(story);
        if (story.coverageEnd) throw refuse("Coverage has already ended");
        if (story.coverageStart && story.coverageStart > now) throw refuse("Coverage has not started yet: change its start first");
        return { version, coverageEnd: now, coverageEndVersion: version };
      case "reopen":
        notArchived(story);
        if (!story.coverageEnd) throw refuse("Coverage is still running");
        return { version, coverageEnd: null, coverageEndVersion: version };
      case "archive":
        if (story.archivedAt) throw refuse("The story is already archived");
        return { version, archivedAt: now, archivedVersion: version };
      case "unarchive":
        if (!story.archivedAt) throw refuse("The story is not archived");
        return { version, archivedAt: null, archivedVersion: version };
    }
  });
  if (!after) throw new DomainError("INTERNAL", "No state change was planned");
  await record(store, actor, "story.state", { storyId: after.id }, STATE_WORDS[input.action]);
  return { story: await storyDto(store, after), changed: true };
}

export async function storyAccess(store: DeskStore, storyId: string, actor: StoryActor): Promise<StoryAccess> {
  authorize(actor, "story:manage");
  const story = await loadVisibleStory(store, storyId, actor);
  const [members, users] = await Promise.all([store.stories.members(story.id), store.users.list()]);
  return {
    storyId: story.id,
    restricted: story.restricted,
    members,
    candidates: users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.name, role: u.role })),
  };
}

/** Restricts a story to named members (the actor stays one, admins always see it), or opens it. */
export async function setStoryAccess(store: DeskStore, input: SetStoryAccess, actor: StoryActor): Promise<{ story: Story; memberIds: string[] }> {
  authorize(actor, "story:manage");
  const story = await loadVisibleStory(store, input.storyId, actor);
  notArchived(story);
  const memberIds = await checkMembers(store, input.restricted ? [...(can(actor.role, "story:readRestricted") ? [] : [actor.id]), ...input.memberIds] : input.memberIds);
  const version = story.version + 1;
  const after = await store.stories.setAccess(story.id, story.version, { version, restricted: input.restricted, restrictedVersion: version }, memberIds);
  if (!after) throw new DomainError("CONFLICT", "The story changed meanwhile; look again and retry", { currentStory: toStory(story) });
  const names = (await store.stories.members(story.id)).map((m) => m.name);
  await record(store, actor, "story.access", { storyId: story.id }, input.restricted ? `restricted to ${names.join(", ") || "admins"}` : "open to the whole desk");
  return { story: await storyDto(store, after), memberIds };
}

/** The story's source article (desk only). */
export async function storySource(store: DeskStore, storyId: string, actor: StoryActor): Promise<{ source: string }> {
  authorize(actor, "story:read");
  const story = await loadVisibleStory(store, storyId, actor);
  const source = await store.stories.source(story.id);
  if (source === null) throw notFound("Story");
  return { source };
}
