// The Alerts page's state: the view and filters from the URL (so links and
// the back button restore a view), the page of alerts the database picked
// and counted, the selection for bulk actions, and the acts on them.
import { listAlerts } from "$lib/api/alerts.ts";
import { actOnAlerts, type AlertAct } from "$lib/state/alert-actions.svelte.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import { Submission } from "$lib/state/submission.svelte.ts";
import type { ListAlertsAnswer } from "@shared/alerts/answers.ts";
import { alertSorts, alertStates, type AlertSort, type AlertState } from "@shared/alerts/inputs.ts";
import { alertCategories, alertSeverities, type AlertCategory, type AlertSeverity } from "@shared/alerts/rules.ts";

export const alertViews = ["category", "priority", "customer", "table"] as const;
export type AlertView = (typeof alertViews)[number];
export const PAGE_SIZE = 50;

export type AlertFilters = {
  view: AlertView; state: AlertState; category: AlertCategory | null; severity: AlertSeverity | null;
  sort: AlertSort; order: "asc" | "desc" | null; offset: number;
};

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : null;

/** The filters a URL holds; anything unknown falls back to the default view. */
export function filtersOf(params: URLSearchParams): AlertFilters {
  const view = oneOf(alertViews, params.get("view")) ?? "category";
  const offset = Number(params.get("offset"));
  return {
    view,
    state: oneOf(alertStates, params.get("state")) ?? "active",
    category: oneOf(alertCategories, params.get("category")),
    severity: oneOf(alertSeverities, params.get("severity")),
    // The grouped views sort by what they group by; the table by its column.
    sort: view === "table" ? oneOf(alertSorts, params.get("sort")) ?? "priority" : view,
    order: view === "table" ? oneOf(["asc", "desc"] as const, params.get("order")) : null,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** The URL of `filters` changed by `change`; any change of filter goes back to the first page. */
export function hrefOf(filters: AlertFilters, change: Partial<AlertFilters>): string {
  const next = { ...filters, offset: 0, ...change };
  const params = new URLSearchParams();
  if (next.view !== "category") params.set("view", next.view);
  if (next.state !== "active") params.set("state", next.state);
  if (next.category) params.set("category", next.category);
  if (next.severity) params.set("severity", next.severity);
  if (next.view === "table" && next.sort !== "priority") params.set("sort", next.sort);
  if (next.view === "table" && next.order) params.set("order", next.order);
  if (next.offset) params.set("offset", String(next.offset));
  const query = params.toString();
  return query ? `/alerts?${query}` : "/alerts";
}

export class AlertsPage {
  #answer = new Resource<ListAlertsAnswer>("Something went wrong loading the alerts. Please try again.");
  #key = "";
  #clientId: string | null = null;
  readonly acting = new Submission();
  selected = $state<Set<string>>(new Set());

  get value(): ListAlertsAnswer | null { return this.#answer.value; }
  get error(): string | null { return this.#answer.error; }
  get loading(): boolean { return this.#answer.loading; }

  load(clientId: string, filters: AlertFilters): void {
    const key = JSON.stringify([clientId, filters]);
    if (key === this.#key) return;
    this.#key = key;
    this.#clientId = clientId;
    this.selected = new Set();
    void this.#answer.load((signal) => listAlerts({
      client_id: clientId, state: filters.state, category: filters.category, severity: filters.severity,
      sort: filters.sort, order: filters.order, limit: PAGE_SIZE, offset: filters.offset,
    }, signal));
  }

  retry(): void { void this.#answer.retry(); }

  toggle(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id); else next.delete(id);
    this.selected = next;
  }

  /** Acts on `ids` (one alert, or the selection), then reloads the page. */
  async act(ids: string[], act: AlertAct): Promise<void> {
    if (!this.#clientId || ids.length === 0) return;
    if (await actOnAlerts(this.acting, this.#clientId, ids, act)) {
      this.selected = new Set();
      await this.#answer.retry();
    }
  }
}
