import { describe, expect, it } from "vitest";
import { defaultSettings, settingsSchema } from "../scoring/settings.ts";
import { describeAlert } from "./describe.ts";
import { alertRules, evaluateAlerts, type AlertRule, type AlertSubject } from "./rules.ts";

const now = new Date("2026-06-01T10:00:00Z");

/** A quiet, healthy, mid-sized account that raises nothing; each case changes what it tests. */
function makeSubject(overrides: Partial<AlertSubject> = {}): AlertSubject {
  return {
    lifecycle: "active", deleted: false, status: "healthy", score: 70, previousScore: 70, tier: "mid", mrr: 2000,
    logins: 20, adoption: 60, tickets: 0, nps: 8, npsCategory: null, csat: null, days: 5, renewalDate: null,
    sentiment: null, ...overrides,
  };
}

const ruleOf = (subject: AlertSubject, rule: AlertRule, settings = defaultSettings) =>
  evaluateAlerts(subject, settings, now).find((a) => a.rule === rule) ?? null;

describe("evaluateAlerts", () => {
  it("raises nothing for a healthy, engaged account", () => {
    expect(evaluateAlerts(makeSubject(), defaultSettings, now)).toEqual([]);
  });

  it.each([
    { status: "critical", severity: "critical" },
    { status: "atrisk", severity: "critical" },
    { status: "watch", severity: "warning" },
    { status: "healthy", severity: null },
    { status: "expansion", severity: null },
    { status: null, severity: null },
  ] as const)("rates health in the $status band as $severity", ({ status, severity }) => {
    expect(ruleOf(makeSubject({ status, score: 40 }), "health")?.severity ?? null).toBe(severity);
  });

  it.each([
    { tickets: 2, fires: false }, { tickets: 3, fires: true }, { tickets: 4, fires: true }, { tickets: null, fires: false },
  ])("raises a ticket alert at $tickets open tickets: $fires (3 or more, red)", ({ tickets, fires }) => {
    const alert = ruleOf(makeSubject({ tickets }), "tickets");
    expect(alert !== null).toBe(fires);
    if (alert) expect(alert).toMatchObject({ category: "tickets", severity: "critical", facts: { tickets, threshold: 3 } });
  });

  it.each([
    { logins: 4, fires: true }, { logins: 5, fires: false }, { logins: 0, fires: true }, { logins: null, fires: false },
  ])("raises a low-logins alert at $logins logins: $fires (under 5)", ({ logins, fires }) => {
    expect(ruleOf(makeSubject({ logins }), "low_logins") !== null).toBe(fires);
  });

  it.each([
    { adoption: 29.9, fires: true }, { adoption: 30, fires: false }, { adoption: 31, fires: false },
  ])("raises a low-adoption alert at $adoption% adoption: $fires (under 30%)", ({ adoption, fires }) => {
    const alert = ruleOf(makeSubject({ adoption }), "low_adoption");
    expect(alert !== null).toBe(fires);
    if (alert) expect(alert.category).toBe("engagement");
  });

  it.each([
    { date: "2026-08-01", days: 61, severity: null },
    { date: "2026-07-31", days: 60, severity: "attention" },
    { date: "2026-07-02", days: 31, severity: "attention" },
    { date: "2026-07-01", days: 30, severity: "warning" },
    { date: "2026-06-16", days: 15, severity: "warning" },
    { date: "2026-06-15", days: 14, severity: "critical" },
    { date: "2026-06-01", days: 0, severity: "critical" },
    { date: "2026-05-20", days: -12, severity: "critical" },
  ] as const)("escalates a renewal $days days away to $severity", ({ date, days, severity }) => {
    const alert = ruleOf(makeSubject({ renewalDate: date }), "renewal");
    expect(alert?.severity ?? null).toBe(severity);
    if (alert) expect(alert.facts).toEqual({ days, renewal_date: date });
  });

  it("follows the client's own renewal windows", () => {
    const settings = settingsSchema.parse({ renewalWindows: { attention: 90, warning: 45, critical: 7 } });
    expect(ruleOf(makeSubject({ renewalDate: "2026-08-15" }), "renewal", settings)?.severity).toBe("attention");
    expect(ruleOf(makeSubject({ renewalDate: "2026-06-10" }), "renewal", settings)?.severity).toBe("warning");
    expect(ruleOf(makeSubject({ renewalDate: "2026-06-08" }), "renewal", settings)?.severity).toBe("critical");
  });

  it.each([
    { tier: "enterprise", days: 29, logins: 0, fires: false },
    { tier: "enterprise", days: 30, logins: 0, fires: true },
    { tier: "mid", days: 45, logins: null, fires: true },
    { tier: "mid", days: 45, logins: 1, fires: false },
    { tier: "smb", days: 59, logins: 0, fires: false },
    { tier: null, days: 60, logins: 0, fires: true },
  ] as const)("calls a $tier account quiet at $days days and $logins logins: $fires", ({ tier, days, logins, fires }) => {
    expect(ruleOf(makeSubject({ tier, days, logins }), "quiet") !== null).toBe(fires);
  });

  it.each([
    { previousScore: 70, score: 67, fires: true },
    { previousScore: 70, score: 67.5, fires: false },
    { previousScore: 60, score: 70, fires: false },
    { previousScore: null, score: 50, fires: false },
  ])("sees momentum down from $previousScore to $score: $fires (3 points or more)", ({ previousScore, score, fires }) => {
    expect(ruleOf(makeSubject({ previousScore, score }), "momentum") !== null).toBe(fires);
  });

  it.each([
    { change: { sentiment: "negative" }, rule: "negative_sentiment" },
    { change: { nps: 6 }, rule: "nps_detractor" },
    { change: { nps: null, npsCategory: "detractor" }, rule: "nps_detractor" },
    { change: { csat: 2 }, rule: "low_csat" },
  ] as const)("raises the sentiment alert $rule", ({ change, rule }) => {
    expect(ruleOf(makeSubject(change), rule)).toMatchObject({ category: "sentiment", severity: "warning" });
  });

  it.each([
    { change: { sentiment: "neutral" }, rule: "negative_sentiment" },
    { change: { nps: 7 }, rule: "nps_detractor" },
    { change: { nps: 7, npsCategory: "detractor" }, rule: "nps_detractor" },
    { change: { csat: 2.5 }, rule: "low_csat" },
  ] as const)("does not raise $rule for $change", ({ change, rule }) => {
    expect(ruleOf(makeSubject(change), rule)).toBeNull();
  });

  it.each([
    { change: { mrr: 3001, days: 30 }, fires: true },
    { change: { mrr: 3000, days: 30 }, fires: false },
    { change: { mrr: 5000, days: 29 }, fires: false },
    { change: { mrr: 5000, days: 40, status: "expansion" }, fires: true },
    { change: { mrr: 5000, days: 40, status: "watch" }, fires: false },
  ] as const)("sees an expansion opportunity for $change: $fires (healthy, MRR over $3K, 30+ days)", ({ change, fires }) => {
    const alert = ruleOf(makeSubject(change), "expansion");
    expect(alert !== null).toBe(fires);
    if (alert) expect(alert.severity).toBe("opportunity");
  });

  it("reads its thresholds from the client's settings", () => {
    const settings = settingsSchema.parse({ signalThresholds: { ticketAlert: 5, lowLogins: 10, expansionMrr: 10_000 } });
    const subject = makeSubject({ tickets: 4, logins: 8, mrr: 5000, days: 40 });
    expect(ruleOf(subject, "tickets", settings)).toBeNull();
    expect(ruleOf(subject, "low_logins", settings)).not.toBeNull();
    expect(ruleOf(subject, "expansion", settings)).toBeNull();
  });

  it.each([{ lifecycle: "churned", deleted: false }, { lifecycle: "active", deleted: true }])(
    "raises nothing for a customer that is $lifecycle (deleted: $deleted)",
    ({ lifecycle, deleted }) => {
      const subject = makeSubject({ lifecycle, deleted, status: "critical", tickets: 9, logins: 0 });
      expect(evaluateAlerts(subject, defaultSettings, now)).toEqual([]);
    },
  );
});

describe("describeAlert", () => {
  it("writes the numbers behind an alert into its reason", () => {
    const [tickets] = evaluateAlerts(makeSubject({ tickets: 4 }), defaultSettings, now);
    expect(describeAlert(tickets.rule, tickets.severity, tickets.facts).reason).toBe("4 open support tickets (alert at 3 or more).");
    const renewal = ruleOf(makeSubject({ renewalDate: "2026-06-11" }), "renewal")!;
    expect(describeAlert("renewal", renewal.severity, renewal.facts).reason).toBe("The renewal on 2026-06-11 is in 10 days.");
  });

  it("has a title, a reason and a next action for every rule", () => {
    for (const rule of alertRules) {
      const text = describeAlert(rule, "warning", { score: 40, status: "atrisk", days: 3, renewal_date: "2026-06-04" });
      expect(text.title.length, `${rule} has a title`).toBeGreaterThan(0);
      expect(text.action.length, `${rule} has an action`).toBeGreaterThan(0);
    }
  });
});
