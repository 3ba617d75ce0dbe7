import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { scoreSignals } from "./score.ts";
import { defaultSettings, signalNames, weightsSchema, type Settings, type Weights } from "./settings.ts";
import type { Signals } from "./signals.ts";

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const signalsArb: fc.Arbitrary<Signals> = fc.record({
  logins: maybe(fc.integer({ min: 0, max: 500 })),
  adoption: maybe(fc.double({ min: 0, max: 100, noNaN: true })),
  tickets: maybe(fc.integer({ min: 0, max: 50 })),
  nps: maybe(fc.integer({ min: 0, max: 10 })),
  npsCategory: maybe(fc.constantFrom("promoter" as const, "passive" as const, "detractor" as const)),
  csat: maybe(fc.double({ min: 1, max: 5, noNaN: true })),
  days: maybe(fc.integer({ min: 0, max: 1000 })),
  growth: maybe(fc.constantFrom("none" as const, "mild" as const, "strong" as const)),
}, { requiredKeys: [] });

/** Any valid weights: six cut points in 0..100 split 100 into seven parts. */
const weightsArb: fc.Arbitrary<Weights> = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 })
  .map((cuts) => {
    const edges = [0, ...cuts.sort((a, b) => a - b), 100];
    return Object.fromEntries(signalNames.map((n, i) => [n, edges[i + 1] - edges[i]])) as Weights;
  });

const settingsArb: fc.Arbitrary<Settings> = weightsArb.map((weights) => ({ ...defaultSettings, weights }));

const scoreOf = (signals: Signals, settings: Settings) => scoreSignals(signals, settings).score;
const EPS = 1e-9;

describe("scoreSignals properties", () => {
  it("generates only weights that the weights schema accepts", () => {
    fc.assert(fc.property(weightsArb, (w) => {
      expect(weightsSchema.safeParse(w).success).toBe(true);
    }));
  });

  it("always scores within 0..100, or null only when no weighted signal is present", () => {
    fc.assert(fc.property(signalsArb, settingsArb, (signals, settings) => {
      const r = scoreSignals(signals, settings);
      if (r.score === null) {
        expect(r.explanation.every((e) => e.mapped === null || e.weight === 0)).toBe(true);
      } else {
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        expect(r.displayScore).toBe(Math.round(r.score));
      }
    }));
  });

  it("has explanation contributions that always sum to the score", () => {
    fc.assert(fc.property(signalsArb, settingsArb, (signals, settings) => {
      const r = scoreSignals(signals, settings);
      fc.pre(r.score !== null);
      expect(r.explanation.reduce((s, e) => s + e.contribution, 0)).toBeCloseTo(r.score!, 9);
    }));
  });

  it.each(["logins", "adoption"] as const)("never lowers the score when %s goes up", (signal) => {
    const max = signal === "logins" ? 500 : 100;
    fc.assert(fc.property(signalsArb, settingsArb, fc.integer({ min: 0, max }), fc.integer({ min: 0, max }),
      (signals, settings, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const before = scoreOf({ ...signals, [signal]: low }, settings);
        const after = scoreOf({ ...signals, [signal]: high }, settings);
        if (before !== null && after !== null) expect(after).toBeGreaterThanOrEqual(before - EPS);
      }));
  });

  it.each(["tickets", "days"] as const)("never raises the score when %s goes up", (signal) => {
    const max = signal === "tickets" ? 50 : 1000;
    fc.assert(fc.property(signalsArb, settingsArb, fc.integer({ min: 0, max }), fc.integer({ min: 0, max }),
      (signals, settings, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const before = scoreOf({ ...signals, [signal]: low }, settings);
        const after = scoreOf({ ...signals, [signal]: high }, settings);
        if (before !== null && after !== null) expect(after).toBeLessThanOrEqual(before + EPS);
      }));
  });

  it("has a best improvement that really raises the score by the gain it promises", () => {
    fc.assert(fc.property(signalsArb, settingsArb, (signals, settings) => {
      const r = scoreSignals(signals, settings);
      fc.pre(r.bestImprovement !== null);
      const { signal, to, gain } = r.bestImprovement!;
      const improved: Signals = { ...signals, [signal]: to };
      expect(gain).toBeGreaterThan(0);
      expect(scoreOf(improved, settings)! - r.score!).toBeCloseTo(gain, 9);
    }));
  });
});
