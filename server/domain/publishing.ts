/**
 * Publishing: each publication stores an immutable revision of the card (title, summary,
 * sanitised body HTML and text, the Yjs state for exact reverts, who, when, why). Readers see
 * the latest revision while the card is published; the desk keeps editing a working copy.
 *
 * - in review → published: a "publication" (or a "correction", if the editor says so);
 * - published with changes → published: an "update" or a "correction" (with a note readers see);
 * - published without changes: refused, there is nothing to publish;
 * - revert: a revision's title, summary and text come back into the working copy; the history
 *   is never rewritten and readers see nothing until the card is published again.
 */
import type { CardHistory, PublishCard, RevertCard, Revision, RevisionKind } from "../../lib/protocol/publishing";
import { STATUS_LABELS } from "../../lib/protocol/workflow";
import type { CardStatus } from "../../lib/protocol/schemas";
import type { CardRecord, DeskStore, NewRevision, PublishPatch, RevisionRecord } from "../store/types";
import { loadCard, planFieldUpdate, updateCard, type Actor, type CardResult } from "./cards";
import { publishedKeyOf, toCard } from "./dto";
import { DomainError, notFound } from "./errors";
import { quote, record } from "./audit";
import { authorize, authorizeCardEdit } from "./policy";
import { sanitizeCardHtml } from "./sanitize";
import { retryCompareAndSet } from "./compare-and-set";

/** The card text as the co-editing layer holds it (server/collab/card-text.ts implements it). */
export interface CardTextAccess {
  /** The card's text as stored right now: HTML, plain text and the Yjs document state. */
  current(cardId: string, storyId: string): Promise<{ html: string; text: string; state: Uint8Array }>;
  /** Replaces the card's text with a revision's (its Yjs state, or its plain text if it has none). */
  restore(cardId: string, storyId: string, from: { docState: Uint8Array | null; bodyText: string }): Promise<void>;
}

export type PublishResult = CardResult & { revision: Revision | null };

export function toRevision(r: RevisionRecord): Revision {
  return {
    cardId: r.cardId,
    number: r.number,
    kind: r.kind as RevisionKind,
    title: r.title,
    summary: r.summary,
    bodyHtml: r.bodyHtml,
    bodyText: r.bodyText,
    note: r.note,
    publishedBy: r.publishedBy,
    publishedAt: r.publishedAt.toISOString(),
  };
}

type Content = { html: string; text: string; state: Uint8Array };
type PublishInput = { baseVersion: number; kind?: "update" | "correction"; note?: string };

/**
 * Decides what a publish command means for `card` with the working text `content`: the revision
 * to store and the card patch, or an error. Pure, for unit tests.
 */
/** The refusals that need no text: stale base, status changed meanwhile, a draft. */
export function checkPublishable(card: CardRecord, input: PublishInput): void {
  if (input.baseVersion > card.version) {
    throw new DomainError("VALIDATION_FAILED", "baseVersion is newer than the card", { field: "baseVersion" });
  }
  const from = card.status as CardStatus;
  if (card.statusVersion > input.baseVersion) {
    const who = card.updatedBy ? ` by ${card.updatedBy}` : "";
    const what = from === "published" ? "published" : `moved to ${STATUS_LABELS[from]}`;
    throw new DomainError("CONFLICT", `The card was ${what}${who} while you were looking. Check it and try again.`, {
      current: toCard(card),
      field: "status",
    });
  }
  if (from === "draft") {
    throw new DomainError("INVALID_TRANSITION", "Send the card to review before publishing it", {
      current: toCard(card),
      field: "status",
    });
  }
}

