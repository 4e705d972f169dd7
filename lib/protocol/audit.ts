/** The audit log: who changed what and when, as editors and admins read it. */
import { z } from "zod";
import { ZId } from "./schemas";

export const AUDIT_ACTIONS = [
  "card.create",
  "card.update",
  "card.status",
  "card.publish",
  "card.revert",
  "card.move",
  "card.delete",
  "feed.post",
  "feed.approve",
  "feed.edit",
  "feed.delete",
  "feed.pin",
  "feed.keyEvent",
  "story.create",
  "story.update",
  "story.state",
  "story.access",
  "user.create",
  "user.update",
  "auth.signin",
  "auth.signout",
  "comment.create",
  "comment.edit",
  "comment.delete",
  "thread.resolve",
  "thread.reopen",
  "suggestion.accept",
  "suggestion.reject",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string;
  action: AuditAction;
  storyId: string | null;
  cardId: string | null;
  /** What changed, in words (e.g. `status: draft → in_review`, `title: "A" → "B"`). */
  summary: string;
}

export const AUDIT_PAGE = 100;

/** The joined story's log, or one card's; newest first, `before` an id for older pages. */
export const ZAuditList = z.object({
  cardId: ZId.optional(),
  before: z.number().int().min(1).optional(),
});
export type AuditList = z.input<typeof ZAuditList>;
