import { describe, expect, it } from "vitest";
import { timelineOf } from "./timeline.ts";

const entry = (at: string, score: number, signals: Record<string, unknown>) => ({ at, score, status: "watch", reason: "signals", signals });

describe("timelineOf", () => {
  it("names each signal that moved since the entry before, and nothing for the first", () => {
    const steps = timelineOf([
      entry("2026-01-01T00:00:00Z", 70, { logins: 20, tickets: 0, nps: 9 }),
      entry("2026-01-03T00:00:00Z", 60, { logins: 8, tickets: 0, nps: 9 }),
      entry("2026-01-04T00:00:00Z", 50, { logins: 8, tickets: 4, nps: null }),
    ]);
    expect(steps.map((s) => s.changes)).toEqual([
      [],
      [{ signal: "logins", from: 20, to: 8 }],
      [{ signal: "nps", from: 9, to: null }, { signal: "tickets", from: 0, to: 4 }],
    ]);
  });
});
