import type { Connection } from "./desk-state";

const LOOK: Record<Connection, { label: string; dot: string; text: string }> = {
  connecting: { label: "Connecting…", dot: "bg-slate-400", text: "text-slate-600" },
  connected: { label: "Connected", dot: "bg-green-500", text: "text-green-800" },
  reconnecting: { label: "Reconnecting…", dot: "bg-amber-500 animate-pulse", text: "text-amber-800" },
  offline: { label: "Offline", dot: "bg-red-500", text: "text-red-800" },
};

/** The connection state, always visible: editors must know whether their changes can be saved. */
export function ConnectionBadge({ connection }: { connection: Connection }) {
  const look = LOOK[connection];
  return (
    <span role="status" aria-live="polite" data-testid="connection" data-state={connection} className={`inline-flex items-center gap-2 text-sm ${look.text}`}>
      <span aria-hidden className={`h-2.5 w-2.5 rounded-full ${look.dot}`} />
      {look.label}
    </span>
  );
}
