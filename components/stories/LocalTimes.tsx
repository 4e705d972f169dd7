/** A moment in the story's own time zones (e.g. Bogotá and Washington), beside UTC. */
import { localTimes, zoneLabel } from "@/lib/protocol/stories";

export function LocalTimes({ iso, zones, className = "" }: { iso: string; zones: readonly string[]; className?: string }) {
  const times = localTimes(iso, zones.length ? zones : ["UTC"]);
  return (
    <span className={className} data-testid="local-times">
      {times.map((t, i) => (
        <span key={t.zone}>
          {i > 0 && " · "}
          <time dateTime={iso} title={t.zone} suppressHydrationWarning>
            {t.text}
          </time>{" "}
          <span className="text-slate-500">({zoneLabel(t.zone)})</span>
        </span>
      ))}
    </span>
  );
}
