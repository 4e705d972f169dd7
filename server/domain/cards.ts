/**
 * Card commands: the rules of the desk, one function per operation, shared by the Socket.IO
 * handlers and any HTTP route. Pure planning functions (exported for unit tests) decide what a
 * command means; the operations load, plan and write with compare-and-set, so two editors can
 * never overwrite each other silently.
 */
import type { CardOrder } from "../../lib/protocol/events";
import type { Role } from "../../lib/protocol/roles";
import type { Card, CardStatus, CreateCard, MoveCard, SetCardStatus, UpdateCard } from "../../lib/protocol/schemas";
import { canTransition, STATUS_LABELS } from "../../lib/protocol/workflow";
import type { CardPatch, CardRecord, DeskStore } from "../store/types";
import { toCard } from "./dto";
import { DomainError, notFound } from "./errors";
import { quote, record } from "./audit";
import { authorize, authorizeCardEdit, authorizeCardMove } from "./policy";
import { retryCompareAndSet } from "./compare-and-set";

/**
 * Who issued a command (their account id and display name, the byline on what they write), their
 * role, and the story they are on: commands reach only cards of that story.
 */
export type Actor = { id?: string; name: string; storyId: string; role: Role };

/**
 * A command's outcome: the card as stored, whether anything changed (only then broadcast), and
 * whether the card was published before the command (readers must then hear if it no longer is).
 */
export type CardResult = { card: Card; changed: boolean; wasPublished: boolean };

type EditableField = "title" | "summary";
const VERSION_OF = { title: "titleVersion", summary: "summaryVersion" } as const;

function staleBase(card: CardRecord, baseVersion: number): void {
  if (baseVersion > card.version) {
    throw new DomainError("VALIDATION_FAILED", "baseVersion is newer than the card", { field: "baseVersion" });
  }
}

/**
 * Plans an edit of title and/or summary made by someone who saw the card at `baseVersion`.
 * Refused with CONFLICT when a field it changes was changed by someone else after that version
 * (unless they wrote the very same value). Fields left as they are do not count as changes.
 * Returns null when the command changes nothing.
 */
export function planFieldUpdate(
  card: CardRecord,
  baseVersion: number,
  changes: UpdateCard["changes"],
  actor: Actor,
): CardPatch | null {
  staleBase(card, baseVersion);
  const fields = (Object.keys(VERSION_OF) as EditableField[]).filter(
    (f) => changes[f] !== undefined && changes[f] !== card[f],
  );
  const contested = fields.filter((f) => card[VERSION_OF[f]] > baseVersion);
  if (contested.length > 0) {
    const who = card.updatedBy ? ` by ${card.updatedBy}` : "";
    throw new DomainError(
      "CONFLICT",
      `The ${contested.join(" and ")} was changed${who} while you were editing. Your text was not saved; the current version is shown.`,
      { current: toCard(card), field: contested[0] },
    );
  }
  if (fields.length === 0) return null;
  const version = card.version + 1;
  const patch: CardPatch = { version, updatedBy: actor.name };
  for (const f of fields) {
    patch[f] = changes[f];
    patch[VERSION_OF[f]] = version;
  }
  return patch;
}

/** Plans a status change; enforces the workflow (lib/protocol/workflow.ts). Null when unchanged. */
export function planStatusChange(
  card: CardRecord,
  baseVersion: number,
  status: CardStatus,
  actor: Actor,
): CardPatch | null {
  staleBase(card, baseVersion);
  if (card.status === status) return null;
  if (card.statusVersion > baseVersion) {
    throw new DomainError(
      "CONFLICT",
      `The status was changed to ${STATUS_LABELS[card.status as CardStatus]} while you were looking. Check it and try again.`,
      { current: toCard(card), field: "status" },
    );
  }
  const from = card.status as CardStatus;
  if (!canTransition(from, status)) {
    throw new DomainError(
      "INVALID_TRANSITION",
      `A card cannot go from ${STATUS_LABELS[from]} to ${STATUS_LABELS[status]}`,
      { current: toCard(card), field: "status" },
    );
  }
  const version = card.version + 1;
  return { status, version, statusVersion: version, updatedBy: actor.name };
}

