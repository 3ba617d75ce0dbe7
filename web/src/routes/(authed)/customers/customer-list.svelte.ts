// The customers page's state: the filters the user picked, the page of rows
// they produce, and a count per status tab. Each change loads again through
// the one loader (Resource), which aborts the older request and drops its answer.
import { type CustomerQuery, listCustomers } from "$lib/api/customers.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import { bandOrder } from "$lib/utils/bands.ts";
import type { CustomerPage } from "@shared/customers/answers.ts";
import type { SortField, SortOrder } from "@shared/customers/inputs.ts";
import type { Band } from "@shared/scoring/bands.ts";

export type StatusFilter = Band | "all";
export type StatusCounts = Partial<Record<StatusFilter, number>>;

/** Numbers and scores read best worst-first or biggest-first; names A→Z. */
const firstOrder: Partial<Record<SortField, SortOrder>> = { name: "asc", score: "asc", mrr: "desc", arr: "desc" };

const statusFilters: StatusFilter[] = ["all", ...bandOrder];

export class CustomerList {
  readonly limit = 25;

  #clientId = $state<string | null>(null);
  #status = $state<StatusFilter>("all");
  #search = $state("");
  #sort = $state<SortField>("score");
  #order = $state<SortOrder>("asc");
  /** The page asked for; the page on screen is the answer's, which lags while a page loads. */
  #offset = 0;

  #page = new Resource<CustomerPage>("Something went wrong loading customers. Please try again.");
  #counts = new Resource<StatusCounts>("The counts could not be loaded.");

  get clientId(): string | null { return this.#clientId; }
  get status(): StatusFilter { return this.#status; }
  get search(): string { return this.#search; }
  get sort(): SortField { return this.#sort; }
  get order(): SortOrder { return this.#order; }

  get rows(): CustomerPage["customers"] { return this.#page.value?.customers ?? []; }
  get total(): number { return this.#page.value?.total ?? 0; }
  /** Where the rows on screen start. */
  get shownOffset(): number { return this.#page.value?.offset ?? 0; }
  get loading(): boolean { return this.#page.loading; }
  get error(): string | null { return this.#page.error; }
  /** Customers per tab; empty until counted (or when counting failed: the tabs work without them). */
  get counts(): StatusCounts { return this.#counts.value ?? {}; }

  get hasPrevious(): boolean {
    return this.shownOffset > 0;
  }

  get hasNext(): boolean {
    return this.shownOffset + this.rows.length < this.total;
  }

  /** "1–25 of 300", for the pager: what is on screen, not what is loading. */
  get range(): string {
    if (this.total === 0) return "0 of 0";
    return `${this.shownOffset + 1}–${this.shownOffset + this.rows.length} of ${this.total}`;
  }

  setClient(id: string): void {
    if (id === this.#clientId) return;
    this.#clientId = id;
    this.#offset = 0;
    this.#loadAll();
  }

  setStatus(status: StatusFilter): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#offset = 0;
    this.#loadPage();
  }

  setSearch(search: string): void {
    if (search.trim() === this.#search.trim()) return;
    this.#search = search;
    this.#offset = 0;
    this.#loadAll();
  }

  /** Clicking the sorted column flips its order; another column starts in its natural order. */
  sortBy(field: SortField): void {
    if (field === this.#sort) this.setSort(field, this.#order === "asc" ? "desc" : "asc");
    else this.setSort(field, firstOrder[field] ?? "desc");
  }

  setSort(field: SortField, order: SortOrder): void {
    if (field === this.#sort && order === this.#order) return;
    this.#sort = field;
    this.#order = order;
    this.#offset = 0;
    this.#loadPage();
  }

  previous(): void {
    if (!this.hasPrevious) return;
    this.#offset = Math.max(0, this.shownOffset - this.limit);
    this.#loadPage();
  }

  next(): void {
    if (!this.hasNext) return;
    this.#offset = this.shownOffset + this.limit;
    this.#loadPage();
  }

  retry(): void {
    this.#loadAll();
  }

  #loadAll(): void {
    this.#loadPage();
    this.#loadCounts();
  }

  #baseQuery(): CustomerQuery | null {
    if (!this.#clientId) return null;
    return { client_id: this.#clientId, search: this.#search.trim() || undefined };
  }

  #loadPage(): void {
    const base = this.#baseQuery();
    if (!base) return;
    const query: CustomerQuery = {
      ...base,
      status: this.#status === "all" ? undefined : this.#status,
      sort: this.#sort,
      order: this.#order,
      limit: this.limit,
      offset: this.#offset,
    };
    void this.#page.load((signal) => listCustomers(query, signal));
  }

  /** One `limit=1` request per tab: the API's `total` is the count. */
  #loadCounts(): void {
    const base = this.#baseQuery();
    if (!base) return;
    void this.#counts.load(async (signal) => {
      const totals = await Promise.all(statusFilters.map((status) =>
        listCustomers({ ...base, status: status === "all" ? undefined : status, limit: 1 }, signal)));
      return Object.fromEntries(statusFilters.map((f, i) => [f, totals[i].total]));
    });
  }
}
