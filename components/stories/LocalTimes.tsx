/** A moment in the story's own time zones (e.g. Bogotá and Washington), in the one time style. */
import { formatDateTime } from "@/lib/format/time";
import { isTimeZone } from "@/lib/protocol/stories";

export function LocalTimes({ iso, zones, className = "" }: { iso: string; zones: readonly string[]; className?: string }) {
  const shown = zones.filter(isTimeZone);
  return (
    <span className={className} data-testid="local-times">
      {(shown.length ? shown : ["UTC"]).map((zone, i) => (
        <span key={zone}>
          {i > 0 && " · "}
          {/* "3 Feb 2026, 12:00 (Bogota)": lib/format/time.ts, as everywhere else. */}
          <time dateTime={iso} title={zone} suppressHydrationWarning>
            {formatDateTime(iso, zone)}
          </time>
        </span>
      ))}
    </span>
  );
}
