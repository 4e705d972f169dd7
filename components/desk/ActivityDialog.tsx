"use client";
/**
 * The audit log of the story or of one card, newest first: when, who, what, and what changed.
 * Editors and admins only (the server refuses anyone else). "Older" pages back with `before`.
 */
import { formatDateTime } from "@/lib/format/time";
import { useCallback, useEffect, useState } from "react";
import { AUDIT_PAGE, type Ack, type AuditAction, type AuditEntry } from "@/lib/protocol";
import { readableSummary } from "./activity-text";
import { DeskDialog } from "./DeskDialog";

const ACTION_LABELS: Record<AuditAction, string> = {
  "card.create": "created the card",
  "card.update": "edited",
  "card.status": "changed the status",
  "card.publish": "published",
  "card.revert": "restored a revision",
  "card.move": "moved",
  "card.delete": "deleted the card",
  "feed.post": "posted an update",
  "feed.approve": "approved an update",
  "feed.edit": "edited an update",
  "feed.delete": "deleted an update",
  "feed.pin": "pinned",
  "feed.keyEvent": "marked a key event",
  "story.create": "opened the story",
  "story.update": "changed the story's settings",
  "story.state": "changed the story's state",
  "story.access": "changed who may see the story",
  "user.create": "created a user",
  "user.update": "changed a user",
  "auth.signin": "signed in",
  "auth.signout": "signed out",
  "comment.create": "commented",
  "comment.edit": "edited a comment",
  "comment.delete": "deleted a comment",
  "thread.resolve": "resolved a thread",
  "thread.reopen": "reopened a thread",
  "suggestion.accept": "accepted a suggestion",
  "suggestion.reject": "rejected a suggestion",
};

/** "5 Dec 2026, 01:50 UTC": the one time style (lib/format/time.ts). */
const when = (iso: string) => formatDateTime(iso);


interface Props {
  title: string;
  /** One page of the log: the newest, or those older than the entry id `before`. */
  load: (before?: number) => Promise<Ack<AuditEntry[]>>;
  onClose: () => void;
}

export function ActivityDialog({ title, load, onClose }: Props) {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** Shows a page: the first replaces the list, older ones are appended. */
  const show = useCallback((ack: Ack<AuditEntry[]>, older: boolean) => {
    setBusy(false);
    if (!ack.ok) return setError(ack.error.message);
    setError(null);
    setHasMore(ack.data.length >= AUDIT_PAGE);
    setEntries((old) => (older ? [...(old ?? []), ...ack.data.filter((e) => !old?.some((o) => o.id === e.id))] : ack.data));
  }, []);

  useEffect(() => {
    let live = true;
    void load().then((ack) => live && show(ack, false));
    return () => {
      live = false;
    };
  }, [load, show]);

  const oldest = entries?.at(-1)?.id;

  return (
    <DeskDialog title={title} onClose={onClose} wide testId="activity-dialog">
      {error && (
        <p role="alert" className="mb-3 rounded bg-red-50 px-3 py-2 text-sm text-red-900">
          {error}
        </p>
      )}
      {entries === null ? (
        !error && <p className="text-sm text-slate-500">Loading the activity…</p>
      ) : entries.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing recorded yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">{title}, newest first</caption>
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">When</th>
              <th scope="col" className="py-1 pr-3 font-medium">Who</th>
              <th scope="col" className="py-1 pr-3 font-medium">What</th>
              <th scope="col" className="py-1 font-medium">Change</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-testid="activity-entry" className="border-b border-slate-100 align-top">
                <td className="whitespace-nowrap py-1.5 pr-3 tabular-nums text-slate-600">
                  <time dateTime={e.at}>{when(e.at)}</time>
                </td>
                <td className="py-1.5 pr-3 font-medium">{e.actorName}</td>
                <td className="py-1.5 pr-3">{ACTION_LABELS[e.action] ?? e.action}</td>
                <td className="break-words py-1.5 text-slate-700">{readableSummary(e.summary)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {hasMore && oldest !== undefined && (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void load(oldest).then((ack) => show(ack, true));
          }}
          className="mt-3 w-full rounded border border-slate-300 py-1 text-sm hover:bg-slate-50 disabled:opacity-50"
        >
          {busy ? "Loading…" : "Older"}
        </button>
      )}
    </DeskDialog>
  );
}
