/**
 * The one way Newsdesk writes a moment for people: the desk, History, Activity, the live page,
 * card pages, embeds and feeds all call these, so a reader and an editor never see two styles.
 *
 * Style (en-GB, 24-hour, the zone always named):
 *   formatDateTime → "5 Dec 2026, 01:50 UTC"       (or "4 Dec 2026, 20:50 (Bogota)" in a story zone)
 *   formatClock    → "01:50:25 UTC"                (the desk's feed and activity, same day)
 *   formatRelative → "just now", "3 min ago", "2 h ago", then formatDateTime
 * Machine-readable times stay ISO 8601 in `<time dateTime>`; these are for eyes only.
 * Everything here is pure and runs the same on the server and in the browser (no reader-zone
 * dependence: a server render and a client re-render write identical text).
 */

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat | null {
  let found = cache.get(key);
  if (!found) {
    try {
      found = new Intl.DateTimeFormat("en-GB", { hourCycle: "h23", ...options });
    } catch {
      return null; // unknown zone: callers fall back to UTC
    }
    cache.set(key, found);
  }
  return found;
}

function toDate(when: string | Date | number): Date | null {
  const date = when instanceof Date ? when : new Date(when);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "America/New_York" → "New York"; "UTC" stays "UTC". */
export const zoneCity = (zone: string) => (zone === "UTC" ? "UTC" : zone.split("/").at(-1)!.replace(/_/g, " "));

const zoneSuffix = (zone: string) => (zone === "UTC" ? "UTC" : `(${zoneCity(zone)})`);

/** "5 Dec 2026, 01:50 UTC". Unparseable input gives "". */
export function formatDateTime(when: string | Date | number, zone = "UTC"): string {
  const date = toDate(when);
  if (!date) return "";
  const f = formatter(`dt:${zone}`, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: zone });
  if (!f) return formatDateTime(date, "UTC");
  return `${f.format(date)} ${zoneSuffix(zone)}`;
}

/** "01:50:25 UTC" (with seconds) or "01:50 UTC". Unparseable input gives "". */
export function formatClock(when: string | Date | number, zone = "UTC", { seconds = true } = {}): string {
  const date = toDate(when);
  if (!date) return "";
  const f = formatter(`clock:${zone}:${seconds}`, {
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
    timeZone: zone,
  });
  if (!f) return formatClock(date, "UTC", { seconds });
  return `${f.format(date)} ${zoneSuffix(zone)}`;
}

/** "just now" (< 1 min), "3 min ago", "2 h ago" (< 24 h), else formatDateTime in `zone`. */
export function formatRelative(when: string | Date | number, now: Date | number = Date.now(), zone = "UTC"): string {
  const date = toDate(when);
  if (!date) return "";
  const seconds = Math.round((Number(now) - date.getTime()) / 1000);
  if (seconds < 60) return "just now"; // also a clock slightly ahead of ours
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return formatDateTime(date, zone);
}
