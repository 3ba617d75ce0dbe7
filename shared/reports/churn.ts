// Churn Risk (SPEC §10, §13): each account's churn probability from the
// client's own history — the churn rate measured for accounts of its band —
// and the calibration that shows whether the score predicts anything.
import type { Band } from "../scoring/bands.ts";

/** How an account of each band ended up: observed a horizon ago, churned or renewed since. */
export type BandOutcome = { band: Band; observed: number; churned: number; renewed: number };

/**
 * Rates a band starts from before the client's own history says otherwise,
 * worth PRIOR_WEIGHT accounts: a band seen twice is not 0% or 100% churn.
 */
export const PRIOR_CHURN: Record<Band, number> = { critical: 0.4, atrisk: 0.25, watch: 0.12, healthy: 0.05, expansion: 0.03 };
export const PRIOR_WEIGHT = 10;

/** The probability an account of `band` churns: the band's measured rate, pulled towards the prior by how little was measured. */
export function churnProbability(band: Band, outcomes: BandOutcome[]): number {
  const o = outcomes.find((x) => x.band === band) ?? { observed: 0, churned: 0 };
  return (o.churned + PRIOR_WEIGHT * PRIOR_CHURN[band]) / (o.observed + PRIOR_WEIGHT);
}

/** A band's measured rates, or null when no account of it was observed. */
export function ratesOf(o: BandOutcome): { churn: number | null; renewal: number | null } {
  return o.observed === 0 ? { churn: null, renewal: null } : { churn: o.churned / o.observed, renewal: o.renewed / o.observed };
}

/**
 * Whether the score predicts churn on this client's history: churn should
 * fall as the band rises. Reads the measured rates of the bands with enough
 * accounts (at least `min` observed).
 */
export function calibrationVerdict(outcomes: BandOutcome[], min = 5): string {
  const order: Band[] = ["critical", "atrisk", "watch", "healthy", "expansion"];
  const seen = order.map((b) => outcomes.find((o) => o.band === b)).filter((o): o is BandOutcome => !!o && o.observed >= min);
  if (seen.length < 2) return `Not enough history to calibrate yet: fewer than two bands had ${min} or more accounts at the start of the window.`;
  const rates = seen.map((o) => o.churned / o.observed);
  const falling = rates.every((r, i) => i === 0 || r <= rates[i - 1]);
  const [low, high] = [rates[rates.length - 1], rates[0]];
  return falling
    ? `The score predicts churn on this client's history: churn falls from ${Math.round(high * 100)}% in the lowest band measured to ${Math.round(low * 100)}% in the highest.`
    : `The score does not rank churn cleanly on this client's history (churn by band: ${seen.map((o, i) => `${o.band} ${Math.round(rates[i] * 100)}%`).join(", ")}): review the weights.`;
}
