// Portfolio money figures (SPEC §4): expansion estimate and revenue at risk.
import type { Band } from "../scoring/bands.ts";
import type { Settings } from "../scoring/settings.ts";

export interface PortfolioAccount {
  mrr: number | null;
  band: Band | null;
  lifecycle?: string | null;
}

/** MRR of the live accounts in the given bands; churned accounts leave every figure (SPEC §2). */
function mrrInBands(accounts: PortfolioAccount[], bands: readonly Band[]): number {
  return accounts
    .filter((a) => a.lifecycle !== "churned" && a.band !== null && bands.includes(a.band))
    .reduce((sum, a) => sum + (a.mrr != null && Number.isFinite(a.mrr) ? a.mrr : 0), 0);
}

/** Upsell estimate from the MRR of the Expansion-band accounts: the configured percentage of it. */
export function expansionEstimateOf(expansionMrr: number, settings: Pick<Settings, "expansion">): number {
  return (expansionMrr * settings.expansion.percentOfMrr) / 100;
}

/** Upsell estimate of a list of accounts. */
export function expansionEstimate(accounts: PortfolioAccount[], settings: Pick<Settings, "expansion">): number {
  return expansionEstimateOf(mrrInBands(accounts, ["expansion"]), settings);
}

/** MRR of Critical and At Risk accounts. */
export function revenueAtRisk(accounts: PortfolioAccount[]): number {
  return mrrInBands(accounts, ["critical", "atrisk"]);
}
