// What the customers page shows, as a value: status tab, search, column
// filters, sort and page. It round-trips through the URL (so a link or the
// back button restores the view) and becomes list_customers' query. Only
// what differs from the default is written, so the plain view is /customers.
import { type DateRangeField, dateRangeFields, type RangeField, rangeFields } from "@shared/customers/list-filters.ts";
import { type SortField, sortFields, type SortOrder } from "@shared/customers/inputs.ts";
import { type Band, bandNames } from "@shared/scoring/bands.ts";

export type StatusFilter = Band | "all" | "churned" | "deleted";
export const statusFilters: StatusFilter[] = ["all", ...bandNames, "churned", "deleted"];

/** The column filters, by their list_customers parameter; values as typed (the API validates them). */
export const filterKeys = [
  ...rangeFields.flatMap((f: RangeField) => [`${f}_min`, `${f}_max`] as const),
  ...dateRangeFields.flatMap((f: DateRangeField) => [`${f}_from`, `${f}_to`] as const),
  "tier", "lifecycle", "growth", "sentiment", "manager_contains", "tag_contains",
] as const;
export type FilterKey = (typeof filterKeys)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export type ListView = {
  status: StatusFilter;
  search: string;
  filters: Filters;
  sort: SortField;
  order: SortOrder;
  /** 1-based, as people count pages. */
  page: number;
};

export const defaultView: ListView = { status: "all", search: "", filters: {}, sort: "score", order: "asc", page: 1 };

/** Reads a view back from the URL; what is not understood falls back to the default (Home Base links `?status=atrisk`). */
export function viewFromUrl(params: URLSearchParams): ListView {
  const status = params.get("status");
  const sort = params.get("sort");
  const order = params.get("order");
  const page = Number(params.get("page"));
  const filters: Filters = {};
  for (const key of filterKeys) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  return {
    status: statusFilters.find((s) => s === status) ?? "all",
    search: params.get("q")?.trim() ?? "",
    filters,
    sort: sortFields.find((s) => s === sort) ?? defaultView.sort,
    order: order === "asc" || order === "desc" ? order : sort ? "asc" : defaultView.order,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL's query for a view (without the "?"); empty for the default view. */
export function viewToUrl(view: ListView): string {
  const params = new URLSearchParams();
  if (view.status !== "all") params.set("status", view.status);
  if (view.search.trim()) params.set("q", view.search.trim());
  for (const key of filterKeys) {
    const value = view.filters[key]?.trim();
    if (value) params.set(key, value);
  }
  if (view.sort !== defaultView.sort || view.order !== defaultView.order) {
    params.set("sort", view.sort);
    params.set("order", view.order);
  }
  if (view.page > 1) params.set("page", String(view.page));
  return params.toString();
}

export const sameView = (a: ListView, b: ListView) => viewToUrl(a) === viewToUrl(b);

/**
 * list_customers' parameters for the rows of a view. A band tab leaves churned
 * customers out (they are not scored and keep their last band, as Home Base
 * leaves them out); the Churned tab is the churned lifecycle, whatever band;
 * Deleted lists the soft-deleted customers, to restore.
 */
export function queryOf(view: Omit<ListView, "sort" | "order" | "page">): Record<string, string> {
  const query: Record<string, string> = { ...view.filters } as Record<string, string>;
  if (view.search.trim()) query.search = view.search.trim();
  if (view.status === "churned") query.lifecycle = "churned";
  else if (view.status === "deleted") query.deleted = "only";
  else if (view.status !== "all") {
    query.status = view.status;
    query.exclude_lifecycle = "churned";
  }
  return query;
}

/** How many filters are set, for the Filters button. */
export const filterCount = (filters: Filters) => Object.values(filters).filter((v) => v?.trim()).length;
