import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  bandsSchema, defaultSettings, effectiveSettings, scoringProfileSchema, settingsSchema, signalNames, weightsSchema,
  type ScoringProfile, type Weights,
} from "./settings.ts";

const weightsWith = (overrides: Partial<Weights>): Weights => ({ ...defaultSettings.weights, ...overrides });

describe("settingsSchema", () => {
  it("fills every section with the reference defaults when given nothing", () => {
    const s = settingsSchema.parse({});
    expect(s.weights).toEqual({ logins: 25, adoption: 25, tickets: 20, nps: 15, csat: 0, days: 10, growth: 5 });
    expect(s.bands).toEqual({ atrisk: 25, watch: 50, healthy: 65, expansion: 80 });
    expect(s.mappings).toEqual({
      loginsMax: 30, ticketsZeroAt: 5, daysZeroAt: 180, npsPromoter: 100, npsPassive: 50, npsDetractor: 0,
      csatMin: 1, csatMax: 5, growth: { none: 20, mild: 60, strong: 100 },
    });
    expect(s.cadence).toEqual({
      enterprise: { dueSoon: 14, overdue: 30 }, mid: { dueSoon: 21, overdue: 45 }, smb: { dueSoon: 30, overdue: 60 },
    });
    expect(s.renewalWindows).toEqual({ attention: 60, warning: 30, critical: 14 });
    expect(s.signalThresholds).toEqual({
      lowLogins: 5, lowAdoption: 30, ticketAlert: 3, lowCsat: 2, expansionMrr: 3000, expansionQuietDays: 30, scoreDrop: 15,
      scoreDropDays: 7, stalenessDays: 30,
    });
    expect(s.expansion).toEqual({ percentOfMrr: 20 });
    expect(defaultSettings).toEqual(s);
  });

  it("keeps the defaults of a section's other fields when only one field is given", () => {
    const s = settingsSchema.parse({ mappings: { loginsMax: 40, growth: { mild: 50 } }, cadence: { smb: { overdue: 90 } } });
    expect(s.mappings.loginsMax).toBe(40);
    expect(s.mappings.ticketsZeroAt).toBe(5);
    expect(s.mappings.growth).toEqual({ none: 20, mild: 50, strong: 100 });
    expect(s.cadence.smb).toEqual({ dueSoon: 30, overdue: 90 });
    expect(s.cadence.enterprise).toEqual({ dueSoon: 14, overdue: 30 });
  });

  it("reports weights that do not total 100 at the path weights, not weights.weights", () => {
    const result = settingsSchema.safeParse({ weights: weightsWith({ growth: 0 }) });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([["weights"]]);
    expect(result.error?.issues[0].message).toBe("weights must total 100 (currently 95)");
  });

  it("refuses cadence thresholds where overdue does not come after due soon", () => {
    expect(settingsSchema.safeParse({ cadence: { mid: { dueSoon: 45, overdue: 45 } } }).success).toBe(false);
  });

  it("refuses renewal windows that do not narrow from attention to critical", () => {
    expect(settingsSchema.safeParse({ renewalWindows: { attention: 20, warning: 30, critical: 14 } }).success).toBe(false);
  });

  it("refuses a csat mapping whose minimum is not below its maximum", () => {
    expect(settingsSchema.safeParse({ mappings: { csatMin: 5, csatMax: 5 } }).success).toBe(false);
  });
});

