// The one loader of the dashboard: every page's state holds its answers in a
// Resource, which owns loading, abort and error state so no page writes it
// again. A newer load aborts the older one, and an answer that arrives after a
// newer load started is dropped, so a slow reply never overwrites a fresh one.
import { ApiError } from "../api/client.ts";

/** Fetches one answer; it should stop when `signal` aborts, but need not. */
export type Fetcher<T> = (signal: AbortSignal) => Promise<T>;

export class Resource<T> {
  #value = $state.raw<T | null>(null);
  #loading = $state(false);
  #error = $state<string | null>(null);
  #current: AbortController | null = null;
  #last: Fetcher<T> | null = null;
  readonly #failure: string;

  /** `failure` is the sentence shown when something other than the API went wrong. */
  constructor(failure: string) {
    this.#failure = failure;
  }

  /** The last answer; kept while a newer one loads, cleared when a load fails. */
  get value(): T | null {
    return this.#value;
  }

  get loading(): boolean {
    return this.#loading;
  }

  /** A message fit to show, or null. */
  get error(): string | null {
    return this.#error;
  }

  /** Runs `fetch`, aborting any load still running; resolves once this load is settled or superseded. */
  async load(fetch: Fetcher<T>): Promise<void> {
    this.#current?.abort();
    const controller = (this.#current = new AbortController());
    this.#last = fetch;
    this.#loading = true;
    this.#error = null;
    try {
      const value = await fetch(controller.signal);
      if (controller === this.#current) this.#value = value;
    } catch (error) {
      if (controller !== this.#current) return;
      this.#value = null;
      this.#error = this.#messageOf(error);
    } finally {
      if (controller === this.#current) {
        this.#loading = false;
        this.#current = null;
      }
    }
  }

  /** Runs the last load again, e.g. from a "Try again" button. */
  retry(): Promise<void> {
    return this.#last ? this.load(this.#last) : Promise.resolve();
  }

  /** Stops any load and forgets the answer, e.g. on sign-out. */
  reset(): void {
    this.#current?.abort();
    this.#current = null;
    this.#last = null;
    this.#value = null;
    this.#loading = false;
    this.#error = null;
  }

  #messageOf(error: unknown): string {
    if (error instanceof ApiError) return error.message;
    // Not the API's doing (a bug, a failed /config.json): say it plainly here, in full to the console.
    console.error(error);
    return this.#failure;
  }
}
