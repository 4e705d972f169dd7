/**
 * Publishing: published revisions, corrections, history and revert. Readers see a card's latest
 * published revision; the desk edits a working copy and publishes it again as an update or a
 * labelled correction. See docs/protocol.md ("Publishing").
 */
import { z } from "zod";
import { ZId } from "./schemas";

export const PUBLISH_LIMITS = {
  noteMax: 300,
  /** Revisions a history request returns (newest first). */
  historyMax: 100,
} as const;

/** publication: first time, or again after an unpublish; update / correction: republishing a changed card. */
export const REVISION_KINDS = ["publication", "update", "correction"] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

export const REVISION_KIND_LABELS: Readonly<Record<RevisionKind, string>> = {
  publication: "Published",
  update: "Update",
  correction: "Correction",
};

/** One immutable published revision, as the desk's history shows it. */
export interface Revision {
  cardId: string;
  number: number;
  kind: RevisionKind;
  title: string;
  summary: string;
  bodyHtml: string;
  bodyText: string;
  note: string | null;
  publishedBy: string | null;
  publishedAt: string;
}

/** A card's history as the desk asks for it: the revisions and the current working copy. */
export interface CardHistory {
  revisions: Revision[];
  /** The working copy now (the desk's card list only keeps a preview of the text). */
  working: { title: string; summary: string; text: string };
}

const ZNote = z
  .string()
  .trim()
  .max(PUBLISH_LIMITS.noteMax, `The note must be at most ${PUBLISH_LIMITS.noteMax} characters`);

/**
 * Publish the card's working copy. From "in review" it is a publication; a published card with
 * changes is republished as an `update` (the default) or a `correction`, which needs a note
 * readers will see.
 */
export const ZPublishCard = z
  .object({
    cardId: ZId,
    baseVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    kind: z.enum(["update", "correction"]).default("update"),
    note: ZNote.optional(),
  })
  .refine((p) => p.kind !== "correction" || (p.note ?? "").length > 0, {
    message: "A correction needs a note for readers",
    path: ["note"],
  });
export type PublishCard = z.input<typeof ZPublishCard>;

export const ZCardHistory = z.object({ cardId: ZId });

/** `card:preview`: what readers would see if the card were published now, and who sees it now. */
export const ZPublishPreview = z.object({ cardId: ZId });
export interface PublishPreview {
  title: string;
  summary: string;
  /** The working copy's text, sanitised exactly as publishing would store it. */
  bodyHtml: string;
  /** Embed frames (partner sites) showing this card at this moment, on every process; -1 if unknown. */
  embedsNow: number;
}

/** Bring a revision's title, summary and text back into the working copy (history is kept). */
export const ZRevertCard = z.object({
  cardId: ZId,
  revision: z.number().int().min(1).max(2 ** 31 - 1),
  baseVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});
export type RevertCard = z.input<typeof ZRevertCard>;
