import { describe, expect, it } from "vitest";
import { formatClock, formatDateTime, formatRelative, zoneCity } from "./time";

const at = "2026-12-05T01:50:25Z";

describe("one time style", () => {
  it("writes date and time with the zone named", () => {
    expect(formatDateTime(at)).toBe("5 Dec 2026, 01:50 UTC");
    expect(formatDateTime(at, "America/Bogota")).toBe("4 Dec 2026, 20:50 (Bogota)");
  });
  it("writes a clock with or without seconds", () => {
    expect(formatClock(at)).toBe("01:50:25 UTC");
    expect(formatClock(at, "UTC", { seconds: false })).toBe("01:50 UTC");
  });
  it("falls back to UTC for an unknown zone and to empty text for a bad date", () => {
    expect(formatDateTime(at, "Mars/Olympus")).toBe("5 Dec 2026, 01:50 UTC");
    expect(formatDateTime("not a date")).toBe("");
  });
  it("says how long ago, then the date", () => {
    const now = Date.parse(at);
    expect(formatRelative(at, now + 20_000)).toBe("just now");
    expect(formatRelative(at, now + 3 * 60_000 + 5_000)).toBe("3 min ago");
    expect(formatRelative(at, now + 2 * 3_600_000)).toBe("2 h ago");
    expect(formatRelative(at, now + 2 * 86_400_000)).toBe("5 Dec 2026, 01:50 UTC");
  });
  it("names cities", () => {
    expect(zoneCity("America/New_York")).toBe("New York");
  });
});
