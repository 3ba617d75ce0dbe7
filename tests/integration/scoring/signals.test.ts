// Signals pushed through api-inbound are scored by the shared engine in the
// same transaction: score, band, explanation, best improvement and one
// history row per change. Manual scores, churned accounts and preview too.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { defaultSettings, scoreSignals, type Signals } from "../../../shared/index.ts";
import { customerRow, historyOf, makeWorld, type World } from "./world.ts";

let w: World;
beforeAll(async () => {
  w = await makeWorld("signals");
});
afterAll(async () => {
  await w?.end();
});

async function configVersion() {
  const [{ version }] = await w.sql`select version from public.client_settings where client_id = ${w.clientId}`;
  return version as number;
}

/** Everything scoring could write for this client, as one comparable value. */
async function fingerprint() {
  const [c] = await w.sql`select count(*)::int as n, md5(coalesce(string_agg(c::text, '|' order by c.id), '')) as hash
                          from public.customers c where client_id = ${w.clientId}`;
  const [h] = await w.sql`select count(*)::int as n, coalesce(max(id), 0)::text as last
                          from public.score_history where client_id = ${w.clientId}`;
  const [s] = await w.sql`select version, md5(s::text) as hash from public.client_settings s where client_id = ${w.clientId}`;
  return { customers: c, history: h, settings: s };
}

