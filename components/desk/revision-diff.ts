/**
 * Word-level comparison of two versions of a card (two published revisions, or a revision and
 * the working copy), for the history dialog. Pure, so what the desk chief is shown as changed
 * can be tested without a browser.
 */
import { diffWords } from "diff";
import type { Revision } from "@/lib/protocol";
import { REVISION_KIND_LABELS } from "@/lib/protocol";

/** One side of a comparison: a revision, or the working copy (`revision: null`). */
export interface DiffSide {
  revision: number | null;
  label: string;
  title: string;
  summary: string;
  text: string;
}

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

export const DIFF_FIELDS = [
  { key: "title", label: "Title" },
  { key: "summary", label: "Summary" },
  { key: "text", label: "Text" },
] as const;
export type DiffField = (typeof DIFF_FIELDS)[number]["key"];

export interface FieldDiff {
  field: DiffField;
  label: string;
  parts: DiffPart[];
  /** True when anything was added or removed. */
  changed: boolean;
  /** Words added and removed (whitespace-separated), for a short summary. */
  added: number;
  removed: number;
}

const countWords = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** Word-level difference from `before` to `after`: whitespace changes alone are not changes. */
export function diffText(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((c) => ({
    kind: c.added ? "added" : c.removed ? "removed" : "same",
    text: c.value,
  }));
}

/** Compares title, summary and text of two sides, older first. */
export function diffSides(from: DiffSide, to: DiffSide): FieldDiff[] {
  return DIFF_FIELDS.map(({ key, label }) => {
    const parts = diffText(from[key], to[key]);
    const added = parts.filter((p) => p.kind === "added").reduce((n, p) => n + countWords(p.text), 0);
    const removed = parts.filter((p) => p.kind === "removed").reduce((n, p) => n + countWords(p.text), 0);
    return { field: key, label, parts, changed: parts.some((p) => p.kind !== "same"), added, removed };
  });
}

export function revisionSide(r: Revision): DiffSide {
  return {
    revision: r.number,
    label: `Revision ${r.number} (${REVISION_KIND_LABELS[r.kind]})`,
    title: r.title,
    summary: r.summary,
    text: r.bodyText,
  };
}

export function workingCopySide(working: { title: string; summary: string; text: string }): DiffSide {
  return { revision: null, label: "Working copy", title: working.title, summary: working.summary, text: working.text };
}

/** Which two sides to compare first: what changed since the last publication, or the last republication. */
export function defaultComparison(
  revisions: readonly Pick<Revision, "number">[],
  changedSincePublish: boolean,
): { from: number | null; to: number | null } | null {
  const [latest, previous] = revisions;
  if (!latest) return null;
  if (!changedSincePublish && previous) return { from: previous.number, to: latest.number };
  return { from: latest.number, to: null };
}
