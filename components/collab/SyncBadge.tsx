import type { SyncStatus } from "@/lib/collab/card-text-provider";

const LOOK: Record<SyncStatus, { label: string; className: string }> = {
  connecting: { label: "Connecting…", className: "text-slate-600" },
  saving: { label: "Saving…", className: "text-amber-700" },
  saved: { label: "Saved", className: "text-green-700" },
  offline: { label: "Offline, kept here", className: "text-red-700" },
  "out-of-sync": { label: "Out of sync", className: "text-red-700 font-semibold" },
};

/** Read-only: nothing of ours to save; "saved" means up to date with the server. */
const READ_ONLY: Partial<Record<SyncStatus, string>> = { saved: "Read only", offline: "Read only — offline" };

/** What the server has of this text: "Saved" only once it has stored every change. */
export function SyncBadge({ status, error, readOnly = false }: { status: SyncStatus; error: string | null; readOnly?: boolean }) {
  const look = { ...LOOK[status], ...(readOnly && READ_ONLY[status] ? { label: READ_ONLY[status] } : {}) };
  return (
    <span role="status" aria-live="polite" data-testid="sync-status" data-state={status} title={error ?? undefined} className={`ml-auto whitespace-nowrap text-xs ${look.className}`}>
      {look.label}
      {status === "out-of-sync" && error ? `: ${error}` : ""}
    </span>
  );
}
