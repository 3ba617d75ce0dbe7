// The customers page's state: the filters the user picked, the page of rows
// they produce, and a count per status tab. Each change loads again; a newer
// request aborts the older one so a slow answer never overwrites a fresh one.
import { api, ApiError, type CustomerQuery } from "$lib/api/client.ts";
import type { Band, Customer, SortField, SortOrder } from "$lib/api/schemas.ts";
import { bandOrder } from "$lib/utils/bands.ts";

export type StatusFilter = Band | "all";

/** Numbers and scores read best worst-first or biggest-first; names A→Z. */
const firstOrder: Partial<Record<SortField, SortOrder>> = { name: "asc", score: "asc", mrr: "desc", arr: "desc" };

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : "Something went wrong loading customers. Please try again.";
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";

export class CustomerList {
  readonly limit = 25;

  clientId = $state<string | null>(null);
  status = $state<StatusFilter>("all");
  search = $state("");
  sort = $state<SortField>("score");
  order = $state<SortOrder>("asc");
  offset = $state(0);

  rows = $state.raw<Customer[]>([]);
  total = $state(0);
  /** Where the rows on screen start; `offset` runs ahead of it while a page loads. */
  shownOffset = $state(0);
  counts = $state.raw<Partial<Record<StatusFilter, number>>>({});
  loading = $state(false);
  error = $state<string | null>(null);

  #rowsRequest: AbortController | null = null;
  #countsRequest: AbortController | null = null;

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
    if (id === this.clientId) return;
    this.clientId = id;
    this.offset = 0;
    this.#loadAll();
  }

  setStatus(status: StatusFilter): void {
    if (status === this.status) return;
    this.status = status;
    this.offset = 0;
    void this.load();
  }

  setSearch(search: string): void {
    if (search.trim() === this.search.trim()) return;
    this.search = search;
    this.offset = 0;
    this.#loadAll();
  }

  /** Clicking the sorted column flips its order; another column starts in its natural order. */
  sortBy(field: SortField): void {
    if (field === this.sort) this.setSort(field, this.order === "asc" ? "desc" : "asc");
    else this.setSort(field, firstOrder[field] ?? "desc");
  }

  setSort(field: SortField, order: SortOrder): void {
    if (field === this.sort && order === this.order) return;
    this.sort = field;
    this.order = order;
    this.offset = 0;
    void this.load();
  }

  previous(): void {
    if (!this.hasPrevious) return;
    this.offset = Math.max(0, this.shownOffset - this.limit);
    void this.load();
  }

  next(): void {
    if (!this.hasNext) return;
    this.offset = this.shownOffset + this.limit;
    void this.load();
  }

  retry(): void {
    this.#loadAll();
  }

  #loadAll(): void {
    void this.load();
    void this.loadCounts();
  }

  #baseQuery(): CustomerQuery | null {
    if (!this.clientId) return null;
    return { client_id: this.clientId, search: this.search.trim() || undefined };
  }

  async load(): Promise<void> {
    const base = this.#baseQuery();
    if (!base) return;
    this.#rowsRequest?.abort();
    const request = (this.#rowsRequest = new AbortController());
    this.loading = true;
    this.error = null;
    try {
      const page = await api.listCustomers({
        ...base,
        status: this.status === "all" ? undefined : this.status,
        sort: this.sort,
        order: this.order,
        limit: this.limit,
        offset: this.offset,
      }, request.signal);
      if (request.signal.aborted) return;
      this.rows = page.customers;
      this.total = page.total;
      this.shownOffset = page.offset;
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      this.rows = [];
      this.total = 0;
      this.shownOffset = 0;
      this.error = messageOf(error);
    } finally {
      if (this.#rowsRequest === request) this.loading = false;
    }
  }

  /** One `limit=1` request per tab: the API's `total` is the count. */
  async loadCounts(): Promise<void> {
    const base = this.#baseQuery();
    if (!base) return;
    this.#countsRequest?.abort();
    const request = (this.#countsRequest = new AbortController());
    const filters: StatusFilter[] = ["all", ...bandOrder];
    try {
      const totals = await Promise.all(filters.map((status) =>
        api.listCustomers({ ...base, status: status === "all" ? undefined : status, limit: 1 }, request.signal)
          .then((page) => page.total)));
      if (!request.signal.aborted) this.counts = Object.fromEntries(filters.map((f, i) => [f, totals[i]]));
    } catch {
      // Counts are a nicety: the tabs work without them.
      if (!request.signal.aborted) this.counts = {};
    }
  }
}
