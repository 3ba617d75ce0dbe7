// The Alerts page's answers (its alerts, summary, per-category totals) are reused while
// nothing changed (decision 014, migration 20261202021000): each read here
// follows a read that filled the cache, and every kind of change shows in
// the next read at once — a write that raises an alert, a snooze, a
// dismissal, a change of MRR (copied onto the alerts), a snooze that ends with
// no write at all — always equal to the figures counted afresh.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRecordWorld, type RecordWorld } from "../record/record-world.ts";

let w: RecordWorld;
beforeAll(async () => {
  w = await makeRecordWorld("alert-figures");
});
afterAll(async () => {
  await w?.end();
});

const push = async (name: string, fields: Record<string, unknown>) => {
  const res = await w.api("upsert_account", { name, ...fields });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body.customer.id as string;
};

type Listed = { id: string; customer_id: string; rule: string; state: string; mrr: number | null };

/** What the page shows, read by a user (the API key's reads share the cache: same client). */
async function figures() {
  const res = await w.as(w.manager, "list_alerts", {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { summary: res.body.summary, categories: res.body.categories, total: res.body.total, alerts: res.body.alerts as Listed[] };
}

/** The same figures counted now from the tables. */
async function counted() {
  const [summary] = await w.sql`
    select count(*) filter (where state = 'active' or (state = 'snoozed' and snoozed_until <= now()))::int as active,
           count(*) filter (where (state = 'active' or (state = 'snoozed' and snoozed_until <= now()))
                            and rule = 'health' and severity = 'critical')::int as critical_risk,
           count(*) filter (where (state = 'active' or (state = 'snoozed' and snoozed_until <= now())) and rule = 'renewal')::int as renewing,
           count(*) filter (where state = 'snoozed' and snoozed_until > now())::int as snoozed
    from public.alerts where client_id = ${w.clientId} and state <> 'resolved'`;
  const categories = await w.sql`
    select a.category, count(*)::int as count, count(*) filter (where a.severity = 'critical')::int as critical,
           count(distinct a.customer_id)::int as customers,
           coalesce((select sum(c.mrr) from public.customers c where c.id in (
             select b.customer_id from public.alerts b where b.client_id = ${w.clientId} and b.category = a.category
               and (b.state = 'active' or (b.state = 'snoozed' and b.snoozed_until <= now())))), 0)::float8 as mrr
    from public.alerts a
    where a.client_id = ${w.clientId} and (a.state = 'active' or (a.state = 'snoozed' and a.snoozed_until <= now()))
    group by a.category`;
  return { summary, categories: [...categories] };
}

async function expectFresh() {
  const shown = await figures();
  const truth = await counted();
  expect(shown.summary).toEqual(truth.summary);
  expect([...shown.categories].sort((a, b) => a.category.localeCompare(b.category)))
    .toEqual(truth.categories.sort((a, b) => a.category.localeCompare(b.category)));
  expect(shown.total, "the unfiltered total is the active count").toBe(truth.summary.active);
  return shown;
}

const engagement = (f: Awaited<ReturnType<typeof figures>>) =>
  f.categories.find((c: { category: string }) => c.category === "engagement") ?? { count: 0, mrr: 0 };

describe("the Alerts page's figures", () => {
  it("follow every change at once, though they are reused while nothing changed", async () => {
    await push(`Steady ${w.suffix}`, { logins: 1, adoption: 60, mrr: 1000 });
    const before = await expectFresh();
    expect(await figures(), "a second read while nothing changed gives the same").toEqual(before);

    const id = await push(`Quiet logins ${w.suffix}`, { logins: 1, adoption: 60, mrr: 2000 });
    const raised = await expectFresh();
    expect(engagement(raised).count, "the new low-logins alert is counted").toBe(engagement(before).count + 1);
    expect(engagement(raised).mrr).toBe(engagement(before).mrr + 2000);

    // The open alerts carry the customer's MRR for their order (migration 20261203000100): it is copied, the facts did not move.
    const copies = () => w.sql`select rule, mrr::float8 as mrr, changed_at from public.alerts where customer_id = ${id} and state <> 'resolved' order by rule`;
    const unchanged = await copies();
    await push(`Quiet logins ${w.suffix}`, { mrr: 2500 });
    expect(await copies(), "the new MRR is on every open alert of the customer, their changed_at as it was")
      .toEqual(unchanged.map((a) => ({ ...a, mrr: 2500 })));
    const repriced = await expectFresh();
    expect(engagement(repriced).mrr, "a change of MRR alone moves the totals").toBe(engagement(before).mrr + 2500);
    const lowLogins = (f: Awaited<ReturnType<typeof figures>>) => f.alerts.find((a) => a.customer_id === id && a.rule === "low_logins");
    expect(lowLogins(repriced), "and the listed alert's MRR").toMatchObject({ state: "active", mrr: 2500 });

    const [alert] = await w.sql`select id from public.alerts where customer_id = ${id} and rule = 'low_logins' and state = 'active'`;
    expect((await w.as(w.manager, "snooze_alerts", { ids: [alert.id], days: 7 })).status).toBe(200);
    const snoozed = await expectFresh();
    expect(snoozed.summary.snoozed).toBe(raised.summary.snoozed + 1);
    expect(snoozed.summary.active).toBe(raised.summary.active - 1);
    expect(lowLogins(snoozed), "the snoozed alert leaves the active list").toBeUndefined();

    // The snooze ends with no write at all (triggers off, as if a week went by): it counts as active at once.
    await w.sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update public.alerts set snoozed_until = now() - interval '1 second' where id = ${alert.id}`;
    });
    const woken = await expectFresh();
    expect(woken.summary).toMatchObject({ snoozed: raised.summary.snoozed, active: raised.summary.active });
    expect(lowLogins(woken), "and is listed as active again").toMatchObject({ state: "active" });

    expect((await w.as(w.manager, "dismiss_alerts", { ids: [alert.id] })).status).toBe(200);
    const dismissed = await expectFresh();
    expect(dismissed.summary.active).toBe(raised.summary.active - 1);
    expect(lowLogins(dismissed)).toBeUndefined();
  });

  it("are another client's own: a reader elsewhere sees none of them", async () => {
    await figures();
    const theirs = await w.as(w.other.ownerToken, "list_alerts", {}, w.other.clientId);
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(200);
    expect(theirs.body.summary).toEqual({ active: 0, critical_risk: 0, renewing: 0, snoozed: 0 });
    expect(theirs.body.categories).toEqual([]);
  });
});
