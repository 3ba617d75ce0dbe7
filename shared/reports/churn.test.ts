import { describe, expect, test } from "vitest";
import { calibrationVerdict, churnProbability, PRIOR_CHURN, ratesOf } from "./churn.ts";

describe("churnProbability", () => {
  test("with no history the band's prior is the probability", () => {
    expect(churnProbability("critical", [])).toBe(PRIOR_CHURN.critical);
  });
  test("measured history outweighs the prior as accounts accumulate", () => {
    const outcomes = [{ band: "healthy" as const, observed: 990, churned: 198, renewed: 400 }];
    expect(churnProbability("healthy", outcomes)).toBeCloseTo((198 + 0.5) / 1000, 10);
  });
});

describe("calibration", () => {
  test("rates are churned and renewed over observed, null when none were observed", () => {
    expect(ratesOf({ band: "watch", observed: 20, churned: 5, renewed: 4 })).toEqual({ churn: 0.25, renewal: 0.2 });
    expect(ratesOf({ band: "watch", observed: 0, churned: 0, renewed: 0 })).toEqual({ churn: null, renewal: null });
  });
  test("says the score predicts churn when churn falls as the band rises, and not when it does not", () => {
    expect(calibrationVerdict([
      { band: "critical", observed: 10, churned: 5, renewed: 0 }, { band: "healthy", observed: 10, churned: 1, renewed: 5 },
    ])).toMatch(/^The score predicts churn .* from 50% .* to 10%/);
    expect(calibrationVerdict([
      { band: "critical", observed: 10, churned: 1, renewed: 0 }, { band: "healthy", observed: 10, churned: 4, renewed: 5 },
    ])).toMatch(/^The score does not rank churn cleanly/);
    expect(calibrationVerdict([{ band: "critical", observed: 3, churned: 1, renewed: 0 }])).toMatch(/^Not enough history/);
  });
});
