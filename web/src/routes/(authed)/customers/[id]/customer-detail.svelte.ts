// The customer page's state: one customer of the selected client with its
// explanation and history. A newer load aborts the older one, so switching
// customers quickly never shows the previous answer.
import { api, ApiError } from "$lib/api/client.ts";
import type { CustomerDetail as Customer, HistoryEntry } from "$lib/api/schemas.ts";

const isAbort = (error: unknown) => error instanceof DOMException && error.name === "AbortError";

export class CustomerDetail {
  customer = $state.raw<Customer | null>(null);
  history = $state.raw<HistoryEntry[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  #key: string | null = null;
  #request: AbortController | null = null;

  /** Loads once per client and customer; `retry` forces it again. */
  load(clientId: string, id: string): void {
    const key = `${clientId}/${id}`;
    if (key === this.#key) return;
    this.#key = key;
    void this.#fetch(clientId, id);
  }

  retry(): void {
    const [clientId, id] = this.#key?.split("/") ?? [];
    if (clientId && id) void this.#fetch(clientId, id);
  }

  async #fetch(clientId: string, id: string): Promise<void> {
    this.#request?.abort();
    const request = (this.#request = new AbortController());
    this.loading = true;
    this.error = null;
    try {
      const answer = await api.getCustomer({ client_id: clientId, id }, request.signal);
      if (request.signal.aborted) return;
      this.customer = answer.customer;
      this.history = answer.history;
    } catch (error) {
      if (isAbort(error) || request.signal.aborted) return;
      this.customer = null;
      this.history = [];
      this.error = error instanceof ApiError ? error.message : "Something went wrong loading this customer. Please try again.";
    } finally {
      if (this.#request === request) this.loading = false;
    }
  }
}
