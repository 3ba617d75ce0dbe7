// The customer page's state: one customer of the selected client with its
// explanation, history and the settings it is scored with. Loads go through
// the one loader, so switching customers quickly never shows the previous answer.
import { getCustomer } from "$lib/api/customers.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import type { CustomerWithHistory } from "@shared/customers/answers.ts";

export class CustomerDetail {
  #answer = new Resource<CustomerWithHistory>("Something went wrong loading this customer. Please try again.");
  #key: string | null = null;

  /** The whole answer: customer, history and scoring, from one request. */
  get answer(): CustomerWithHistory | null {
    return this.#answer.value;
  }

  get loading(): boolean {
    return this.#answer.loading;
  }

  get error(): string | null {
    return this.#answer.error;
  }

  /** Loads once per client and customer; `retry` forces it again. */
  load(clientId: string, id: string): void {
    const key = `${clientId}/${id}`;
    if (key === this.#key) return;
    this.#key = key;
    void this.#answer.load((signal) => getCustomer({ client_id: clientId, id }, signal));
  }

  retry(): void {
    void this.#answer.retry();
  }
}
