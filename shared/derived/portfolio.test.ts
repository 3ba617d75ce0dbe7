import { describe, expect, it } from "vitest";
import { defaultSettings } from "../scoring/settings.ts";
import { expansionEstimate, revenueAtRisk, type PortfolioAccount } from "./portfolio.ts";

const accounts: PortfolioAccount[] = [
  { mrr: 5000, band: "expansion" },
  { mrr: 2000, band: "expansion", lifecycle: "active" },
  { mrr: 9000, band: "expansion", lifecycle: "churned" },
  { mrr: null, band: "expansion" },
  { mrr: 1000, band: "critical" },
  { mrr: 1500, band: "atrisk", lifecycle: "onboarding" },
  { mrr: 7000, band: "atrisk", lifecycle: "churned" },
  { mrr: 3000, band: "watch" },
  { mrr: 4000, band: null },
];

describe("expansionEstimate", () => {
  it("is 20% of the MRR of live Expansion-band accounts by default", () => {
    expect(expansionEstimate(accounts, defaultSettings)).toBe(1400);
  });

  it("uses the client's configured percentage", () => {
    expect(expansionEstimate(accounts, { expansion: { percentOfMrr: 50 } })).toBe(3500);
  });

  it("is 0 for a portfolio without Expansion-band accounts", () => {
    expect(expansionEstimate([{ mrr: 1000, band: "healthy" }], defaultSettings)).toBe(0);
  });
});

describe("revenueAtRisk", () => {
  it("sums the MRR of live Critical and At Risk accounts, leaving churned ones out", () => {
    expect(revenueAtRisk(accounts)).toBe(2500);
  });

  it("is 0 for an empty portfolio", () => {
    expect(revenueAtRisk([])).toBe(0);
  });
});
