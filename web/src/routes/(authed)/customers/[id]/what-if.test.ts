// The what-if preview scores with the settings get_customer hands over, so
// untouched signals preview exactly what the server stored.
import { describe, expect, test } from "vitest";
import { makeCustomer, makeScoredCustomer } from "$lib/testing/customers.ts";
import { defaultSettings, scoreSignals, type Settings } from "@shared/index.ts";
import { WhatIf } from "./what-if.svelte.ts";

/** A profile far from the defaults: contact-heavy weights, low bands, a short logins scale. */
const profileSettings: Settings = {
  ...defaultSettings,
  weights: { logins: 10, adoption: 10, tickets: 10, nps: 10, csat: 0, days: 50, growth: 10 },
  bands: { atrisk: 10, watch: 20, healthy: 30, expansion: 40 },
  mappings: { ...defaultSettings.mappings, loginsMax: 10 },
};

describe("the what-if preview", () => {
  test("untouched signals preview exactly the stored score and band under the customer's own settings", () => {
    const customer = makeScoredCustomer(profileSettings, { scoring_profile: "Contact-led" });
    const whatIf = new WhatIf(customer, profileSettings);
    expect(whatIf.result.displayScore).toBe(customer.score);
    expect(whatIf.result.band).toBe(customer.status);
    expect(whatIf.result.score).toBe(customer.score_exact);
    expect(whatIf.changed, "nothing edited yet").toBe(false);

    // The test means something only if the defaults would have previewed otherwise.
    const withDefaults = new WhatIf(customer, defaultSettings).result;
    expect(withDefaults.band, "default settings give another band").not.toBe(customer.status);
    expect(withDefaults.displayScore, "default settings give another score").not.toBe(customer.score);
  });

  test("editing a signal rescores at once; reset brings back the stored values and score", () => {
    const customer = makeScoredCustomer(profileSettings);
    const whatIf = new WhatIf(customer, profileSettings);
    whatIf.inputs.days = 170;
    const expected = scoreSignals({ ...whatIf.signals, days: 170 }, profileSettings);
    expect(whatIf.result.score).toBe(expected.score);
    expect(whatIf.result.displayScore, "170 days since contact pulls the score down").toBeLessThan(customer.score!);
    expect(whatIf.changed).toBe(true);

    whatIf.reset();
    expect(whatIf.inputs.days).toBe(customer.days);
    expect(whatIf.changed).toBe(false);
    expect(whatIf.result.displayScore).toBe(customer.score);
  });

  test("an edit put back by hand is no longer a change", () => {
    const whatIf = new WhatIf(makeCustomer(), defaultSettings);
    whatIf.inputs.logins = 30;
    expect(whatIf.changed).toBe(true);
    whatIf.inputs.logins = 12;
    expect(whatIf.changed).toBe(false);
  });

  test("an emptied field leaves its signal out and renormalises the others", () => {
    const whatIf = new WhatIf(makeCustomer(), defaultSettings);
    whatIf.inputs.tickets = null;
    expect(whatIf.result.missing).toEqual(["tickets"]);
    expect(whatIf.result.explanation.find((e) => e.signal === "tickets")?.effectiveWeight).toBe(0);
  });

  test("a customer with only an NPS category scores with it until a number is typed in", () => {
    const customer = makeScoredCustomer(defaultSettings, { nps: null, nps_category: "promoter" });
    const whatIf = new WhatIf(customer, defaultSettings);
    expect(whatIf.inputs.nps, "the number field starts empty").toBeNull();
    expect(whatIf.result.explanation.find((e) => e.signal === "nps")?.mapped, "promoter maps to 100").toBe(100);
    expect(whatIf.result.displayScore).toBe(customer.score);

    whatIf.inputs.nps = 3;
    expect(whatIf.result.explanation.find((e) => e.signal === "nps")?.mapped, "a typed detractor wins over the category").toBe(0);
  });
});
