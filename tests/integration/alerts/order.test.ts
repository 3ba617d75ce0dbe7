// list_alerts' orders are read from indexes on the alert's own copies of its
// ranks and of its customer's MRR and name key (migration 20261203000100):
// each order listed here equals the same order computed from the customers
// themselves, also after a customer's MRR and name change, and the stored
// ranks follow shared/alerts' orders. Filtered lists and their totals agree.
import { alertCategories, alertRules, alertSeverities } from "../../../shared/alerts/rules.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRecordWorld, type RecordWorld } from "../record/record-world.ts";

let w: RecordWorld;
beforeAll(async () => {
  w = await makeRecordWorld("alert-order");
  // Twelve customers with alerts in several categories and severities, MRRs apart and some equal.
  for (let i = 0; i < 12; i++) {
    await w.customer(`Order ${w.suffix} ${String.fromCharCode(65 + ((i * 5) % 12))}`, {
      logins: i % 3 === 0 ? 1 : 20, adoption: i % 4 === 0 ? 10 : 60, tickets: i % 2 ? 4 : 0, mrr: 500 * (i % 5) || null,
      renewal_date: new Date(Date.now() + (5 + i * 7) * 86_400_000).toISOString().slice(0, 10),
    });
  }
});
afterAll(async () => {
  await w?.end();
});

type Listed = { id: string };

async function listed(params: Record<string, unknown>) {
  const res = await w.as(w.manager, "list_alerts", { limit: 500, ...params });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { alerts: Listed[]; total: number };
}

/** The order each sort means, from the customers' own columns. */
const orders: Record<string, string> = {
  priority: "sev, c.mrr desc nulls last, c.name_key, a.id",
  category: "cat, sev, c.mrr desc nulls last, a.id",
  customer: "c.name_key, sev, a.id",
  mrr: "c.mrr desc nulls last, sev, a.id",
};

async function expected(sort: string, where = "") {
  const rows = await w.sql.unsafe(`
    select a.id from public.alerts a join public.customers c on c.id = a.customer_id,
      lateral (select array_position($2::text[], a.category) as cat, array_position($3::text[], a.severity) as sev) r
    where a.client_id = $1 and a.state = 'active' ${where}
    order by ${orders[sort]}`, [w.clientId, [...alertCategories], [...alertSeverities]]);
  return rows.map((r) => r.id);
}

describe("list_alerts' orders", () => {
  it("the stored ranks are shared/alerts' orders of categories and severities", async () => {
    const ranks = await w.sql`
      select r as rule, private.alert_category(r) as category, private.alert_category_rank(r)::int as category_rank
      from unnest(${[...alertRules]}::text[]) r`;
    for (const r of ranks) expect(r.category_rank, r.rule).toBe(alertCategories.indexOf(r.category) + 1);
    const severities = await w.sql`select s, private.alert_severity_rank(s)::int as rank from unnest(${[...alertSeverities]}::text[]) s`;
    expect(severities.map((s) => s.rank)).toEqual(alertSeverities.map((_, i) => i + 1));
  });

  it("each sort lists what the customers' own MRR and names order, before and after they change", async () => {
    const check = async () => {
      for (const sort of Object.keys(orders)) {
        expect((await listed({ sort })).alerts.map((a) => a.id), sort).toEqual(await expected(sort));
      }
    };
    await check();
    // The cheapest customer becomes the dearest, and the last name the first.
    const [cheap] = await w.sql`select name from public.customers where client_id = ${w.clientId} order by mrr nulls first, name_key limit 1`;
    await w.api("upsert_account", { name: cheap.name, mrr: 99_000 });
    const [last] = await w.sql`select id from public.customers where client_id = ${w.clientId} order by name_key desc limit 1`;
    expect((await w.as(w.manager, "upsert_account", { id: last.id, name: `AAA first ${w.suffix}` })).status).toBe(200);
    await check();
    const [first] = (await listed({ sort: "customer" })).alerts;
    const [{ customer_id }] = await w.sql`select customer_id from public.alerts where id = ${first.id}`;
    expect(customer_id, "the renamed customer's alerts come first by name").toBe(last.id);
  });

  it("a category or severity filter lists that part of the order, its total counted right", async () => {
    for (const category of ["engagement", "tickets", "renewal"]) {
      const page = await listed({ sort: "category", category });
      const want = await expected("category", `and a.category = '${category}'`);
      expect(page.alerts.map((a) => a.id), category).toEqual(want);
      expect(page.total, category).toBe(want.length);
    }
    const critical = await listed({ severity: "critical" });
    const want = await expected("priority", "and a.severity = 'critical'");
    expect(critical.alerts.map((a) => a.id)).toEqual(want);
    expect(critical.total).toBe(want.length);
    expect(want.length, "the fixture has critical alerts").toBeGreaterThan(0);
  });
});
