// One list of the record (notes, the sentiment log, contacts, history) for
// the record's client and customer: loaded through the one loader when the
// record is known, and again after every write the tab makes.
import { Resource } from "$lib/state/resource.svelte.ts";
import type { CustomerRecord } from "./record.svelte.ts";

type Scope = NonNullable<CustomerRecord["scope"]>;

export class RecordList<T> {
  #resource: Resource<T>;
  #fetch: (scope: Scope, signal: AbortSignal) => Promise<T>;
  #scope: Scope | null = null;

  constructor(what: string, fetch: (scope: Scope, signal: AbortSignal) => Promise<T>) {
    this.#resource = new Resource<T>(`Something went wrong loading ${what}. Please try again.`);
    this.#fetch = fetch;
  }

  get value(): T | null {
    return this.#resource.value;
  }

  get error(): string | null {
    return this.#resource.error;
  }

  get loading(): boolean {
    return this.#resource.loading;
  }

  /** Loads for `scope` once; call from an effect that reads the record's scope. */
  load(scope: Scope | null): void {
    if (!scope || (this.#scope?.client_id === scope.client_id && this.#scope.customer_id === scope.customer_id)) return;
    this.#scope = scope;
    void this.reload();
  }

  reload(): Promise<void> {
    const scope = this.#scope;
    return scope ? this.#resource.load((signal) => this.#fetch(scope, signal)) : Promise.resolve();
  }
}
