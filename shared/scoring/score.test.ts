import { describe, expect, it } from "vitest";
import { makeSettings, makeSignals } from "./fixtures.ts";
import { scoreSignals } from "./score.ts";
import { defaultSettings, type Weights } from "./settings.ts";

const weights = (w: Partial<Weights>): Weights =>
  ({ logins: 0, adoption: 0, tickets: 0, nps: 0, csat: 0, days: 0, growth: 0, ...w });

describe("scoreSignals: the weighted average", () => {
  it("scores a fully reported customer as the weighted average of the mapped signals", () => {
    // 25%·50 + 25%·60 + 20%·80 + 15%·100 + 10%·90 + 5%·60 = 70.5
    const r = scoreSignals(makeSignals(), defaultSettings);
    expect(r.score).toBeCloseTo(70.5, 10);
    expect(r.displayScore).toBe(71);
    expect(r.band).toBe("healthy");
    expect(r.missing).toEqual([]);
    expect(r.manual).toBe(false);
  });

  it.each([
    { case: "every signal at its best", signals: makeSignals({ logins: 30, adoption: 100, tickets: 0, nps: 10, days: 0, growth: "strong" }), score: 100, band: "expansion" },
    { case: "every signal at its worst", signals: makeSignals({ logins: 0, adoption: 0, tickets: 5, nps: 0, days: 180, growth: "none" }), score: 1, band: "critical" },
    { case: "only logins and adoption", signals: { logins: 30, adoption: 50 }, score: 75, band: "healthy" },
    { case: "only tickets", signals: { tickets: 4 }, score: 20, band: "critical" },
    { case: "an nps category instead of a number", signals: makeSignals({ nps: null, npsCategory: "passive" }), score: 63, band: "watch" },
  ])("scores $case as $score", ({ signals, score, band }) => {
    const r = scoreSignals(signals, defaultSettings);
    expect(r.score).toBeCloseTo(score, 10);
    expect(r.band).toBe(band);
  });

  it("renormalises the remaining weights when signals are missing and names the missing ones", () => {
    const r = scoreSignals({ logins: 30, adoption: 50 }, defaultSettings);
    expect(r.score).toBe(75);
    expect(r.missing).toEqual(["tickets", "nps", "days", "growth"]);
    expect(r.explanation.find((e) => e.signal === "logins")?.effectiveWeight).toBe(50);
  });

  it("does not count csat as missing while its weight is 0, and ignores it in the score", () => {
    const withCsat = scoreSignals(makeSignals({ csat: 1 }), defaultSettings);
    expect(withCsat.score).toBeCloseTo(70.5, 10);
    expect(scoreSignals(makeSignals(), defaultSettings).missing).not.toContain("csat");
  });

  it("counts csat once a client gives it weight", () => {
    const settings = makeSettings({ weights: weights({ logins: 50, csat: 50 }) });
    expect(scoreSignals({ logins: 30, csat: 3 }, settings).score).toBe(75);
  });

  it("gives no score, display score or band when no weighted signal is present", () => {
    const r = scoreSignals({ csat: 5 }, defaultSettings);
    expect(r).toMatchObject({ score: null, displayScore: null, band: null, bestImprovement: null });
    expect(r.missing).toEqual(["logins", "adoption", "tickets", "nps", "days", "growth"]);
  });

  it("keeps the exact score and rounds only the display score", () => {
    const r = scoreSignals({ logins: 1 }, defaultSettings);
    expect(r.score).toBeCloseTo(100 / 30, 10);
    expect(r.displayScore).toBe(3);
  });

  it("bands by the rounded score, so 24.5 shows as 25 and is At Risk", () => {
    const settings = makeSettings({ weights: weights({ adoption: 100 }) });
    expect(scoreSignals({ adoption: 24.5 }, settings)).toMatchObject({ displayScore: 25, band: "atrisk" });
    expect(scoreSignals({ adoption: 24.4 }, settings)).toMatchObject({ displayScore: 24, band: "critical" });
  });
});

describe("scoreSignals: manual score", () => {
  it("lets a manual score override the score and band while still explaining the signals", () => {
    const r = scoreSignals(makeSignals(), defaultSettings, { manualScore: 20 });
    expect(r).toMatchObject({ score: 20, displayScore: 20, band: "critical", manual: true });
    const sum = r.explanation.reduce((s, e) => s + e.contribution, 0);
    expect(sum).toBeCloseTo(70.5, 10);
    expect(r.bestImprovement?.signal).toBe("logins");
  });

  it("gives a score from a manual value even when no signal is present", () => {
    expect(scoreSignals({}, defaultSettings, { manualScore: 88 })).toMatchObject({ score: 88, band: "expansion", manual: true });
  });

  it("computes from the signals when the manual score is null", () => {
    expect(scoreSignals(makeSignals(), defaultSettings, { manualScore: null })).toMatchObject({ manual: false });
  });
});

