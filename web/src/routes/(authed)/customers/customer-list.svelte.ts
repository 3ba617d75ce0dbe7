// The customers page's state: the view the user picked (tab, search, column
// filters, sort, page — see list-view.ts, the URL holds it), the page of rows
// it produces, a count per status tab, the selected rows and the rows edited
// in place. Each change loads again through the one loader (Resource), which
// aborts the older request and drops its answer.
import { countCustomerTabs, type CustomerQuery, listCustomers } from "$lib/api/customers.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { Customer, CustomerPage } from "@shared/customers/answers.ts";
import type { SortField, SortOrder } from "@shared/customers/inputs.ts";
import { SvelteMap, SvelteSet } from "svelte/reactivity";
import {
  defaultView, type FilterKey, type Filters, type ListView, queryOf, sameView, type StatusFilter,
} from "./list-view.ts";

export type { StatusFilter };
export type StatusCounts = Partial<Record<StatusFilter, number>>;

/** Numbers and scores read best worst-first or biggest-first; names A→Z. */
const firstOrder: Partial<Record<SortField, SortOrder>> = {
  name: "asc", score: "asc", status: "asc", mrr: "desc", arr: "desc", tier: "asc", lifecycle: "asc", manager: "asc",
  renewal_date: "asc", next_touch: "asc", logins: "asc", adoption: "asc", tickets: "desc", nps: "asc", days: "desc",
};

/** What the tab counts depend on: the search and the filters. */
const countsKey = (view: ListView) => JSON.stringify([view.search, view.filters]);

/** How the page changes the URL: push a step the back button returns to, or replace (typing). */
export type Navigate = (view: ListView, how: { replace: boolean }) => void;

export class CustomerList {
  readonly limit = 25;

  #clientId = $state<string | null>(null);
  #view = $state.raw<ListView>(defaultView);
  #navigate: Navigate;
  #countsTimer: ReturnType<typeof setTimeout> | undefined;

  #page = new Resource<CustomerPage>("Something went wrong loading customers. Please try again.");
  /** The counts, with the search and filters they were counted for. */
  #counts = new Resource<{ of: string; counts: StatusCounts }>("The counts could not be loaded.");
  /** Rows saved in place since the page loaded (inline edit), by id. */
  #edited = new SvelteMap<string, Customer>();
  readonly selected = new SvelteSet<string>();

  constructor(navigate: Navigate = () => {}) {
    this.#navigate = navigate;
  }

