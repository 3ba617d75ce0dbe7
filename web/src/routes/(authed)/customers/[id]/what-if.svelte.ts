// The live what-if preview: the customer's signals as editable values,
// rescored in the browser by the shared engine on every change. Nothing is
// saved; the stored score stays whatever the server computed.
import type { CustomerDetail, ExplanationRow } from "$lib/api/schemas.ts";
import {
  defaultSettings, growthNames, npsCategoryNames, scoreSignals,
  type Growth, type NpsCategory, type ScoreResult, type Settings, type Signals,
} from "@shared/index.ts";

/** The inputs as the form holds them; an empty number field is null. */
export type WhatIfInputs = {
  logins: number | null;
  adoption: number | null;
  tickets: number | null;
  nps: number | null;
  csat: number | null;
  days: number | null;
  growth: Growth | null;
};

const numberOrNull = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * The settings to preview with. The browser cannot read the client's
 * settings yet, but the explanation carries the weights the server used
 * (client or profile), which move the score most; bands and mappings stay
 * the defaults until they are exposed too.
 */
export function previewSettings(explanation: ExplanationRow[]): { settings: Settings; ownWeights: boolean } {
  if (explanation.length === 0) return { settings: defaultSettings, ownWeights: false };
  const weights = { ...defaultSettings.weights, ...Object.fromEntries(explanation.map((e) => [e.signal, e.weight])) };
  return { settings: { ...defaultSettings, weights }, ownWeights: true };
}

/** The customer's stored signals as the form's starting values. */
export function inputsOf(customer: CustomerDetail): WhatIfInputs {
  const growth = growthNames.find((g) => g === customer.growth) ?? null;
  return {
    logins: numberOrNull(customer.logins),
    adoption: numberOrNull(customer.adoption),
    tickets: numberOrNull(customer.tickets),
    nps: numberOrNull(customer.nps),
    csat: numberOrNull(customer.csat),
    days: numberOrNull(customer.days),
    growth,
  };
}

export class WhatIf {
  inputs = $state<WhatIfInputs>({ logins: null, adoption: null, tickets: null, nps: null, csat: null, days: null, growth: null });
  #npsCategory: NpsCategory | null = null;
  readonly settings: Settings;
  readonly ownWeights: boolean;
  readonly #initial: WhatIfInputs;

  constructor(customer: CustomerDetail) {
    ({ settings: this.settings, ownWeights: this.ownWeights } = previewSettings(customer.explanation));
    this.#initial = inputsOf(customer);
    this.inputs = { ...this.#initial };
    // A customer may report only an NPS category; it scores while the number is empty.
    this.#npsCategory = npsCategoryNames.find((c) => c === customer.nps_category) ?? null;
  }

  get signals(): Signals {
    const i = this.inputs;
    return {
      logins: numberOrNull(i.logins),
      adoption: numberOrNull(i.adoption),
      tickets: numberOrNull(i.tickets),
      nps: numberOrNull(i.nps),
      npsCategory: this.#npsCategory,
      csat: numberOrNull(i.csat),
      days: numberOrNull(i.days),
      growth: i.growth,
    };
  }

  result: ScoreResult = $derived.by(() => scoreSignals(this.signals, this.settings, { bestImprovement: false }));

  get changed(): boolean {
    return (Object.keys(this.#initial) as (keyof WhatIfInputs)[]).some((k) => this.inputs[k] !== this.#initial[k]);
  }

  reset(): void {
    this.inputs = { ...this.#initial };
  }
}
