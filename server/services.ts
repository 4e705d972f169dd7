/**
 * The services: every domain operation of Newsdesk bound to what it needs (the store, the card
 * texts, the rate limits, the photo storage). Socket handlers (server/realtime/handlers) and the
 * Next.js routes and pages (app/) call these and nothing below them: neither ever touches the
 * store. After a change they tell its audience through `broadcasts` (server/realtime/broadcasts.ts).
 *
 * Built once per process by the server factory (server/node.ts). Next bundles app/ code apart
 * from the server's, so module-level singletons are not shared between the two: the server
 * publishes its services under a well-known global symbol (`publishServices`) before Next
 * handles any request, and app/ code reads them with `getServices()`.
 */
import "server-only";
import type { CreateUser, UpdateUser } from "../lib/protocol/auth";
import { canEditCard, cardTextMode, type Role } from "../lib/protocol/roles";
import type { CreateStory } from "../lib/protocol/stories";
import { PUBLISH_LIMITS } from "../lib/protocol/publishing";
import type { LiveSnapshot } from "../lib/protocol/feed";
import { canSee, type Viewer } from "./domain/story-access";
import { resumeFrom } from "./public/resume";
import * as accounts from "./domain/accounts";
import { listAudit } from "./domain/audit";
import * as cards from "./domain/cards";
import * as feed from "./domain/feed";
import * as notifications from "./domain/notifications";
import * as publishing from "./domain/publishing";
import type { RateLimits } from "./domain/rate-limits";
import * as review from "./domain/review";
import { reserveSignIn, signInSucceeded, verifyBounded } from "./domain/sign-in-gate";
import * as stories from "./domain/stories";
import * as storyCommands from "./domain/story-commands";
import { decideSuggestions } from "./domain/suggestion-review";
import type { DecideSuggestions } from "./collab/card-suggestions";
import type { MediaStorage } from "./media/manifest";
import type { PublicSnapshots } from "./public/snapshots";
import type { Broadcasts } from "./realtime/broadcasts";
import type { DeskStore } from "./store/types";

/** What `/api/ready` reports (see server/node.ts). */
export interface Readiness {
  ready: boolean;
  database: { status: "ok" | "unreachable"; ms?: number };
  redis: { status: "ok" | "unreachable" | "not configured"; ms?: number };
  shuttingDown: boolean;
}

export interface ServiceDeps {
  store: DeskStore;
  /** Card texts as the live documents hold them (publishing reads them, reverting restores them). */
  text: publishing.CardTextAccess;
  /** Review anchors checked, and suggestions decided, on the live documents. */
  anchorOk: review.AnchorCheck;
  decide: DecideSuggestions;
  limits: RateLimits;
  media: MediaStorage;
  /** What readers see, built once per change. */
  snapshots: PublicSnapshots;
  broadcasts: Broadcasts;
  readiness(): Promise<Readiness>;
}

/** The outcome of a sign-in attempt: refused before any check (budget spent, or too busy), or checked. */
export type SignInOutcome =
  | { ok: true; token: string; session: accounts.ResolvedSession }
  | { ok: false; retryAfter: number; reason: "attempts" | "busy" };

