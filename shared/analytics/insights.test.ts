import { describe, expect, test } from "vitest";
import { segmentInsights, trendInsights, type SeriesPoint } from "./insights.ts";

const series = (...values: (number | null)[]): SeriesPoint[] =>
  values.map((value, i) => ({ day: `2026-11-${String(i + 1).padStart(2, "0")}`, value }));

describe("trendInsights", () => {
  test("says how far the line moved and whether that is good news for the metric", () => {
    expect(trendInsights("score", series(50, 51, 53, 56))[0]).toBe("Health score rose 6 over the range (50 → 56): an improvement.");
    expect(trendInsights("tickets", series(2, 3, 4))[0]).toBe("Open tickets rose 2 over the range (2 → 4): a decline.");
    expect(trendInsights("score", series(60, 60.5, 60.2))[0]).toContain("held steady");
  });

  test("notices a line that sped up in its last third", () => {
    const out = trendInsights("score", series(50, 50, 50.2, 50.3, 54, 60));
    expect(out.some((s) => s.startsWith("The movement sped up lately"))).toBe(true);
  });

  test("measures an overlay against the portfolio and whether the gap widened", () => {
    const out = trendInsights("score", series(50, 50, 50), { name: "Ana Ruiz", points: series(52, 55, 58) });
    expect(out).toContain("Ana Ruiz is 8 above the portfolio; the gap widened by 6 over the range.");
  });

  test("asks for more history when fewer than two days have figures", () => {
    expect(trendInsights("nps", series(null, 20))).toEqual(["Not enough history yet for nps: insights need at least two days with figures."]);
  });
});

describe("segmentInsights", () => {
  const lines = [
    { segment: "vip", points: series(60, 64, 70), at_risk_percent: 10, count: 10 },
    { segment: "emea", points: series(40, 38, 35), at_risk_percent: 55, count: 20 },
  ];
  test("names the best and worst movers, the divergence and the riskiest segment", () => {
    expect(segmentInsights("score", lines)).toEqual([
      "Momentum: vip improved most (health score +10).",
      "emea slipped most (health score −5).",
      "Divergence: the segments drifted apart (spread 20 → 35).",
      "Risk: emea has the largest share at risk (55% of 20 accounts in Critical or At Risk).",
    ]);
  });
});

describe("focusAreas", () => {
  test("names the manager far above the team's risk, with many overdue contacts, or declining", async () => {
    const { focusAreas } = await import("./insights.ts");
    expect(focusAreas([
      { manager: "Ana", accounts: 10, at_risk_percent: 60, overdue: 1, week_change: 0 },
      { manager: "Ben", accounts: 30, at_risk_percent: 10, overdue: 8, week_change: -3 },
    ])).toEqual([
      "Ana: 60% of accounts at risk against 23% for the team.",
      "Ben: 8 accounts are overdue for contact.",
      "Ben: the book's average health fell 3 points this week.",
    ]);
  });
  test("says so when nobody stands out", async () => {
    const { focusAreas } = await import("./insights.ts");
    expect(focusAreas([{ manager: "Ana", accounts: 5, at_risk_percent: 0, overdue: 0, week_change: 1 }])[0]).toMatch(/^No manager stands out/);
  });
});
