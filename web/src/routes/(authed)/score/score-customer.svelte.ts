// The Score Customer page's state: the form (score-form.svelte.ts) and the
// calls around it — the client's settings, the lookup of the typed name,
// the save — each through the one loader or the one submission helper.
import { findCustomerByName, getClientScoring, upsertAccount } from "$lib/api/score-customer.ts";
import { Resource } from "$lib/state/resource.svelte.ts";
import { Submission } from "$lib/state/submission.svelte.ts";
import type { Customer } from "@shared/customers/answers.ts";
import type { ClientScoring } from "@shared/scoring/answers.ts";
import { ScoreForm } from "./score-form.svelte.ts";

/** Typing pauses this long before the name is looked up. */
const LOOKUP_DELAY_MS = 250;

export class ScoreCustomer {
  readonly form = new ScoreForm();
  readonly submission = new Submission();
  #scoring = new Resource<ClientScoring>("Something went wrong loading this client's scoring settings. Please try again.");
  #lookup = new Resource<Customer | null>("Could not check whether this customer exists. Please try again.");
  #clientId: string | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  get loading(): boolean {
    return this.#scoring.loading && !this.form.scoring;
  }

  get error(): string | null {
    return this.#scoring.error;
  }

  get lookingUp(): boolean {
    return this.#lookup.loading;
  }

  get lookupError(): string | null {
    return this.#lookup.error;
  }

  /** Loads the client's settings, starting a fresh form when the client changes. */
  async open(clientId: string): Promise<void> {
    if (this.#clientId === clientId) return;
    this.#clientId = clientId;
    this.form.startOver();
    this.submission.reset();
    this.#checked = "";
    await this.#scoring.load((signal) => getClientScoring(clientId, signal));
    if (this.#scoring.value && this.#clientId === clientId) this.form.setScoring(this.#scoring.value);
  }

  retry(): Promise<void> {
    const id = this.#clientId;
    this.#clientId = null;
    return id ? this.open(id) : Promise.resolve();
  }

  /** Looks the typed name up once typing pauses; an answer for an older name is dropped by the form. */
  nameChanged(): void {
    clearTimeout(this.#timer);
    const name = this.form.values.name.trim();
    if (name === "" || this.form.match) return;
    this.#timer = setTimeout(() => void this.#lookUp(name), LOOKUP_DELAY_MS);
  }

  /** The name (as compared, any case) whose lookup last answered. */
  #checked = "";

  async #lookUp(name: string): Promise<void> {
    const clientId = this.#clientId;
    if (!clientId) return;
    await this.#lookup.load((signal) => findCustomerByName(clientId, name, signal));
    if (this.#lookup.error || this.#clientId !== clientId) return;
    this.form.matched(name, this.#lookup.value);
    if (name.toLowerCase() === this.form.values.name.trim().toLowerCase()) this.#checked = name.toLowerCase();
  }

  /** Checks with the shared schema, then saves; the API's error is shown beside the field it names. */
  async save(): Promise<void> {
    const clientId = this.#clientId;
    if (!clientId) return;
    this.submission.reset();
    if (!this.form.validate()) return;
    // Saved before the lookup answered, a "new" customer could quietly update
    // an existing one: look now, and if the name is taken, say so first.
    const name = this.form.values.name.trim();
    if (!this.form.match && this.#checked !== name.toLowerCase()) {
      clearTimeout(this.#timer);
      await this.#lookUp(name);
      // Read again: the lookup may have found it (TypeScript narrowed it to null above).
      const found = this.form.match as Customer | null;
      if (found) {
        return this.submission.fail(`${found.name} already exists: save again to update it, or load its values first.`, "name");
      }
    }
    let answer: { created: boolean; customer: Customer } | undefined;
    const ok = await this.submission.run(async () => (answer = await upsertAccount(clientId, this.form.payload)));
    if (ok && answer) this.form.saveDone(answer.customer, answer.created);
  }

  startOver(): void {
    clearTimeout(this.#timer);
    this.#checked = "";
    this.form.startOver();
    this.submission.reset();
  }
}
