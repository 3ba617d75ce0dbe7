// A day of the daily rollups (migration 20261202050000) and the figures read
// from it: one definition of each metric, for the charts, the insights and
// the reports.
import { DAY_MS } from "../common/dates.ts";
import type { TrendMetric, TrendRange } from "./inputs.ts";

/** One day of one segment, as the database sums it. */
export type RollupDay = {
  day: string;
  customers: number; scored: number; score_sum: number;
  logins_n: number; logins_sum: number; adoption_n: number; adoption_sum: number;
  tickets_n: number; tickets_sum: number; csat_n: number; csat_sum: number; days_n: number; days_sum: number;
  promoters: number; passives: number; detractors: number;
  mrr: number; arr: number;
  critical: number; atrisk: number; watch: number; healthy: number; expansion: number;
};

/** The columns of a RollupDay, in the order SQL selects them. */
export const rollupColumns = [
  "customers", "scored", "score_sum", "logins_n", "logins_sum", "adoption_n", "adoption_sum", "tickets_n", "tickets_sum",
  "csat_n", "csat_sum", "days_n", "days_sum", "promoters", "passives", "detractors", "mrr", "arr",
  "critical", "atrisk", "watch", "healthy", "expansion",
] as const;

const average = (sum: number, n: number) => (n > 0 ? sum / n : null);

/**
 * A metric's value on a day: averages over the customers reporting it, NPS
 * as the net promoter score (% promoters − % detractors, −100…100), money and
 * counts as totals. Null when no customer reported it.
 */
export function metricOf(d: RollupDay, metric: TrendMetric): number | null {
  switch (metric) {
    case "score": return average(d.score_sum, d.scored);
    case "logins": return average(d.logins_sum, d.logins_n);
    case "adoption": return average(d.adoption_sum, d.adoption_n);
    case "tickets": return average(d.tickets_sum, d.tickets_n);
    case "csat": return average(d.csat_sum, d.csat_n);
    case "days": return average(d.days_sum, d.days_n);
    case "nps": {
      const n = d.promoters + d.passives + d.detractors;
      return n > 0 ? ((d.promoters - d.detractors) / n) * 100 : null;
    }
    case "mrr": return d.mrr;
    case "arr": return d.arr;
    case "customers": return d.customers;
  }
}

/** How each metric is named and written on a chart's axis. */
export const metricLabels: Record<TrendMetric, string> = {
  score: "Health score", logins: "Logins (30 days)", adoption: "Adoption %", tickets: "Open tickets", nps: "NPS",
  csat: "CSAT", days: "Days since contact", mrr: "MRR", arr: "ARR", customers: "Customer count",
};

/** For these a rise is bad news (the insights read them the other way round). */
export const lowerIsBetter: ReadonlySet<TrendMetric> = new Set(["tickets", "days"]);

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** The first day a range shows, ending today (inclusive): 7d is today and the six days before. */
export function rangeStart(range: TrendRange, today: string): string {
  switch (range) {
    case "7d": return addDays(today, -6);
    case "30d": return addDays(today, -29);
    case "90d": return addDays(today, -89);
    case "6m": return addDays(today, -182);
    case "1y": return addDays(today, -364);
    case "2y": return addDays(today, -729);
    case "ytd": return `${today.slice(0, 4)}-01-01`;
  }
}

export { addDays };

/** One customer's history entry (its snapshot of signals) or current row, with its money. */
export type CustomerSnapshot = {
  score: number | null; status: string | null; logins: number | null; adoption: number | null; tickets: number | null;
  csat: number | null; days: number | null; nps_category: string | null; mrr: number | null; arr: number | null;
};

const one = (v: number | null) => (v === null ? [0, 0] : [1, v]);

/** A one-customer portfolio's day, so a customer overlay reads with the same metricOf as the portfolio. */
export function snapshotDay(day: string, s: CustomerSnapshot | null): RollupDay {
  const [scored, score_sum] = one(s?.score ?? null);
  const [logins_n, logins_sum] = one(s?.logins ?? null);
  const [adoption_n, adoption_sum] = one(s?.adoption ?? null);
  const [tickets_n, tickets_sum] = one(s?.tickets ?? null);
  const [csat_n, csat_sum] = one(s?.csat ?? null);
  const [days_n, days_sum] = one(s?.days ?? null);
  const band = (b: string) => (s?.status === b ? 1 : 0);
  return {
    day, customers: s ? 1 : 0, scored, score_sum, logins_n, logins_sum, adoption_n, adoption_sum, tickets_n, tickets_sum,
    csat_n, csat_sum, days_n, days_sum,
    promoters: s?.nps_category === "promoter" ? 1 : 0, passives: s?.nps_category === "passive" ? 1 : 0,
    detractors: s?.nps_category === "detractor" ? 1 : 0,
    mrr: s ? s.mrr ?? 0 : 0, arr: s ? s.arr ?? 0 : 0,
    critical: band("critical"), atrisk: band("atrisk"), watch: band("watch"), healthy: band("healthy"), expansion: band("expansion"),
  };
}