describe("scoreSignals: explanation", () => {
  it("lists every signal with its raw value, mapped value, weight and contribution", () => {
    const r = scoreSignals(makeSignals(), defaultSettings);
    expect(r.explanation.map((e) => e.signal)).toEqual(["logins", "adoption", "tickets", "nps", "csat", "days", "growth"]);
    expect(r.explanation[0]).toEqual({ signal: "logins", raw: 15, mapped: 50, weight: 25, effectiveWeight: 25, contribution: 12.5 });
    expect(r.explanation.find((e) => e.signal === "growth")).toMatchObject({ raw: "mild", mapped: 60, contribution: 3 });
    expect(r.explanation.find((e) => e.signal === "csat")).toMatchObject({ raw: null, mapped: null, contribution: 0, effectiveWeight: 0 });
  });

  it.each([
    { case: "all signals", signals: makeSignals() },
    { case: "some signals missing", signals: { tickets: 2, growth: "strong" as const, days: 40 } },
    { case: "an nps category", signals: { npsCategory: "detractor" as const, logins: 29 } },
  ])("has contributions that sum to the score with $case", ({ signals }) => {
    const r = scoreSignals(signals, defaultSettings);
    expect(r.explanation.reduce((s, e) => s + e.contribution, 0)).toBeCloseTo(r.score ?? NaN, 10);
    expect(r.explanation.reduce((s, e) => s + e.effectiveWeight, 0)).toBeCloseTo(100, 10);
  });
});

describe("scoreSignals: best improvement", () => {
  it("suggests the change that raises the score most: 30 logins adds 12.5 points", () => {
    // logins +12.5, adoption +10, tickets +4, growth +2, days +1, nps +0.
    expect(scoreSignals(makeSignals(), defaultSettings).bestImprovement).toEqual({ signal: "logins", to: 30, gain: 12.5 });
  });

  it.each([
    { signal: "tickets", to: 0, signals: makeSignals({ logins: 30, adoption: 100, tickets: 5 }) },
    { signal: "days", to: 0, signals: makeSignals({ logins: 30, adoption: 100, tickets: 0, days: 180 }) },
    { signal: "nps", to: 10, signals: makeSignals({ logins: 30, adoption: 100, tickets: 0, nps: 2 }) },
    { signal: "growth", to: "strong", signals: makeSignals({ logins: 30, adoption: 100, tickets: 0, days: 0, growth: "none" }) },
  ])("suggests $signal at $to when that is the weakest weighted signal", ({ signal, to, signals }) => {
    expect(scoreSignals(signals, defaultSettings).bestImprovement).toMatchObject({ signal, to });
  });

  it("suggests adding a missing signal when that beats improving the present ones", () => {
    // Present: adoption 60 (w5) and tickets 3 (w5) → 50. Adding 30 logins (w90) → 95.
    const settings = makeSettings({ weights: weights({ logins: 90, adoption: 5, tickets: 5 }) });
    const r = scoreSignals({ adoption: 60, tickets: 3 }, settings);
    expect(r.score).toBe(50);
    expect(r.bestImprovement?.signal).toBe("logins");
    expect(r.bestImprovement?.to).toBe(30);
    expect(r.bestImprovement?.gain).toBeCloseTo(45, 10);
  });

  it("suggests the profile's own login target when its mapping needs 60 logins", () => {
    const settings = makeSettings({ mappings: { ...defaultSettings.mappings, loginsMax: 60 } });
    expect(scoreSignals(makeSignals({ logins: 0 }), settings).bestImprovement).toMatchObject({ signal: "logins", to: 60 });
  });

  it("suggests nothing when every weighted signal is already at its best", () => {
    const best = makeSignals({ logins: 30, adoption: 100, tickets: 0, nps: 10, days: 0, growth: "strong" });
    expect(scoreSignals(best, defaultSettings).bestImprovement).toBeNull();
  });

  it("never suggests a signal whose weight is 0", () => {
    const r = scoreSignals({ logins: 0, csat: 1 }, defaultSettings);
    expect(r.bestImprovement?.signal).toBe("logins");
  });
});
