// One form submission's state: pending while it runs, then the API's error
// (its message, and the field it names so the form shows it beside that
// field). Every form of the record uses it, so none handles errors itself.
import { ApiError } from "../api/client.ts";

export class Submission {
  #pending = $state(false);
  #error = $state<string | null>(null);
  #field = $state<string | null>(null);

  get pending(): boolean {
    return this.#pending;
  }

  /** A message fit to show, or null. */
  get error(): string | null {
    return this.#error;
  }

  /** The input the error names (the API's `field`), or null. */
  get field(): string | null {
    return this.#field;
  }

  /** The error for `field`, when the error names it. */
  errorFor(field: string): string | null {
    return this.#field === field ? this.#error : null;
  }

  /** Shows an error found before sending (the shared schema's), as the API would name it. */
  fail(message: string, field: string | null = null): void {
    this.#error = message;
    this.#field = field;
  }

  /** Runs `work`; resolves true when it succeeded, false when it failed (the error is then shown). */
  async run(work: () => Promise<unknown>): Promise<boolean> {
    this.#pending = true;
    this.#error = null;
    this.#field = null;
    try {
      await work();
      return true;
    } catch (error) {
      if (error instanceof ApiError) {
        this.#error = error.message;
        this.#field = error.field ?? null;
      } else {
        console.error(error);
        this.#error = "Something went wrong. Please try again.";
      }
      return false;
    } finally {
      this.#pending = false;
    }
  }

  reset(): void {
    this.#error = null;
    this.#field = null;
  }
}
