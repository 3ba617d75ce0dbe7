// The column filters the Filters panel and the table's header controls both
// offer, as data: which list-view filter keys each edits and how (a range of
// numbers or dates, a set of choices, a text). One list, so the two stay the
// same filters on the same URL state.
import { bandLabels } from "$lib/utils/bands.ts";
import { growthNames } from "@shared/scoring/signals.ts";
import { lifecycles, sentiments, tiers } from "@shared/customers/fields.ts";
import type { FilterKey, Filters, StatusFilter } from "./list-view.ts";

/**
 * The status tabs, in the reference's order: All, then the bands best first,
 * then Churned (the churned lifecycle; the band tabs leave churned customers
 * out); last the deleted customers, to restore. The Status column's filter
 * picks among the same.
 */
export const statusTabs: { value: StatusFilter; label: string }[] = [
  { value: "all", label: "All" },
  ...(["healthy", "watch", "atrisk", "critical", "expansion"] as const).map((band) => ({ value: band, label: bandLabels[band] })),
  { value: "churned", label: "Churned" },
  { value: "deleted", label: "Deleted" },
];

export type ColumnFilter =
  | { kind: "range"; key: string; label: string }
  | { kind: "date"; key: string; label: string }
  | { kind: "choice"; key: FilterKey; label: string; values: readonly string[] }
  | { kind: "text"; key: FilterKey; label: string }
  | { kind: "status"; key: "status"; label: string };

export const rangeFilters = [
  { key: "score", label: "Score" }, { key: "mrr", label: "MRR ($)" }, { key: "arr", label: "ARR ($)" },
  { key: "logins", label: "Logins (30 days)" }, { key: "adoption", label: "Adoption (%)" },
  { key: "tickets", label: "Open tickets" }, { key: "nps", label: "NPS (0–10)" }, { key: "days", label: "Days since contact" },
].map((f) => ({ kind: "range", ...f }) as const);

export const dateFilters = [{ key: "renewal", label: "Renewal date" }, { key: "next_touch", label: "Next touch" }]
  .map((f) => ({ kind: "date", ...f }) as const);

export const choiceFilters = ([
  { key: "tier", label: "Tier", values: tiers }, { key: "lifecycle", label: "Lifecycle", values: lifecycles },
  { key: "growth", label: "Growth", values: growthNames }, { key: "sentiment", label: "Sentiment", values: sentiments },
] as const).map((f) => ({ kind: "choice", ...f }) as const);

export const textFilters = ([{ key: "manager_contains", label: "Manager contains" }, { key: "tag_contains", label: "Tag contains" }] as const)
  .map((f) => ({ kind: "text", ...f }) as const);

/** The filter of a column, by the column's field. */
export const columnFilter: Record<string, ColumnFilter> = Object.fromEntries(
  [...rangeFilters, ...dateFilters, ...choiceFilters, ...textFilters, { kind: "status", key: "status", label: "Status" } as const]
    .map((f) => [{ renewal: "renewal_date", manager_contains: "manager", tag_contains: "tags" }[f.key as string] ?? f.key, f]),
);

/** The list-view keys a filter sets: both ends of a range, else its own. */
export function keysOf(filter: ColumnFilter): FilterKey[] {
  if (filter.kind === "range") return [`${filter.key}_min`, `${filter.key}_max`] as FilterKey[];
  if (filter.kind === "date") return [`${filter.key}_from`, `${filter.key}_to`] as FilterKey[];
  if (filter.kind === "status") return [];
  return [filter.key];
}

export const choiceLabel = (v: string) =>
  ({ smb: "SMB", mid: "Mid-Market", atrisk: "At risk" } as Record<string, string>)[v] ?? v[0].toUpperCase() + v.slice(1);

/** A choice filter is a set of values (the API takes a comma list): any of the ticked ones matches. */
export const picked = (filters: Filters, key: FilterKey) => new Set((filters[key] ?? "").split(",").filter(Boolean));

/** The comma list after ticking or unticking `value`. */
export function toggled(filters: Filters, key: FilterKey, value: string, on: boolean): string {
  const values = picked(filters, key);
  if (on) values.add(value);
  else values.delete(value);
  return [...values].join(",");
}