  get clientId(): string | null { return this.#clientId; }
  get view(): ListView { return this.#view; }
  get status(): StatusFilter { return this.#view.status; }
  get search(): string { return this.#view.search; }
  get filters(): Filters { return this.#view.filters; }
  get sort(): SortField { return this.#view.sort; }
  get order(): SortOrder { return this.#view.order; }

  get rows(): Customer[] {
    return (this.#page.value?.customers ?? []).map((c) => this.#edited.get(c.id) ?? c);
  }
  /**
   * How many customers the view has: the page's own total when it was short
   * (it is the whole list), else its tab's count, which comes after typing
   * pauses; null until then.
   */
  get total(): number | null {
    return this.#page.value?.total ?? this.counts[this.status] ?? null;
  }
  /** Where the rows on screen start. */
  get shownOffset(): number { return this.#page.value?.offset ?? 0; }
  get loading(): boolean { return this.#page.loading; }
  get error(): string | null { return this.#page.error; }
  /** Customers per tab; empty until counted for this search and these filters (or when counting failed: the tabs work without them). */
  get counts(): StatusCounts {
    const value = this.#counts.value;
    return value && value.of === countsKey(this.#view) ? value.counts : {};
  }

  get hasPrevious(): boolean { return this.shownOffset > 0; }
  get hasNext(): boolean {
    return this.total === null ? this.rows.length === this.limit : this.shownOffset + this.rows.length < this.total;
  }

  /** "1–25 of 300" for the pager (what is on screen, not what is loading); "1–25 of …" while counting. */
  get range(): string {
    if (this.rows.length === 0) return "0 of 0";
    return `${this.shownOffset + 1}–${this.shownOffset + this.rows.length} of ${this.total ?? "…"}`;
  }

  get allSelected(): boolean {
    return this.rows.length > 0 && this.rows.every((r) => this.selected.has(r.id));
  }

  setClient(id: string): void {
    if (id === this.#clientId) return;
    this.#clientId = id;
    this.selected.clear();
    this.#loadAll();
  }

  /**
   * Shows `view` (read from the URL: on load, and when the back button
   * returns to an earlier one). Nothing is loaded when it is already shown.
   */
  show(view: ListView): void {
    if (sameView(view, this.#view)) return;
    const countsChange = countsKey(view) !== countsKey(this.#view);
    this.#view = view;
    this.selected.clear();
    if (countsChange) this.#loadAll();
    else this.#loadPage();
  }

  setStatus(status: StatusFilter): void {
    this.#change({ status, page: 1 });
  }

  /** Typing replaces the URL rather than adding a step per keystroke. */
  setSearch(search: string): void {
    if (search.trim() === this.#view.search.trim()) return;
    this.#change({ search: search.trim(), page: 1 }, true);
  }

  setFilter(key: FilterKey, value: string): void {
    const filters = { ...this.#view.filters };
    if (value.trim()) filters[key] = value.trim();
    else delete filters[key];
    this.#change({ filters, page: 1 });
  }

  clearFilters(): void {
    this.#change({ filters: {}, page: 1 });
  }

  /** Clicking the sorted column flips its order; another column starts in its natural order. */
  sortBy(field: SortField): void {
    if (field === this.sort) this.setSort(field, this.order === "asc" ? "desc" : "asc");
    else this.setSort(field, firstOrder[field] ?? "desc");
  }

  setSort(sort: SortField, order: SortOrder): void {
    this.#change({ sort, order, page: 1 });
  }

  previous(): void {
    if (this.hasPrevious) this.#change({ page: Math.max(1, Math.floor(this.shownOffset / this.limit)) });
  }

  next(): void {
    if (this.hasNext) this.#change({ page: Math.floor(this.shownOffset / this.limit) + 2 });
  }

  retry(): void {
    this.#loadAll();
  }

  toggle(id: string): void {
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
  }

  toggleAll(): void {
    if (this.allSelected) this.selected.clear();
    else for (const r of this.rows) this.selected.add(r.id);
  }

  /** A row saved in place (its answer, rescored) is shown at once, without reloading the page. */
  replaceRow(customer: Customer): void {
    this.#edited.set(customer.id, customer);
  }

  /** After a bulk action: the page and the counts again, nothing selected. */
  refresh(): void {
    this.selected.clear();
    this.#loadAll();
  }

  #change(patch: Partial<ListView>, replace = false): void {
    const view = { ...this.#view, ...patch };
    if (sameView(view, this.#view)) return;
    this.show(view);
    this.#navigate(view, { replace });
  }

  #loadAll(): void {
    // The rows first, alone: counts still running for the last word are
    // stopped, and counted again once typing pauses (a broad search's count
    // reads every customer of the client, which would hold up the next
    // keystroke's page).
    this.#counts.reset();
    this.#loadPage();
    clearTimeout(this.#countsTimer);
    this.#countsTimer = setTimeout(() => this.#loadCounts(), 600);
  }

  #loadPage(): void {
    if (!this.#clientId) return;
    const v = this.#view;
    const query: CustomerQuery = {
      client_id: this.#clientId, ...queryOf(v), sort: v.sort, order: v.order, limit: this.limit, offset: (v.page - 1) * this.limit,
      // The rows come first; the total is the tab's count (#loadCounts), counted once typing pauses.
      // The deleted customers (few, and no tab count) are counted with their page.
      count: v.status === "deleted" ? "exact" : "none",
    };
    void this.#page.load(async (signal) => {
      const page = await listCustomers(query, signal);
      this.#edited.clear();
      return page;
    });
  }

  /** The tabs' counts for the search and filters: one request, one scan (count_customer_tabs). */
  #loadCounts(): void {
    if (!this.#clientId) return;
    const query = { client_id: this.#clientId, ...queryOf({ status: "all", search: this.search, filters: this.filters }) };
    const of = countsKey(this.#view);
    // Deleted has no count: a count of deleted rows is a scan no index serves, on every pause in typing.
    void this.#counts.load(async (signal) => ({ of, counts: (await countCustomerTabs(query, signal)).counts }));
  }
}
