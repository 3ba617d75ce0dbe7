import { describe, expect, it } from "vitest";
import { defaultSettings } from "../scoring/settings.ts";
import { renewalUrgency } from "./renewal.ts";

const now = new Date("2026-01-01T18:30:00Z");
const windows = defaultSettings.renewalWindows;

describe("renewalUrgency with the default windows", () => {
  it.each([
    { date: "2026-03-03", days: 61, level: null },
    { date: "2026-03-02", days: 60, level: "attention" },
    { date: "2026-02-01", days: 31, level: "attention" },
    { date: "2026-01-31", days: 30, level: "warning" },
    { date: "2026-01-16", days: 15, level: "warning" },
    { date: "2026-01-15", days: 14, level: "critical" },
    { date: "2026-01-01", days: 0, level: "critical" },
    { date: "2025-12-29", days: -3, level: "critical" },
  ])("rates a renewal on $date ($days days away) as $level", ({ date, days, level }) => {
    expect(renewalUrgency(date, now, windows)).toEqual({ days, level });
  });

  it("has no days and no level without a renewal date", () => {
    expect(renewalUrgency(null, now, windows)).toEqual({ days: null, level: null });
  });

  it("follows a client's own windows", () => {
    const custom = { attention: 90, warning: 45, critical: 7 };
    expect(renewalUrgency("2026-03-17", now, custom).level).toBe("attention");
    expect(renewalUrgency("2026-01-08", now, custom).level).toBe("critical");
  });
});
