import { describe, expect, test } from "vitest";
import { metricOf, rangeStart, type RollupDay } from "./rollups.ts";

const day = (over: Partial<RollupDay> = {}): RollupDay => ({
  day: "2026-12-01", customers: 4, scored: 3, score_sum: 150, logins_n: 2, logins_sum: 30, adoption_n: 0, adoption_sum: 0,
  tickets_n: 4, tickets_sum: 6, csat_n: 1, csat_sum: 4, days_n: 4, days_sum: 100, promoters: 2, passives: 1, detractors: 1,
  mrr: 5000, arr: 60000, critical: 1, atrisk: 0, watch: 1, healthy: 1, expansion: 0, ...over,
});

describe("metricOf", () => {
  test.each([
    ["score", 50], ["logins", 15], ["tickets", 1.5], ["csat", 4], ["days", 25], ["mrr", 5000], ["arr", 60000], ["customers", 4],
  ] as const)("%s is the average over the customers reporting it, or the total for money and counts", (metric, want) => {
    expect(metricOf(day(), metric)).toBe(want);
  });

  test("a signal no customer reported is null, not zero", () => {
    expect(metricOf(day(), "adoption")).toBeNull();
  });

  test("NPS is % promoters minus % detractors of the customers with a category", () => {
    expect(metricOf(day(), "nps")).toBe(25);
    expect(metricOf(day({ promoters: 0, passives: 0, detractors: 0 }), "nps")).toBeNull();
  });
});

describe("rangeStart", () => {
  test.each([
    ["7d", "2026-11-26"], ["30d", "2026-11-03"], ["90d", "2026-09-04"], ["1y", "2025-12-03"], ["2y", "2024-12-03"], ["ytd", "2026-01-01"],
  ] as const)("%s starts on %s when today is 2026-12-02", (range, want) => {
    expect(rangeStart(range, "2026-12-02")).toBe(want);
  });
});
