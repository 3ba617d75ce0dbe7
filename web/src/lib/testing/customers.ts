// Test fixtures for the dashboard: a customer in the shared answer shape, and
// one scored the way the server scores it, so state classes can be tested on
// the answers they really get.
import { type CustomerDetail, customerDetailSchema } from "@shared/customers/answers.ts";
import { scoreSignals, type Settings } from "@shared/index.ts";

/** A customer as get_customer answers it; parsed, so a fixture never drifts from the schema. */
export function makeCustomer(overrides: Partial<CustomerDetail> = {}): CustomerDetail {
  return customerDetailSchema.parse({
    id: "5d4a1c36-9f5e-4f7e-8d35-1b8f2e0f6a01",
    version: 3,
    change_id: 1042,
    name: "Acme Corp",
    manager: "Dana Whitfield",
    tier: "mid",
    mrr: 1250,
    arr: 15000,
    lifecycle: "active",
    tags: [],
    renewal_date: "2026-09-30",
    next_touch: null,
    since: null,
    sentiment: null,
    note: null,
    scoring_profile: null,
    score: null,
    score_exact: null,
    status: null,
    previous_score: null,
    score_manual: false,
    missing_signals: [],
    logins: 12,
    adoption: 55,
    tickets: 2,
    nps: 8,
    nps_category: "passive",
    csat: null,
    days: 20,
    growth: "mild",
    scored_at: "2026-03-02T10:00:00.000Z",
    config_version: 1,
    created_at: "2026-01-05T09:00:00.000Z",
    updated_at: "2026-03-02T10:00:00.000Z",
    deleted_at: null,
    explanation: [],
    best_improvement: null,
    ...overrides,
  });
}

/** A customer whose stored score, band and explanation are the engine's under `settings`, as the server stores them. */
export function makeScoredCustomer(settings: Settings, overrides: Partial<CustomerDetail> = {}): CustomerDetail {
  const customer = makeCustomer(overrides);
  const result = scoreSignals({
    logins: customer.logins,
    adoption: customer.adoption,
    tickets: customer.tickets,
    nps: customer.nps,
    npsCategory: customer.nps_category,
    csat: customer.csat,
    days: customer.days,
    growth: customer.growth,
  }, settings);
  return {
    ...customer,
    score: result.displayScore,
    score_exact: result.score,
    status: result.band,
    missing_signals: result.missing,
    explanation: result.explanation,
    best_improvement: result.bestImprovement,
  };
}
