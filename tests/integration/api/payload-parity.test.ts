// A REST hook delivers a customer exactly as list_customers and get_customer
// show it: the same keys, in the same order, with the same values and
// formats. The hook's body is the one a real receiver got over HTTP after the
// notifications function drained the outbox; list and get are read after the
// last write, so all three describe the same state of the customer.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { customerSchema } from "../../../shared/customers/answers.ts";
import { hookPayloadSchema } from "../../../shared/hooks/answers.ts";
import type { ScoringProfile } from "../../../shared/index.ts";
import { waitFor } from "../../stack/wait-for.ts";
import { cronSecret, makeWorld, type World } from "../scoring/world.ts";
import { type HookReceiver, startHookReceiver } from "./hook-receiver.ts";

type Json = Record<string, unknown>;
type Views = { list: Json; get: Json; hook: Json };

let w: World;
let receiver: HookReceiver;
const profile: ScoringProfile = {
  name: `Parity profile ${Math.random().toString(36).slice(2, 8)}`,
  weights: { logins: 30, adoption: 30, tickets: 10, nps: 10, csat: 10, days: 5, growth: 5 },
};
/** Customers chosen so that every field of the shape carries a value somewhere. */
const accounts = {
  scored: {
    name: "Parity \"Quoted\" Ünïcode Co",
    manager: "Dana Díaz",
    tier: "enterprise",
    mrr: 1234.56,
    arr: 14814.72,
    lifecycle: "onboarding",
    tags: ["beta", "vip"],
    renewal_date: "2027-03-31",
    next_touch: "2026-12-15",
    since: "2024-02-29",
    sentiment: "positive",
    scoring_profile: profile.name,
    logins: 18,
    adoption: 62.5,
    nps: "promoter",
    days: 4,
    growth: "mild",
    // tickets and csat stay unknown: missing signals
  },
  manual: { name: "Parity Manual Co", tags: "renewal, at risk", mrr: 99.9, score: 42.5, csat: 3.25, tickets: 2 },
};
/** The write each customer gets after subscribing: the one its delivery reports. */
const changes = {
  scored: { field: "note", value: "Renewal call booked.\nWants SSO — and \"audit logs\"." },
  manual: { field: "manager", value: "Sam O'Neil" },
};
const ids: Record<keyof typeof accounts, string> = { scored: "", manual: "" };
const views = {} as Record<keyof typeof accounts, Views>;
let drained: { status: number; body: unknown };

/** A customer as get_customer shows it, without the two fields only get_customer has. */
function withoutExplanation({ explanation: _e, best_improvement: _b, ...customer }: Json): Json {
  return customer;
}

beforeAll(async () => {
  w = await makeWorld("payload-parity");
  receiver = await startHookReceiver();

  const saved = await w.scoring("save_profile", profile);
  if (saved.status !== 200) throw new Error(`save_profile failed: ${JSON.stringify(saved.body)}`);
  for (const [key, data] of Object.entries(accounts) as [keyof typeof accounts, Json][]) {
    const res = await w.api("upsert_account", data);
    if (res.status !== 201) throw new Error(`seeding ${key} failed: ${JSON.stringify(res.body)}`);
    ids[key] = res.body.customer.id;
  }

  // Subscribed after seeding, so each customer's one delivery is its last change.
  const sub = await w.api("subscribe", { target_url: receiver.url, event: "customer.updated" });
  if (sub.status !== 200) throw new Error(`subscribe failed: ${JSON.stringify(sub.body)}`);
  for (const [key, change] of Object.entries(changes) as [keyof typeof accounts, Json][]) {
    const res = await w.api("update_health", { id: ids[key], ...change });
    if (res.status !== 200) throw new Error(`update_health of ${key} failed: ${JSON.stringify(res.body)}`);
  }

  // The outbox insert also rings the notifications function through pg_net;
  // whichever drain leases a delivery sends it, and only once.
  drained = await w.post("notifications", { action: "drain" }, { "x-cron-secret": await cronSecret(w.sql) });
  await waitFor(async () => (receiver.received.length >= 2 ? true : undefined), 15_000);

  const list = await w.api("list_customers", { limit: 50 });
  if (list.status !== 200) throw new Error(`list_customers failed: ${JSON.stringify(list.body)}`);
  for (const key of Object.keys(accounts) as (keyof typeof accounts)[]) {
    const got = await w.api("get_customer", { id: ids[key] });
    if (got.status !== 200) throw new Error(`get_customer of ${key} failed: ${JSON.stringify(got.body)}`);
    const delivery = receiver.received.map((r) => JSON.parse(r.body)).find((b) => b.customer?.id === ids[key]);
    views[key] = {
      list: list.body.customers.find((c: Json) => c.id === ids[key]),
      get: withoutExplanation(got.body.customer),
      hook: delivery?.customer,
    };
  }
});

