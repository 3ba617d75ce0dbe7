// The Score Customer form's state: the text of every field, the client's
// scoring settings, the existing customer the typed name matches (any case),
// and what follows — create or update, the fields a save sends, their errors
// by the shared input schema, and the live preview by the shared engine with
// the settings the server will score with (the client's, overridden by the
// chosen profile), so the preview is the score a save stores.
import type { Customer } from "@shared/customers/answers.ts";
import { effectiveSettings, nextLifecycle, type ScoreResult, type ScoringProfile, type Settings } from "@shared/index.ts";
import type { ClientScoring } from "@shared/scoring/answers.ts";
import {
  changedFields, emptyValues, type FieldErrors, fieldErrorsOf, type FormValues, signalsOfValues, valuesOf,
} from "./score-fields.ts";
import { signalFieldNames } from "@shared/customers/fields.ts";
import { scoreSignals } from "@shared/index.ts";

/** Customers are unique per client by name in any case (SPEC §2), as the server compares them. */
const nameKey = (name: string) => name.trim().toLowerCase();

export type Preview = {
  result: ScoreResult;
  /** Signals whose text the API would refuse: left out of the preview until corrected. */
  invalid: string[];
  /** Churned customers are not scored (SPEC §2): the save stores no new score. */
  churned: boolean;
  /** The lifecycle the save leaves (an active account falling to At Risk becomes atrisk). */
  lifecycle: string;
};

export type Saved = { customer: Customer; created: boolean; preview: number | null };

export class ScoreForm {
  #values = $state<FormValues>({ ...emptyValues });
  #scoring = $state.raw<ClientScoring | null>(null);
  #match = $state.raw<Customer | null>(null);
  #loaded = $state(false);
  #attempted = $state(false);
  #saved = $state.raw<Saved | null>(null);

  /** The form's text, bound field by field: every keystroke re-previews. */
  get values(): FormValues {
    return this.#values;
  }

  get scoring(): ClientScoring | null {
    return this.#scoring;
  }

  /** The client's settings and profiles (get_settings). */
  setScoring(scoring: ClientScoring): void {
    this.#scoring = scoring;
  }

  get profiles(): ScoringProfile[] {
    return this.#scoring?.profiles ?? [];
  }

  /** The name lookup's answer for `name`; dropped when the form's name has moved on since. */
  matched(name: string, customer: Customer | null): void {
    if (nameKey(name) !== nameKey(this.#values.name)) return;
    if (customer?.id !== this.#match?.id) this.#loaded = false;
    this.#match = customer;
  }

  /** The existing customer of the typed name, while the name still says so. */
  get match(): Customer | null {
    const m = this.#match;
    return m && nameKey(m.name) === nameKey(this.#values.name) ? m : null;
  }

  /** Save updates the customer of that name, or creates one. */
  get mode(): "create" | "update" {
    return this.match ? "update" : "create";
  }

  /** The matched customer's values are in the form (emptied fields then clear them). */
  get loaded(): boolean {
    return this.#loaded && this.match !== null;
  }

  /** Puts the matched customer's values in the form, keeping the name as typed. */
  load(): void {
    const m = this.match;
    if (!m) return;
    this.#values = { ...valuesOf(m), name: this.#values.name };
    this.#loaded = true;
  }

  /** What the save changes against: the stored customer, or nothing for a new one. */
  get #base(): FormValues {
    return this.match ? valuesOf(this.match) : emptyValues;
  }

  /**
   * The customer as the save leaves it, in the form's text. Matched but not
   * loaded, an empty field keeps the stored value (it is not sent), so the
   * preview counts the stored value too.
   */
  get effective(): FormValues {
    if (!this.match || this.loaded) return this.#values;
    const base = this.#base;
    return Object.fromEntries(Object.entries(this.#values).map(([k, v]) => [k, v.trim() === "" ? base[k as keyof FormValues] : v])) as FormValues;
  }

  /** The fields a save sends besides the name: those that change. */
  get fields(): Record<string, unknown> {
    return changedFields(this.effective, this.#base);
  }

  /** upsert_account's data. */
  get payload(): Record<string, unknown> {
    return { name: this.#values.name.trim(), ...this.fields };
  }

  /** The chosen profile (by name, any case), or null for the client's own settings. */
  get profile(): ScoringProfile | null {
    const name = nameKey(this.effective.scoring_profile);
    return name === "" ? null : this.profiles.find((p) => nameKey(p.name) === name) ?? null;
  }

  /** The settings the server will score this customer with. */
  get settings(): Settings | null {
    return this.#scoring && effectiveSettings(this.#scoring.settings, this.profile);
  }

  #preview: Preview | null = $derived.by(() => {
    const settings = this.settings;
    if (!settings) return null;
    const { signals, invalid } = signalsOfValues(this.effective);
    // A manual score stays until a signal changes (SPEC §3).
    const m = this.match;
    const keepsManual = m?.score_manual === true && !signalFieldNames.some((f) => f in this.fields);
    const result = scoreSignals(signals, settings, { manualScore: keepsManual ? m.score_exact : null });
    const lifecycle = this.effective.lifecycle || "active";
    return { result, invalid, churned: lifecycle === "churned", lifecycle: nextLifecycle(lifecycle, result.band) };
  });

  /** The live preview; null until the settings are in. */
  get preview(): Preview | null {
    return this.#preview;
  }

  /** Field errors by the shared schema, shown once a save was tried and updated as the user corrects them. */
  get errors(): FieldErrors {
    return this.#attempted ? fieldErrorsOf(this.#values.name, this.fields) : {};
  }

  /** Checks before sending; true when upsert_account would accept the fields. */
  validate(): boolean {
    this.#attempted = true;
    return Object.keys(this.errors).length === 0;
  }

  get saved(): Saved | null {
    return this.#saved;
  }

  /** After a save: the form now edits the customer as stored, so a second save updates it. */
  saveDone(customer: Customer, created: boolean): void {
    this.#saved = { customer, created, preview: this.#preview?.result.displayScore ?? null };
    this.#match = customer;
    this.#values = valuesOf(customer);
    this.#loaded = true;
    this.#attempted = false;
  }

  /** An empty form for the next customer (the settings stay). */
  startOver(): void {
    this.#values = { ...emptyValues };
    this.#match = null;
    this.#loaded = false;
    this.#attempted = false;
    this.#saved = null;
  }
}