export function createServices(deps: ServiceDeps) {
  const { store, text, limits } = deps;
  return {
    accounts: {
      resolveSession: (token: string | undefined) => accounts.resolveSession(store, token),
      /** Counted per email and address before the password is checked (server/domain/sign-in-gate.ts). */
      async signIn(input: { email: string; password: string }, address: string): Promise<SignInOutcome> {
        const reservation = await reserveSignIn(limits, input.email, address);
        if (!reservation.ok) return reservation;
        const outcome = await verifyBounded(limits, () => accounts.signIn(store, input));
        if (outcome.busy) return { ok: false, retryAfter: 1, reason: "busy" };
        await signInSucceeded(limits, input.email, address);
        return { ok: true, ...outcome.value };
      },
      signOut: (session: accounts.ResolvedSession) => accounts.signOut(store, session),
      list: (actor: Parameters<typeof accounts.listUsers>[1]) => accounts.listUsers(store, actor),
      create: (input: CreateUser & { email: string }, actor: Parameters<typeof accounts.createUser>[2]) => accounts.createUser(store, input, actor),
      update: (id: string, input: UpdateUser, actor: Parameters<typeof accounts.updateUser>[3]) => accounts.updateUser(store, id, input, actor),
      rename: (actor: Parameters<typeof accounts.renameSelf>[1], name: string) => accounts.renameSelf(store, actor, name),
    },
    stories: {
      list: (viewer: Viewer, filter?: { search?: string; archived?: boolean }, online?: (storyId: string) => number) =>
        stories.listStories(store, viewer, filter, online),
      /** A story with its cards, or null when unknown or not visible to the viewer (the same answer). */
      bySlug: (slug: string, viewer: Viewer) => stories.getStoryBySlug(store, slug, viewer),
      create: (input: CreateStory, actor: storyCommands.StoryActor) => storyCommands.createStory(store, input, actor),
      update: (input: Parameters<typeof storyCommands.updateStory>[1], actor: storyCommands.StoryActor) => storyCommands.updateStory(store, input, actor),
      setState: (input: Parameters<typeof storyCommands.setStoryState>[1], actor: storyCommands.StoryActor) => storyCommands.setStoryState(store, input, actor),
      access: (storyId: string, actor: storyCommands.StoryActor) => storyCommands.storyAccess(store, storyId, actor),
      setAccess: (input: Parameters<typeof storyCommands.setStoryAccess>[1], actor: storyCommands.StoryActor) => storyCommands.setStoryAccess(store, input, actor),
      source: (storyId: string, actor: storyCommands.StoryActor) => storyCommands.storySource(store, storyId, actor),
      /** Archived and restricted flags, for the desk's per-event guard (server/realtime/story-guard.ts caches them). */
      async flags(storyId: string): Promise<{ archived: boolean; restricted: boolean } | null> {
        const story = await store.findStoryById(storyId);
        return story && { archived: story.archivedAt !== null, restricted: story.restricted };
      },
      /** Whether the viewer may see the story (a restricted story: its members and admins). */
      visibleTo: (story: { id: string; restricted: boolean }, viewer: Viewer) => canSee(store, story, viewer),
      /** Topic proposals for a pasted article; nothing is stored. */
      async propose(article: string) {
        // Loaded on first use: the language model (compromise) costs ~50 MB of memory, which a
        // process that never opens a story from an article should not carry.
        const { proposeTopics } = await import("./domain/topics");
        return proposeTopics(article);
      },
    },
    cards: {
      create: (input: Parameters<typeof cards.createCard>[1], actor: cards.Actor) => cards.createCard(store, input, actor),
      update: (input: Parameters<typeof cards.updateCard>[1], actor: cards.Actor) => cards.updateCard(store, input, actor),
      setStatus: (input: Parameters<typeof cards.setCardStatus>[1], actor: cards.Actor) => cards.setCardStatus(store, input, actor),
      move: (input: Parameters<typeof cards.moveCard>[1], actor: cards.Actor) => cards.moveCard(store, input, actor),
      delete: (cardId: string, actor: cards.Actor) => cards.deleteCard(store, cardId, actor),
      publish: (input: Parameters<typeof publishing.publishCard>[2], actor: cards.Actor) => publishing.publishCard(store, text, input, actor),
      preview: (cardId: string, actor: cards.Actor) => publishing.previewCard(store, text, cardId, actor),
      history: (cardId: string, actor: cards.Actor) => publishing.cardHistory(store, cardId, actor, PUBLISH_LIMITS.historyMax),
      revert: (input: Parameters<typeof publishing.revertCard>[2], actor: cards.Actor) => publishing.revertCard(store, text, input, actor),
      /**
       * How this person may change the card's text: contributors only suggest once it is past draft
       * (server/collab/suggestion-guard.ts checks each update); the lookup is spared everyone else.
       */
      textMode(role: Role, cardId: string): "edit" | Promise<"edit" | "suggest"> {
        // A role that may edit a published card may edit any: no lookup (nor promise) on the typing path.
        if (canEditCard(role, "published")) return "edit";
        return store.findCard(cardId).then((card) => (card && cardTextMode(role, card.status) === "suggest" ? "suggest" : "edit"));
      },
    },
    feed: {
      post: (input: Parameters<typeof feed.postUpdate>[1], actor: cards.Actor) => feed.postUpdate(store, input, actor, { media: deps.media }),
      edit: (input: Parameters<typeof feed.editUpdate>[1], actor: cards.Actor) => feed.editUpdate(store, input, actor),
      setKeyEvent: (updateId: number, keyEvent: boolean, actor: cards.Actor) => feed.setKeyEvent(store, updateId, keyEvent, actor),
      delete: (updateId: number, actor: cards.Actor) => feed.deleteUpdate(store, updateId, actor),
      pin: (updateId: number | null, actor: cards.Actor) => feed.pinUpdate(store, updateId, actor),
      approve: (updateId: number, actor: cards.Actor) => feed.approveUpdate(store, updateId, actor),
      /** A page of the desk's feed (pending posts included) or of the public one. */
      page: (storyId: string, query: Parameters<typeof feed.feedPage>[2]) => feed.feedPage(store, storyId, query),
      /** What a reader who comes back after a blip missed (server/public/resume.ts). */
      resume: (snapshot: LiveSnapshot, after: number) => resumeFrom(store, snapshot, after),
    },
    review: {
      threads: (actor: review.ReviewActor, cardId?: string) => review.listThreads(store, actor, cardId),
      async people(actor: review.ReviewActor) {
        const story = await store.findStoryById(actor.storyId);
        return story ? review.mentionable(store, story) : [];
      },
      createThread: (actor: review.ReviewActor, input: Parameters<typeof review.createThread>[2]) =>
        withNotifications(review.createThread(store, actor, input, deps.anchorOk)),
      reply: (actor: review.ReviewActor, input: Parameters<typeof review.reply>[2]) => withNotifications(review.reply(store, actor, input)),
      edit: (actor: review.ReviewActor, input: Parameters<typeof review.editComment>[2]) => withNotifications(review.editComment(store, actor, input)),
      delete: async (actor: review.ReviewActor, commentId: number) => ({ thread: await review.deleteComment(store, actor, commentId), delivered: [] }),
      resolve: async (actor: review.ReviewActor, input: Parameters<typeof review.resolveThread>[2]) => ({
        thread: await review.resolveThread(store, actor, input),
        delivered: [],
      }),
      decide: (actor: review.ReviewActor, input: Parameters<typeof decideSuggestions>[2]) => decideSuggestions(store, actor, input, deps.decide),
    },
    audit: {
      /** The audit log of a story, or of one of its cards, newest first. */
      list: (query: Parameters<typeof listAudit>[1]) => listAudit(store, query),
    },
    notifications: {
      list: (userId: string) => notifications.notificationsOf(store, userId),
      markRead: (userId: string, ids: number[] | "all") => notifications.markRead(store, userId, ids),
      setEmail: async (userId: string, email: boolean) => {
        await store.review.setEmailPreference(userId, email);
        return { email };
      },
    },
    photos: {
      /**
       * Processes and stores an uploaded photo (server/domain/photos.ts). Loaded on first use:
       * sharp and libvips cost ~29 MB of memory, which a process that never receives a photo
       * (one that only relays card text, say) should not carry.
       */
      async store(data: Buffer) {
        const { storePhoto } = await import("./domain/photos");
        return storePhoto(deps.media, data);
      },
      read: (key: string, file: string) => deps.media.get(key, file),
    },
    /** What readers see: the public snapshots (the live page, feeds, card pages, embeds, oEmbed). */
    public: deps.snapshots,
    broadcasts: deps.broadcasts,
    readiness: () => deps.readiness(),
  };

  /** A review change and the notifications it caused, stored (their delivery is a broadcast). */
  async function withNotifications(pending: Promise<{ thread: review.CommentOutcome["thread"]; notify?: Parameters<typeof notifications.storeNotifications>[1] }>) {
    const outcome = await pending;
    return { thread: outcome.thread, delivered: await notifications.storeNotifications(store, outcome.notify ?? []) };
  }
}

export type Services = ReturnType<typeof createServices>;

const KEY = Symbol.for("newsdesk.services");
type Holder = { [KEY]?: Services };

/** Makes the services reachable from app/ code (server/index.ts, and route tests). */
export function publishServices(services: Services | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

export function getServices(): Services {
  const services = (globalThis as Holder)[KEY];
  if (!services) {
    throw new Error("Newsdesk services are not ready: start the app with `npm start` or `npm run dev` (server/index.ts)");
  }
  return services;
}

export { CLIENT_ADDRESS_HEADER } from "./ops/proxy";
export { SESSION_TTL_MS, type ResolvedSession } from "./domain/accounts";
/** The publisher the public pages name (PUBLISHER_NAME, PUBLISHER_LOGO_URL; server/env.ts). */
export { publisher } from "./env";
export { etagOf, type CardEntry, type Rendered, type StoryEntry } from "./public/snapshots";
