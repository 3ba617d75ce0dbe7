import { describe, expect, test } from "vitest";
import { signalFreshness } from "./staleness.ts";

const now = new Date("2026-12-02T12:00:00Z");

describe("signalFreshness", () => {
  test("a signal updated within the window is fresh, one older than the window is stale", () => {
    const f = signalFreshness({ logins: "2026-11-30T12:00:00Z", adoption: "2026-10-01T12:00:00Z" }, now, 30);
    expect(f.logins).toEqual({ updatedAt: "2026-11-30T12:00:00Z", ageDays: 2, stale: false });
    expect(f.adoption.stale, "62 days is past a 30-day window").toBe(true);
    expect(f.adoption.ageDays).toBe(62);
  });

  test("exactly the window's age is not stale yet; a day more is", () => {
    expect(signalFreshness({ logins: "2026-11-02T12:00:00Z" }, now, 30).logins.stale).toBe(false);
    expect(signalFreshness({ logins: "2026-11-01T12:00:00Z" }, now, 30).logins.stale).toBe(true);
  });

  test("a signal with no stamp, or an unreadable one, is neither dated nor stale", () => {
    const f = signalFreshness({ tickets: "yesterday" }, now, 30);
    expect(f.nps).toEqual({ updatedAt: null, ageDays: null, stale: false });
    expect(f.tickets).toEqual({ updatedAt: null, ageDays: null, stale: false });
  });

  test("every signal has an entry, in the engine's order", () => {
    expect(Object.keys(signalFreshness({}, now, 30))).toEqual(["logins", "adoption", "tickets", "nps", "csat", "days", "growth"]);
  });
});
