import type { SyncStatus } from "@/lib/collab/card-text-provider";

const LOOK: Record<SyncStatus, { label: string; className: string }> = {
  connecting: { label: "Connecting…", className: "text-slate-600" },
  saving: { label: "Saving…", className: "text-amber-700" },
  saved: { label: "Saved", className: "text-green-700" },
  offline: { label: "Offline — kept in this browser", className: "text-red-700" },
  "out-of-sync": { label: "Out of sync", className: "text-red-700 font-semibold" },
};

/** What the server has of this text: "Saved" only once it has stored every change. */
export function SyncBadge({ status, error }: { status: SyncStatus; error: string | null }) {
  const look = LOOK[status];
  return (
    <span role="status" aria-live="polite" data-testid="sync-status" data-state={status} title={error ?? undefined} className={`text-xs ${look.className}`}>
      {look.label}
      {status === "out-of-sync" && error ? `: ${error}` : ""}
    </span>
  );
}
