// The live what-if preview: the customer's signals as editable values,
// rescored in the browser by the shared engine on every change, with the
// settings the server scores this customer with (get_customer's
// scoring.settings: the client's, overridden by the customer's profile), so
// the untouched signals preview exactly the stored score and band. Nothing is
// saved; the stored score stays whatever the server computed.
import type { CustomerDetail } from "@shared/customers/answers.ts";
import {
  growthNames, scoreSignals, type Growth, type NpsCategory, type ScoreResult, type Settings, type Signals,
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

/** The customer's stored signals as the form's starting values. */
export function inputsOf(customer: CustomerDetail): WhatIfInputs {
  return {
    logins: customer.logins,
    adoption: customer.adoption,
    tickets: customer.tickets,
    nps: numberOrNull(customer.nps),
    csat: customer.csat,
    days: customer.days,
    growth: customer.growth,
  };
}

export class WhatIf {
  #inputs = $state<WhatIfInputs>({ logins: null, adoption: null, tickets: null, nps: null, csat: null, days: null, growth: null });
  readonly #initial: WhatIfInputs;
  readonly #settings: Settings;
  /** A customer may report only an NPS category; it scores while the number is empty. */
  readonly #npsCategory: NpsCategory | null;

  constructor(customer: CustomerDetail, settings: Settings) {
    this.#settings = settings;
    this.#initial = inputsOf(customer);
    this.#inputs = { ...this.#initial };
    this.#npsCategory = customer.nps_category;
  }

  /** The form's values; bound field by field, so edits rescore at once. */
  get inputs(): WhatIfInputs {
    return this.#inputs;
  }

  get signals(): Signals {
    const i = this.#inputs;
    return {
      logins: numberOrNull(i.logins),
      adoption: numberOrNull(i.adoption),
      tickets: numberOrNull(i.tickets),
      // An NPS typed in replaces the stored category; cleared, the category counts again.
      nps: numberOrNull(i.nps),
      npsCategory: this.#npsCategory,
      csat: numberOrNull(i.csat),
      days: numberOrNull(i.days),
      growth: growthNames.find((g) => g === i.growth) ?? null,
    };
  }

  #result: ScoreResult = $derived.by(() => scoreSignals(this.signals, this.#settings, { bestImprovement: false }));

  get result(): ScoreResult {
    return this.#result;
  }

  get changed(): boolean {
    return (Object.keys(this.#initial) as (keyof WhatIfInputs)[]).some((k) => this.#inputs[k] !== this.#initial[k]);
  }

  reset(): void {
    this.#inputs = { ...this.#initial };
  }
}