/** The order after moving `cardId` to `toIndex` (clamped to the end of the list). */
export function reorder(ids: readonly string[], cardId: string, toIndex: number): string[] {
  const from = ids.indexOf(cardId);
  if (from === -1) throw notFound("Card");
  const rest = ids.filter((id) => id !== cardId);
  rest.splice(Math.min(toIndex, rest.length), 0, cardId);
  return rest;
}

export async function loadCard(store: DeskStore, id: string, actor: Actor): Promise<CardRecord> {
  const card = await store.findCard(id);
  if (!card || card.storyId !== actor.storyId) throw notFound("Card");
  return card;
}

/** Load, plan, compare-and-set (server/domain/compare-and-set.ts retries a lost race). */
async function applyPlanned(
  store: DeskStore,
  cardId: string,
  actor: Actor,
  plan: (card: CardRecord) => CardPatch | null,
): Promise<CardResult> {
  return retryCompareAndSet(
    async () => {
      const card = await loadCard(store, cardId, actor);
      const wasPublished = card.status === "published";
      const patch = plan(card);
      if (!patch) return { card: toCard(card), changed: false, wasPublished };
      const written = await store.updateCardIfVersion(card.id, card.version, patch);
      return written ? { card: toCard(written), changed: true, wasPublished } : null;
    },
    () => loadCard(store, cardId, actor),
  );
}

export async function createCard(store: DeskStore, input: CreateCard, actor: Actor): Promise<Card> {
  authorize(actor, "card:create");
  if (input.storyId !== actor.storyId) throw notFound("Story");
  const created = await store.createCard({
    storyId: input.storyId,
    title: input.title,
    summary: input.summary ?? "",
    updatedBy: actor.name,
  });
  if (!created) throw notFound("Story");
  await record(store, actor, "card.create", { storyId: created.storyId, cardId: created.id }, `created ${quote(created.title)}`);
  return toCard(created);
}

export async function updateCard(store: DeskStore, input: UpdateCard, actor: Actor): Promise<CardResult> {
  authorize(actor, "card:edit");
  let before: CardRecord | null = null;
  const result = await applyPlanned(store, input.cardId, actor, (card) => {
    authorizeCardEdit(actor, card);
    before = card;
    return planFieldUpdate(card, input.baseVersion, input.changes, actor);
  });
  const was = before as CardRecord | null;
  if (result.changed && was) {
    const changes = (["title", "summary"] as const)
      .filter((f) => result.card[f] !== was[f])
      .map((f) => `${f}: ${quote(was[f])} → ${quote(result.card[f])}`);
    await record(store, actor, "card.update", { storyId: result.card.storyId, cardId: result.card.id }, changes.join("; "));
  }
  return result;
}

/**
 * Draft ⇄ in review, and unpublish (published → draft). Publishing goes through
 * publishCard (server/domain/publishing.ts), which stores a revision.
 */
export async function setCardStatus(store: DeskStore, input: SetCardStatus, actor: Actor): Promise<CardResult> {
  let from = "";
  const result = await applyPlanned(store, input.cardId, actor, (card) => {
    from = card.status;
    // Taking a card off the public pages needs the right to publish it.
    authorize(actor, card.status === "published" ? "card:publish" : "card:review");
    return planStatusChange(card, input.baseVersion, input.status, actor);
  });
  if (result.changed) {
    await record(store, actor, "card.status", { storyId: result.card.storyId, cardId: result.card.id }, `status: ${from} → ${result.card.status}`);
  }
  return result;
}

export async function moveCard(store: DeskStore, input: MoveCard, actor: Actor): Promise<CardOrder> {
  authorize(actor, "card:edit");
  const card = await loadCard(store, input.cardId, actor);
  authorizeCardMove(actor, card);
  const order = await store.reorderCards(card.storyId, (ids) => reorder(ids, card.id, input.toIndex));
  await record(store, actor, "card.move", { storyId: card.storyId, cardId: card.id }, `moved ${quote(card.title)} to position ${order.indexOf(card.id) + 1}`);
  return { storyId: card.storyId, order };
}

export async function deleteCard(store: DeskStore, cardId: string, actor: Actor): Promise<Card> {
  authorize(actor, "card:delete");
  await loadCard(store, cardId, actor);
  const deleted = await store.softDeleteCard(cardId, actor.name);
  if (!deleted) throw notFound("Card");
  await record(store, actor, "card.delete", { storyId: deleted.storyId, cardId }, `deleted ${quote(deleted.title)}`);
  return toCard(deleted);
}
