import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { daysSinceContact } from "./decay.ts";

const DAY = 86_400_000;

describe("daysSinceContact", () => {
  it.each([
    { case: "on the day the baseline was saved", days: 10, at: "2026-03-01T12:00:00Z", now: "2026-03-01T23:59:00Z", expected: 10 },
    { case: "four calendar days later", days: 10, at: "2026-03-01T12:00:00Z", now: "2026-03-05T01:00:00Z", expected: 14 },
    { case: "just after midnight UTC the next day", days: 0, at: "2026-03-01T23:59:00Z", now: "2026-03-02T00:01:00Z", expected: 1 },
    { case: "across a month end in a leap year", days: 3, at: "2028-02-27", now: "2028-03-01T08:00:00Z", expected: 6 },
    { case: "when the clock reads earlier than the baseline", days: 7, at: "2026-03-10T00:00:00Z", now: "2026-03-01T00:00:00Z", expected: 7 },
  ])("adds whole UTC calendar days $case", ({ days, at, now, expected }) => {
    expect(daysSinceContact(days, at, new Date(now))).toBe(expected);
  });

  it("accepts the baseline time as a Date as well as a string", () => {
    expect(daysSinceContact(5, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-31T00:00:00Z"))).toBe(35);
  });

  it("gives null when no baseline days were ever saved", () => {
    expect(daysSinceContact(null, "2026-01-01", new Date("2026-02-01"))).toBeNull();
  });

  it("keeps the baseline as it is when the time it was saved is unknown or unreadable", () => {
    expect(daysSinceContact(12, null, new Date("2026-02-01"))).toBe(12);
    expect(daysSinceContact(12, "not a date", new Date("2026-02-01"))).toBe(12);
  });

  const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });

  it("is idempotent: asking again with the same clock gives the same days, never one more", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 400 }), instant, instant, (days, at, now) => {
      const first = daysSinceContact(days, new Date(at), new Date(now));
      expect(daysSinceContact(days, new Date(at), new Date(now))).toBe(first);
      expect(first).toBeGreaterThanOrEqual(days);
    }));
  });

  it("grows by exactly 10 when the clock moves 10 days on", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 400 }), instant, fc.integer({ min: 0, max: 5000 * DAY }),
      (days, at, ahead) => {
        const now = at + ahead;
        const today = daysSinceContact(days, new Date(at), new Date(now))!;
        expect(daysSinceContact(days, new Date(at), new Date(now + 10 * DAY))).toBe(today + 10);
      }));
  });
});