afterAll(async () => {
  await receiver?.close();
  await w?.end();
});

describe("REST hook payloads", () => {
  test("draining the outbox POSTs one customer.updated delivery per changed customer to the subscribed URL", () => {
    expect(drained.status, JSON.stringify(drained.body)).toBe(200);
    expect(receiver.received, "one delivery per customer changed after subscribing").toHaveLength(2);
    for (const r of receiver.received) {
      expect(r).toMatchObject({ method: "POST", url: "/hook" });
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["x-pulseboard-event"]).toBe("customer.updated");
      const parsed = hookPayloadSchema.safeParse(JSON.parse(r.body));
      expect(parsed.error?.issues, "the delivered body is a hook payload, customer and all").toBeUndefined();
      expect(parsed.data?.event).toBe("customer.updated");
    }
  });

  test("the customers exercise every field: profile, note, tags, dates, cents, an NPS category, missing signals and a manual score", () => {
    const { scored, manual } = { scored: views.scored.list, manual: views.manual.list };
    expect(scored, "the list shows the customer").toMatchObject({
      scoring_profile: profile.name, note: changes.scored.value, tags: ["beta", "vip"], mrr: 1234.56, arr: 14814.72,
      renewal_date: "2027-03-31", next_touch: "2026-12-15", since: "2024-02-29", nps: null, nps_category: "promoter",
      score_manual: false, days: 4,
    });
    expect(scored.missing_signals, "tickets and csat were never reported").toEqual(expect.arrayContaining(["tickets", "csat"]));
    expect(scored.score_exact, "a stored score with decimals, so rounding shows").not.toBe(scored.score);
    expect(scored.scored_at, "instants in UTC with microseconds and a Z").toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(scored.config_version, "the customer records the configuration that scored it").toEqual(expect.any(Number));
    expect(manual, "the second customer carries a manual score").toMatchObject({ score_manual: true, score: 43, score_exact: 42.5, manager: "Sam O'Neil", csat: 3.25 });
  });

  describe.each(Object.keys(accounts) as (keyof typeof accounts)[])("the %s customer", (key) => {
    test("is a valid customer in list_customers, get_customer and the delivered hook", () => {
      for (const [source, customer] of Object.entries(views[key])) {
        expect(customer, `${source} has the customer`).toBeDefined();
        const parsed = customerSchema.safeParse(customer);
        expect(parsed.error?.issues, `${source}'s customer parses with the one customer schema`).toBeUndefined();
      }
    });

    test("has the same keys in the same order in all three", () => {
      const { list, get, hook } = views[key];
      expect(Object.keys(get), "get_customer lists the fields as list_customers does").toEqual(Object.keys(list));
      expect(Object.keys(hook ?? {}), "the hook lists the fields as list_customers does").toEqual(Object.keys(list));
    });

    test("has the same value in every field in all three", () => {
      const { list, get, hook } = views[key];
      expect(get, "get_customer agrees with list_customers").toStrictEqual(list);
      expect(hook, "the delivered hook agrees with list_customers").toStrictEqual(list);
    });
  });
});
