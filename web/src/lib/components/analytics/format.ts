// How an analytics figure is written: money as $12,340, counts whole, the rest to one decimal.
import type { TrendMetric } from "@shared/analytics/inputs.ts";
import { formatMoney } from "$lib/utils/format.ts";

export function formatMetric(metric: TrendMetric, value: number | null): string {
  if (value === null) return "–";
  if (metric === "mrr" || metric === "arr") return formatMoney(value);
  if (metric === "customers") return Math.round(value).toLocaleString("en-US");
  if (metric === "adoption") return `${(Math.round(value * 10) / 10).toString()}%`;
  return (Math.round(value * 10) / 10).toString();
}

/** A change with its sign: "+4.2", "−3". */
export function formatDelta(value: number | null): string {
  if (value === null) return "–";
  const r = Math.round(value * 10) / 10;
  return r > 0 ? `+${r}` : r < 0 ? `−${Math.abs(r)}` : "0";
}
