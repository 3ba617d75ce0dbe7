import { describe, expect, it } from "vitest";
import { evaluateAlerts, type AlertSubject } from "../alerts/rules.ts";
import { defaultSettings } from "../scoring/settings.ts";
import { buildQbr, qbrText, type QbrCustomer } from "./build.ts";

const now = new Date("2026-06-01T10:00:00Z");
const customer: QbrCustomer = {
  name: "Acme", manager: "Dana", tier: "enterprise", mrr: 12000, lifecycle: "active", score: 42, status: "atrisk",
  renewalDate: "2026-06-21", customerSince: "2024-03-01", logins: 25, adoption: 22, tickets: 4, nps: 9, csat: null,
  growth: "mild", sentiment: null,
};
const subject: AlertSubject = {
  lifecycle: "active", deleted: false, status: "atrisk", score: 42, previousScore: 50, tier: "enterprise", mrr: 12000,
  logins: 25, adoption: 22, tickets: 4, nps: 9, npsCategory: null, csat: null, days: 10, renewalDate: "2026-06-21", sentiment: null,
};
const qbr = buildQbr({
  customer, conditions: evaluateAlerts(subject, defaultSettings, now), scores: [60, 55, 50, 42],
  notes: [{ body: "Asked for SSO", created_at: "2026-05-20T09:00:00.000000Z" }], now,
});

describe("buildQbr", () => {
  it("writes the executive summary from status, trend, account and renewal", () => {
    expect(qbr.summary).toBe("Acme is At Risk at 42/100, declining by 18 points over the last 90 days. "
      + "Enterprise account at $12,000 MRR since 2024-03-01, managed by Dana. Renews on 2026-06-21 (in 20 days).");
  });

  it("lists wins from strong signals and risks worst first", () => {
    expect(qbr.wins).toEqual(["Strong engagement: 25 logins in the last 30 days.", "Promoter with an NPS of 9."]);
    expect(qbr.risks.map((r) => r.severity)).toEqual(["critical", "critical", "warning", "warning", "warning"]);
    expect(qbr.risks[0].text).toBe("At Risk health: Health score 42 is in the At Risk band.");
  });

  it("plans an agenda with time for what the alerts call for", () => {
    expect(qbr.agenda.map((a) => a.topic)).toContain("Support review");
    expect(qbr.agenda.map((a) => a.topic)).toContain("Renewal and commercials");
    expect(qbr.agenda.find((a) => a.topic === "Usage and adoption")?.minutes).toBe(15);
  });

  it("copies as plain text with every section and the agenda's total", () => {
    const text = qbrText(qbr);
    const total = qbr.agenda.reduce((n, a) => n + a.minutes, 0);
    expect(text).toContain(`Suggested agenda (${total} min)`);
    expect(text).toContain("- 2026-05-20: Asked for SSO");
    expect(text).toContain("[Critical] High ticket load: 4 open support tickets (alert at 3 or more).");
  });
});
