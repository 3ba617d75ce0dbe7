// The Score Customer form's state: the preview is the engine's under the
// settings the server scores with, Save says whether it creates or updates,
// and the fields it sends are checked by the API's own schema first.
import { describe, expect, test } from "vitest";
import { makeCustomer } from "$lib/testing/customers.ts";
import { defaultSettings, effectiveSettings, scoreSignals, type ScoringProfile } from "@shared/index.ts";
import type { ClientScoring } from "@shared/scoring/answers.ts";
import { ScoreForm } from "./score-form.svelte.ts";

const profile: ScoringProfile = {
  name: "Contact-led",
  weights: { logins: 10, adoption: 10, tickets: 10, nps: 10, csat: 0, days: 50, growth: 10 },
  bands: { atrisk: 10, watch: 20, healthy: 30, expansion: 40 },
};
const scoring: ClientScoring = { version: 7, settings: defaultSettings, profiles: [profile] };

function makeForm(values: Partial<ScoreForm["values"]> = {}) {
  const form = new ScoreForm();
  form.setScoring(scoring);
  Object.assign(form.values, values);
  return form;
}

const typed = { name: "Northwind", logins: "12", adoption: "55", tickets: "2", nps: "8", days: "20", growth: "mild" };
const signals = { logins: 12, adoption: 55, tickets: 2, nps: 8, npsCategory: "passive", days: 20, growth: "mild" } as const;

describe("the live preview", () => {
  test("scores the typed signals with the client's settings, as the server will", () => {
    const form = makeForm(typed);
    const expected = scoreSignals(signals, defaultSettings);
    expect(form.preview?.result.score).toBe(expected.score);
    expect(form.preview?.result.band).toBe(expected.band);
    expect(form.preview?.result.bestImprovement, "the best next step comes with it").toEqual(expected.bestImprovement);
    expect(form.preview?.result.missing, "csat weighs 0 by default, so nothing is missing").toEqual([]);
  });

  test("a chosen profile (any case) scores with the profile's weights and bands", () => {
    const form = makeForm({ ...typed, scoring_profile: "contact-LED" });
    const expected = scoreSignals(signals, effectiveSettings(defaultSettings, profile));
    expect(form.profile?.name).toBe("Contact-led");
    expect(form.preview?.result.score).toBe(expected.score);
    expect(form.preview?.result.band, "the profile's low bands").toBe("expansion");
    expect(expected.band, "which the client's bands would not give").not.toBe(scoreSignals(signals, defaultSettings).band);
  });

  test("updates as the user types, leaves out empty and refused signals, and names them", () => {
    const form = makeForm(typed);
    const before = form.preview!.result.score;
    form.values.logins = "30";
    expect(form.preview!.result.score, "a keystroke rescores").toBeGreaterThan(before!);
    form.values.adoption = "150";
    expect(form.preview!.invalid, "adoption 150 is not counted").toEqual(["adoption"]);
    expect(form.preview!.result.missing).toContain("adoption");
    form.values.adoption = "";
    expect(form.preview!.invalid).toEqual([]);
    expect(form.preview!.result.missing).toEqual(["adoption"]);
  });

  test("an NPS category counts as the category's value", () => {
    const form = makeForm({ name: "Cat", nps: "Promoter" });
    expect(form.preview!.result.explanation.find((e) => e.signal === "nps")?.mapped).toBe(100);
  });

  test("a churned customer is not scored, and an active one falling to At Risk is said to become at risk", () => {
    expect(makeForm({ ...typed, lifecycle: "churned" }).preview!.churned).toBe(true);
    const low = makeForm({ name: "Low", lifecycle: "active", logins: "0", adoption: "5", tickets: "6" });
    expect(low.preview!.result.band).toBe("critical");
    expect(low.preview!.lifecycle).toBe("atrisk");
  });
});

describe("create or update", () => {
  const stored = makeCustomer({ name: "Acme Corp", logins: 20, adoption: 70, tier: "enterprise", tags: ["vip"], scoring_profile: "Contact-led" });

  test("a name nobody has creates; the fields sent are only the filled ones, in the API's names", () => {
    const form = makeForm({ ...typed, tier: "mid", tags: "vip, emea", mrr: "1200" });
    form.matched("Northwind", null);
    expect(form.mode).toBe("create");
    expect(form.payload).toEqual({
      name: "Northwind", tier: "mid", tags: "vip, emea", mrr: "1200",
      logins: "12", adoption: "55", tickets: "2", nps: "8", days: "20", growth: "mild",
    });
  });

  test("the name of an existing customer in another case updates it; empty fields keep its values, in the payload and the preview", () => {
    const form = makeForm({ name: "ACME corp", tickets: "4" });
    form.matched("ACME corp", stored);
    expect(form.mode).toBe("update");
    expect(form.loaded).toBe(false);
    expect(form.payload, "only what changes is sent").toEqual({ name: "ACME corp", tickets: "4" });
    const expected = scoreSignals({ ...signals, logins: 20, adoption: 70, tickets: 4 }, effectiveSettings(defaultSettings, profile));
    expect(form.preview!.result.score, "the stored values and its profile count").toBe(expected.score);
  });

  test("loading the existing customer puts its values in the form; then an emptied field is cleared", () => {
    const form = makeForm({ name: "acme corp" });
    form.matched("acme corp", stored);
    form.load();
    expect(form.values.logins).toBe("20");
    expect(form.values.tier).toBe("enterprise");
    expect(form.values.name, "the name stays as typed").toBe("acme corp");
    expect(form.payload, "nothing changed yet").toEqual({ name: "acme corp" });
    form.values.manager = "";
    form.values.tags = "";
    expect(form.payload).toEqual({ name: "acme corp", manager: null, tags: [] });
  });

  test("an answer for a name the user has typed past is dropped, and a changed name is a new customer again", () => {
    const form = makeForm({ name: "Acme Corporation" });
    form.matched("Acme Corp", stored);
    expect(form.match).toBeNull();
    form.values.name = "Acme Corp";
    form.matched("Acme Corp", stored);
    expect(form.mode).toBe("update");
    form.values.name = "Acme Corp 2";
    expect(form.mode).toBe("create");
  });

  test("after a save the form edits the stored customer, so the next save updates it", () => {
    const form = makeForm(typed);
    const preview = form.preview!.result.displayScore;
    form.saveDone(makeCustomer({ name: "Northwind", score: preview }), true);
    expect(form.saved).toMatchObject({ created: true, preview });
    expect(form.mode).toBe("update");
    expect(form.loaded).toBe(true);
  });
});

describe("checks before sending", () => {
  test("a refused value is named by its field with the API's own message, and a name is required", () => {
    const form = makeForm({ ...typed, name: "", adoption: "150", renewal_date: "2026-02-30" });
    expect(form.errors, "nothing is shown before a save is tried").toEqual({});
    expect(form.validate()).toBe(false);
    expect(form.errors).toEqual({
      name: "name is required",
      adoption: "adoption must be a number between 0 and 100",
      renewal_date: "renewal_date must be a real date (YYYY-MM-DD)",
    });
    Object.assign(form.values, { name: "Fixed", adoption: "50", renewal_date: "2026-02-28" });
    expect(form.errors, "errors clear as the user corrects them").toEqual({});
    expect(form.validate()).toBe(true);
  });
});