describe("weightsSchema", () => {
  it("accepts the default weights, which total 100", () => {
    expect(weightsSchema.parse(defaultSettings.weights)).toEqual(defaultSettings.weights);
  });

  it("accepts fractional weights whose total is 100 up to float rounding", () => {
    const w = { logins: 33.3, adoption: 33.3, tickets: 33.4, nps: 0, csat: 0, days: 0, growth: 0 };
    expect(weightsSchema.safeParse(w).success).toBe(true);
  });

  it.each([
    { total: 95, weights: weightsWith({ growth: 0 }) },
    { total: 110, weights: weightsWith({ csat: 10 }) },
    { total: 0, weights: { logins: 0, adoption: 0, tickets: 0, nps: 0, csat: 0, days: 0, growth: 0 } },
  ])("refuses weights totalling $total with a message naming weights and the actual total", ({ total, weights }) => {
    const result = weightsSchema.safeParse(weights);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["weights"]);
    expect(result.error?.issues[0].message).toBe(`weights must total 100 (currently ${total})`);
  });

  it("refuses a weight outside 0..100 and names the signal", () => {
    const result = weightsSchema.safeParse(weightsWith({ logins: -5, adoption: 55 }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toContain("weights.logins");
  });

  it("refuses weights with a signal left out", () => {
    const { growth: _growth, ...six } = defaultSettings.weights;
    expect(weightsSchema.safeParse({ ...six, logins: 30 }).success).toBe(false);
  });

  it("refuses any integer weights whose total is not exactly 100", () => {
    const anyWeights = fc.tuple(...signalNames.map(() => fc.integer({ min: 0, max: 100 })));
    fc.assert(fc.property(anyWeights, (values) => {
      const weights = Object.fromEntries(signalNames.map((n, i) => [n, values[i]]));
      const total = values.reduce((a, b) => a + b, 0);
      expect(weightsSchema.safeParse(weights).success).toBe(total === 100);
    }));
  });
});

describe("bandsSchema", () => {
  it.each([
    { case: "two equal bounds", bands: { atrisk: 25, watch: 50, healthy: 50, expansion: 80 } },
    { case: "a decreasing bound", bands: { atrisk: 60, watch: 50, healthy: 65, expansion: 80 } },
    { case: "a bound above 100", bands: { atrisk: 25, watch: 50, healthy: 65, expansion: 101 } },
    { case: "a bound of 0", bands: { atrisk: 0, watch: 50, healthy: 65, expansion: 80 } },
  ])("refuses bands with $case", ({ bands }) => {
    expect(bandsSchema.safeParse(bands).success).toBe(false);
  });

  it("accepts strictly increasing bounds up to 100", () => {
    expect(bandsSchema.parse({ atrisk: 1, watch: 2, healthy: 3, expansion: 100 }).expansion).toBe(100);
  });
});

describe("scoringProfileSchema and effectiveSettings", () => {
  const enterprise: ScoringProfile = scoringProfileSchema.parse({
    name: "Enterprise",
    weights: { logins: 10, adoption: 40, tickets: 20, nps: 15, csat: 0, days: 10, growth: 5 },
    mappings: { loginsMax: 60, growth: { none: 0 } },
  });

  it("refuses a profile with an empty name or one longer than 80 characters", () => {
    const base = { weights: defaultSettings.weights };
    expect(scoringProfileSchema.safeParse({ ...base, name: "  " }).success).toBe(false);
    expect(scoringProfileSchema.safeParse({ ...base, name: "x".repeat(81) }).success).toBe(false);
    expect(scoringProfileSchema.safeParse({ ...base, name: "x".repeat(80) }).success).toBe(true);
  });

  it("refuses a profile whose weights do not total 100, at the path weights", () => {
    const result = scoringProfileSchema.safeParse({ name: "Bad", weights: weightsWith({ logins: 50 }) });
    expect(result.error?.issues[0].path).toEqual(["weights"]);
  });

  it("returns the client's settings unchanged when the customer has no profile", () => {
    expect(effectiveSettings(defaultSettings)).toEqual(defaultSettings);
    expect(effectiveSettings(defaultSettings, null)).toEqual(defaultSettings);
  });

  it("replaces the weights and overrides only the mappings the profile names", () => {
    const s = effectiveSettings(defaultSettings, enterprise);
    expect(s.weights).toEqual(enterprise.weights);
    expect(s.mappings.loginsMax).toBe(60);
    expect(s.mappings.ticketsZeroAt).toBe(5);
    expect(s.mappings.growth).toEqual({ none: 0, mild: 60, strong: 100 });
    expect(s.bands).toEqual(defaultSettings.bands);
    expect(s.cadence).toEqual(defaultSettings.cadence);
  });

  it("replaces the bands when the profile has its own", () => {
    const bands = { atrisk: 30, watch: 55, healthy: 70, expansion: 85 };
    expect(effectiveSettings(defaultSettings, { ...enterprise, bands }).bands).toEqual(bands);
  });

  it("leaves the client's settings object untouched", () => {
    const before = structuredClone(defaultSettings);
    effectiveSettings(defaultSettings, enterprise);
    expect(defaultSettings).toEqual(before);
  });
});