describe("scoring signals pushed through api-inbound", () => {
  const first = { logins: 12, adoption: 40, tickets: 2, nps: 8, days: 20, growth: "mild" } as const;
  const firstSignals: Signals = { ...first, npsCategory: "passive" };
  let id: string;

  test("a new account's score, band and config version are the shared engine's for its signals", async () => {
    const expected = scoreSignals(firstSignals, defaultSettings);
    const res = await w.api("upsert_account", { name: `Acme ${w.suffix}`, ...first });
    expect(res.status, "creating an account answers 201").toBe(201);
    const c = res.body.customer;
    id = c.id;
    expect(c.score_exact, "the exact score is stored to four decimals").toBeCloseTo(expected.score!, 4);
    expect(c.score, "the displayed score is the rounded exact score").toBe(expected.displayScore);
    expect(c.status, "the band follows the default thresholds").toBe(expected.band);
    expect(c.missing_signals, "csat has weight 0 by default, so nothing weighted is missing").toEqual(expected.missing);
    expect(c.config_version, "the score records the configuration that produced it").toBe(await configVersion());
  });

  test("get_customer explains every signal, the contributions add up to the exact score, and names the best improvement", async () => {
    const expected = scoreSignals(firstSignals, defaultSettings);
    const res = await w.api("get_customer", { id });
    expect(res.status).toBe(200);
    const { explanation, best_improvement, score_exact } = res.body.customer;
    expect(explanation.map((e: { signal: string }) => e.signal), "all seven signals are explained")
      .toEqual(expected.explanation.map((e) => e.signal));
    for (const [i, e] of expected.explanation.entries()) {
      const got = explanation[i];
      expect(got.raw, `${e.signal}: raw value as reported`).toEqual(e.raw);
      expect(got.mapped, `${e.signal}: mapped onto 0–100`).toEqual(e.mapped);
      expect(got.weight, `${e.signal}: the configured weight`).toBe(e.weight);
      expect(got.contribution, `${e.signal}: points added to the score`).toBeCloseTo(e.contribution, 9);
    }
    const sum = explanation.reduce((s: number, e: { contribution: number }) => s + e.contribution, 0);
    expect(sum, "contributions sum to the stored exact score").toBeCloseTo(score_exact, 3);
    expect(best_improvement, "the best single change is the engine's").toEqual({
      signal: expected.bestImprovement!.signal,
      to: expected.bestImprovement!.to,
      gain: expect.closeTo(expected.bestImprovement!.gain, 9),
    });
  });

  test("the first score is one history row holding a snapshot of all signals and the config version", async () => {
    const history = await historyOf(w.sql, id);
    expect(history, "creating the account wrote exactly one history row").toHaveLength(1);
    const [h] = history;
    expect(h.reason).toBe("signals");
    expect(h.score).toBeCloseTo(scoreSignals(firstSignals, defaultSettings).score!, 4);
    expect(h.config_version).toBe(await configVersion());
    expect(h.signals, "every signal is in the snapshot, absent ones as null").toEqual({
      logins: 12, adoption: 40, tickets: 2, nps: 8, nps_category: "passive", csat: null, days: 20, growth: "mild",
    });
  });

  test("pushing a changed signal rescores, keeps the previous score and adds one history row", async () => {
    const before = await customerRow(w.sql, id);
    const changed: Signals = { ...firstSignals, tickets: 5, csat: 2 };
    const expected = scoreSignals(changed, defaultSettings);
    const res = await w.api("upsert_account", { id, tickets: 5, csat: 2 });
    expect(res.status, "updating an account answers 200").toBe(200);
    const c = res.body.customer;
    expect(c.score_exact).toBeCloseTo(expected.score!, 4);
    expect(c.status).toBe(expected.band);
    expect(c.score_exact, "five open tickets map to 0, so the score falls").toBeLessThan(before.score);
    expect(c.previous_score, "the score before the change is kept").toBe(Math.round(before.score));
    const history = await historyOf(w.sql, id);
    expect(history, "one more history row").toHaveLength(2);
    expect(history[1].signals).toMatchObject({ tickets: 5, csat: 2, logins: 12 });
    expect(history[1].score).toBeCloseTo(expected.score!, 4);
  });

  test("a write that touches no signal does not rescore or add history", async () => {
    const before = await historyOf(w.sql, id);
    const res = await w.api("upsert_account", { id, note: "quarterly review booked" });
    expect(res.status).toBe(200);
    expect(await historyOf(w.sql, id), "no history row for a note").toHaveLength(before.length);
  });

  test("a manual score sets the band from itself and stays until a signal changes", async () => {
    const signals = { logins: 3, adoption: 20, tickets: 4, nps: 3, days: 90, growth: "none" } as const;
    const computed = scoreSignals({ ...signals, npsCategory: "detractor" }, defaultSettings);
    const created = (await w.api("upsert_account", { name: `Manual ${w.suffix}`, ...signals })).body.customer;
    const manualScore = 92;
    expect(computed.band, "the computed band differs from the manual one, so the test can tell them apart")
      .not.toBe(scoreSignals({}, defaultSettings, { manualScore }).band);

    const manual = await w.api("upsert_account", { id: created.id, score: manualScore });
    expect(manual.body.customer.score).toBe(manualScore);
    expect(manual.body.customer.score_manual).toBe(true);
    expect(manual.body.customer.status, "the band comes from the manual score").toBe("expansion");
    const history = await historyOf(w.sql, created.id);
    expect(history.at(-1)).toMatchObject({ reason: "manual", score: manualScore, status: "expansion" });

    await w.api("upsert_account", { id: created.id, note: "champion says all is well" });
    const rescored = await w.scoring("rescore_customer", { customer_id: created.id });
    expect(rescored.status).toBe(200);
    const kept = await customerRow(w.sql, created.id);
    expect(kept.score, "a rescore without new signals keeps the manual score").toBe(manualScore);
    expect(kept.score_manual).toBe(true);

    const pushed = await w.api("upsert_account", { id: created.id, logins: 4 });
    const after = scoreSignals({ ...signals, logins: 4, npsCategory: "detractor" }, defaultSettings);
    expect(pushed.body.customer.score_manual, "new signals end the override").toBe(false);
    expect(pushed.body.customer.score_exact).toBeCloseTo(after.score!, 4);
    expect(pushed.body.customer.status).toBe(after.band);
  });

  test("a churned customer is not rescored when its signals change or the client is rescored", async () => {
    const created = (await w.api("upsert_account", { name: `Gone ${w.suffix}`, logins: 20, adoption: 70 })).body.customer;
    await w.api("upsert_account", { id: created.id, lifecycle: "churned" });
    const before = await customerRow(w.sql, created.id);
    const historyBefore = await historyOf(w.sql, created.id);

    const res = await w.api("upsert_account", { id: created.id, logins: 0, adoption: 5 });
    expect(res.status).toBe(200);
    const client = await w.scoring("rescore_client");
    expect(client.status).toBe(200);
    const after = await customerRow(w.sql, created.id);
    expect(after.logins, "the signals are stored").toBe(0);
    expect(after.score, "but the churned account keeps its last score").toBe(before.score);
    expect(after.status).toBe(before.status);
    expect(after.lifecycle).toBe("churned");
    expect(await historyOf(w.sql, created.id), "and gets no history").toHaveLength(historyBefore.length);
  });

  test("preview scores stored or draft signals with draft weights and writes nothing", async () => {
    const before = await fingerprint();
    const weights = { logins: 50, adoption: 50, tickets: 0, nps: 0, csat: 0, days: 0, growth: 0 };
    const stored = await customerRow(w.sql, id);
    const asOwner = await w.scoring("preview", { customer_id: id, signals: { logins: 30 }, weights });
    expect(asOwner.status).toBe(200);
    const expected = scoreSignals({ logins: 30, adoption: stored.adoption }, { ...defaultSettings, weights });
    expect(asOwner.body.score, "draft signals over stored ones, draft weights").toBeCloseTo(expected.score!, 9);
    expect(asOwner.body.band).toBe(expected.band);

    const asKey = await w.post("scoring", { action: "preview", signals: { logins: 6, nps: "promoter" } }, { "x-api-key": w.apiKey });
    expect(asKey.status, "an API key may preview").toBe(200);
    expect(asKey.body.score).toBeCloseTo(scoreSignals({ logins: 6, nps: null, npsCategory: "promoter" }, defaultSettings).score!, 9);

    expect(await fingerprint(), "customers, history and settings are byte-for-byte unchanged").toEqual(before);
  });
});
