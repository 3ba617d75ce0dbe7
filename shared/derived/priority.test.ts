import { describe, expect, it } from "vitest";
import { priorityLevel, priorityScore, renewalProximity } from "./priority.ts";

const now = new Date("2026-06-01T15:00:00Z");

describe("renewalProximity", () => {
  it.each([
    { case: "renewing today", date: "2026-06-01", expected: 100 },
    { case: "overdue", date: "2026-05-20", expected: 100 },
    { case: "90 days out", date: "2026-08-30", expected: 50 },
    { case: "180 days out", date: "2026-11-28", expected: 0 },
    { case: "a year out", date: "2027-06-01", expected: 0 },
    { case: "without a renewal date", date: null, expected: 0 },
  ])("is $expected for an account $case", ({ date, expected }) => {
    expect(renewalProximity(date, now)).toBeCloseTo(expected, 10);
  });
});

describe("priorityScore", () => {
  it.each([
    { case: "renews today and is perfectly healthy", health: 100, date: "2026-06-01", expected: 60 },
    { case: "has no renewal date and a score of 0", health: 0, date: null, expected: 40 },
    { case: "renews in 90 days with a score of 50", health: 50, date: "2026-08-30", expected: 50 },
    { case: "is overdue for renewal with a score of 20", health: 20, date: "2026-05-01", expected: 92 },
    { case: "renews in a year with a score of 90", health: 90, date: "2027-06-01", expected: 4 },
    { case: "has unknown health and renews today", health: null, date: "2026-06-01", expected: 60 },
  ])("is $expected for an account that $case", ({ health, date, expected }) => {
    expect(priorityScore({ health, renewalDate: date, now })).toBe(expected);
  });

  it("accepts the renewal date as a Date", () => {
    expect(priorityScore({ health: 50, renewalDate: new Date("2026-08-30T00:00:00Z"), now })).toBe(50);
  });

  it("is a whole number, so the level always agrees with the number shown", () => {
    const p = priorityScore({ health: 33.3, renewalDate: "2026-07-13", now });
    expect(Number.isInteger(p)).toBe(true);
  });
});

describe("priorityLevel", () => {
  it.each([
    [100, "critical"], [70, "critical"], [69, "high"], [45, "high"], [44, "medium"], [20, "medium"], [19, "low"], [0, "low"],
  ] as const)("puts a priority of %s at level %s", (p, level) => {
    expect(priorityLevel(p)).toBe(level);
  });
});
