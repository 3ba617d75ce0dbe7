import { describe, expect, it } from "vitest";
import { evaluateAlerts, type AlertSubject } from "../alerts/rules.ts";
import { defaultSettings } from "../scoring/settings.ts";
import { findPlayItem, playsFor } from "./plays.ts";

const now = new Date("2026-06-01T10:00:00Z");
const subject = (overrides: Partial<AlertSubject>): AlertSubject => ({
  lifecycle: "active", deleted: false, status: "healthy", score: 70, previousScore: 70, tier: "mid", mrr: 2000,
  logins: 20, adoption: 60, tickets: 0, nps: 8, npsCategory: null, csat: null, days: 5, renewalDate: null, sentiment: null,
  ...overrides,
});
const playsOf = (overrides: Partial<AlertSubject>) => playsFor(evaluateAlerts(subject(overrides), defaultSettings, now));

describe("playsFor", () => {
  it("has no plays for an account that raises no alert", () => {
    expect(playsOf({})).toEqual([]);
  });

  it.each([
    { change: { adoption: 20 }, play: "adoption", priority: "medium" },
    { change: { adoption: 20, logins: 2 }, play: "adoption", priority: "high" },
    { change: { tickets: 4 }, play: "support_escalation", priority: "high" },
    { change: { status: "atrisk", score: 40, renewalDate: "2026-06-20" }, play: "save", priority: "critical" },
    { change: { status: "atrisk", score: 40 }, play: "recovery", priority: "high" },
    { change: { renewalDate: "2026-07-20" }, play: "renewal_prep", priority: "low" },
    { change: { mrr: 5000, days: 40 }, play: "upsell", priority: "low" },
    { change: { sentiment: "negative" }, play: "relationship", priority: "medium" },
  ] as const)("calls for the $play play at $priority priority for $change", ({ change, play, priority }) => {
    expect(playsOf(change).find((p) => p.key === play)?.priority).toBe(priority);
  });

  it("a save play replaces the renewal preparation and the recovery play, and comes first", () => {
    const plays = playsOf({ status: "critical", score: 20, previousScore: 21, renewalDate: "2026-06-10", tickets: 5 });
    expect(plays.map((p) => p.key)).toEqual(["save", "support_escalation"]);
    expect(plays[0].why).toEqual(["The renewal on 2026-06-10 is in 9 days.", "Health score 20 is in the Critical band."]);
  });

  it("finds an item only in the play that has it", () => {
    expect(findPlayItem("adoption", "training")?.label).toBe("Run a training session for the main users");
    expect(findPlayItem("upsell", "training")).toBeNull();
  });
});
