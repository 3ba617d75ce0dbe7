// The Trends page's view as its URL holds it (?metric=&secondary=&range=&manager=&customers=),
// so a link or the back button restores the same chart.
import { type TrendMetric, trendMetrics, type TrendRange, trendRanges } from "@shared/analytics/inputs.ts";

export type TrendsView = { metric: TrendMetric; secondary: TrendMetric | null; range: TrendRange; manager: string | null; customers: string[] };

export const defaultTrendsView: TrendsView = { metric: "score", secondary: null, range: "90d", manager: null, customers: [] };

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null => (v && (values as readonly string[]).includes(v) ? (v as T) : null);

/** Unknown values fall back to the defaults: a stale link still opens a chart. */
export function trendsViewFromUrl(params: URLSearchParams): TrendsView {
  return {
    metric: oneOf(trendMetrics, params.get("metric")) ?? "score",
    secondary: oneOf(trendMetrics, params.get("secondary")),
    range: oneOf(trendRanges, params.get("range")) ?? "90d",
    manager: params.get("manager")?.trim() || null,
    customers: (params.get("customers") ?? "").split(",").filter((id) => /^[0-9a-f-]{36}$/i.test(id)).slice(0, 5),
  };
}

/** Only what differs from the defaults goes into the URL. */
export function trendsViewToUrl(v: TrendsView): string {
  const q = new URLSearchParams();
  if (v.metric !== "score") q.set("metric", v.metric);
  if (v.secondary) q.set("secondary", v.secondary);
  if (v.range !== "90d") q.set("range", v.range);
  if (v.manager) q.set("manager", v.manager);
  if (v.customers.length) q.set("customers", v.customers.join(","));
  return q.toString();
}

export const rangeLabels: Record<TrendRange, string> = {
  "7d": "7 days", "30d": "30 days", "90d": "90 days", "6m": "6 months", "1y": "1 year", "2y": "2 years", ytd: "Year to date",
};