export function planPublication(
  card: CardRecord,
  input: PublishInput,
  content: Content,
  actor: Actor,
): { revision: NewRevision; patch: PublishPatch } {
  checkPublishable(card, input);
  const from = card.status as CardStatus;
  const bodyHtml = sanitizeCardHtml(content.html);
  const publishedKey = publishedKeyOf({ title: card.title, summary: card.summary, bodyHtml });
  if (from === "published" && publishedKey === card.publishedKey) {
    throw new DomainError(
      "VALIDATION_FAILED",
      `Nothing to publish: the card has not changed since revision ${card.publishedRevision}`,
      { current: toCard(card) },
    );
  }
  const kind: RevisionKind =
    input.kind === "correction" ? "correction" : from === "published" ? "update" : "publication";
  const note = input.note?.trim() || null;
  if (kind === "correction" && !note) {
    throw new DomainError("VALIDATION_FAILED", "note: A correction needs a note for readers", { field: "note" });
  }
  const version = card.version + 1;
  return {
    revision: {
      kind,
      title: card.title,
      summary: card.summary,
      bodyHtml,
      bodyText: content.text,
      note,
      docState: content.state,
      publishedBy: actor.name,
    },
    patch: {
      status: "published",
      version,
      statusVersion: version,
      updatedBy: actor.name,
      // The working copy's derived body catches up with exactly what was published.
      body: content.text,
      bodyHtml,
      publishedKey,
    },
  };
}

/** Publishes the working copy as a new revision; see the module comment for the rules. */
export async function publishCard(
  store: DeskStore,
  text: CardTextAccess,
  input: PublishCard & { kind?: "update" | "correction" },
  actor: Actor,
): Promise<PublishResult> {
  authorize(actor, "card:publish");
  return retryCompareAndSet(
    async () => {
      const card = await loadCard(store, input.cardId, actor);
      // Refuse before touching the text: reading it may create the card's document.
      checkPublishable(card, input);
      const content = await text.current(card.id, card.storyId);
      const { revision, patch } = planPublication(card, input, content, actor);
      const written = await store.revisions.publish(card.id, card.version, revision, patch);
      if (!written) return null;
      const r = written.revision;
      await record(store, actor, "card.publish", { storyId: card.storyId, cardId: card.id }, `revision ${r.number} (${r.kind})${r.note ? `: ${quote(r.note)}` : ""}`);
      return {
        card: toCard(written.card),
        changed: true,
        wasPublished: card.status === "published",
        revision: toRevision(written.revision),
      };
    },
    () => loadCard(store, input.cardId, actor),
  );
}

/**
 * What readers would see if the card were published now (the working copy, sanitised as
 * publishing stores it), for the desk to show before an editor publishes. Nothing is written.
 */
export async function previewCard(
  store: DeskStore,
  text: CardTextAccess,
  cardId: string,
  actor: Actor,
): Promise<{ title: string; summary: string; bodyHtml: string }> {
  authorize(actor, "card:publish");
  const card = await loadCard(store, cardId, actor);
  const content = await text.current(card.id, card.storyId);
  return { title: card.title, summary: card.summary, bodyHtml: sanitizeCardHtml(content.html) };
}

/** The card's revisions, newest first. */
export async function cardHistory(store: DeskStore, cardId: string, actor: Actor, limit: number): Promise<CardHistory> {
  authorize(actor, "story:read");
  const card = await loadCard(store, cardId, actor);
  const revisions = (await store.revisions.list(card.id, limit)).map(toRevision);
  return { revisions, working: { title: card.title, summary: card.summary, text: card.body } };
}

/**
 * Brings revision `input.revision` back into the working copy: the text, then title and summary
 * as a card edit (refused like any edit if someone changed them since `baseVersion`). A conflict
 * is found before anything is written; the text goes first because it reaches the editors as it
 * is stored, so a failure of the edit afterwards never leaves a stored change nobody was told of.
 */
export async function revertCard(store: DeskStore, text: CardTextAccess, input: RevertCard, actor: Actor): Promise<CardResult> {
  authorize(actor, "card:edit");
  const card = await loadCard(store, input.cardId, actor);
  authorizeCardEdit(actor, card);
  const revision = await store.revisions.find(card.id, input.revision);
  if (!revision) throw notFound("Revision");
  const changes = { title: revision.title, summary: revision.summary };
  planFieldUpdate(card, input.baseVersion, changes, actor); // throws CONFLICT before any write
  await text.restore(card.id, card.storyId, revision);
  const result = await updateCard(store, { cardId: card.id, baseVersion: input.baseVersion, changes }, actor);
  await record(store, actor, "card.revert", { storyId: card.storyId, cardId: card.id }, `working copy restored from revision ${revision.number}`);
  return result;
}
