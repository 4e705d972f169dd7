/**
 * The one place that decides whether an actor may do something (the table is shared with the
 * desk in lib/protocol/roles.ts). Domain operations call `authorize` before they touch anything.
 */
import { can, canEditCard, canMoveCard, type Action, type Role } from "../../lib/protocol/roles";
import { DomainError } from "./errors";

const WHAT: Record<Action, string> = {
  "story:read": "read this story",
  "story:readRestricted": "read restricted stories you are not a member of",
  "story:create": "open stories (ask an editor)",
  "story:manage": "change a story's settings or state",
  "card:create": "create cards",
  "card:edit": "edit cards",
  "card:review": "send cards to review",
  "card:publish": "publish or unpublish cards",
  "card:delete": "delete cards",
  "feed:post": "post live updates",
  "feed:approve": "approve live updates",
  "feed:manage": "edit, pin or delete live updates",
  "audit:read": "read the audit log",
  "user:manage": "manage accounts",
  "comment:read": "read review comments",
  "comment:write": "write review comments (viewers read them only)",
  "comment:moderate": "resolve or delete other people's comments",
  "suggestion:review": "accept or reject suggestions",
};

export function authorize(actor: { role: Role }, action: Action): void {
  if (!can(actor.role, action)) {
    throw new DomainError("FORBIDDEN", `Your role (${actor.role}) may not ${WHAT[action]}`);
  }
}

/** Editing a card's title, summary or text: contributors only while it is a draft. */
export function authorizeCardEdit(actor: { role: Role }, card: { status: string }): void {
  authorize(actor, "card:edit");
  if (!canEditCard(actor.role, card.status)) {
    throw new DomainError("FORBIDDEN", "Contributors edit drafts only; this card is past the draft stage");
  }
}

/** Moving a card: a published card's place is public, so only those who may publish move it. */
export function authorizeCardMove(actor: { role: Role }, card: { status: string }): void {
  authorize(actor, "card:edit");
  if (!canMoveCard(actor.role, card.status)) {
    throw new DomainError("FORBIDDEN", "Moving a published card changes the public page; ask an editor");
  }
}
