// Stored alerts keep their state across recomputation: a write that crosses
// a threshold raises exactly one alert, snooze and dismiss survive rescores
// and the daily jobs, a snooze ends by itself, a dismissed alert returns only
// after its condition cleared; bulk actions change a selection whole or not
// at all; readers of another client see nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRecordWorld, refusal, type RecordWorld } from "../record/record-world.ts";
import { cronSecret } from "../scoring/world.ts";

let w: RecordWorld;
const dayMs = 86_400_000;

beforeAll(async () => {
  w = await makeRecordWorld("alert-state");
});
afterAll(async () => {
  await w?.end();
});

/** The customer's stored alerts of one rule, every state, oldest first. */
const stored = (customerId: string, rule: string) =>
  w.sql`select id, state, severity, facts, resolved_by from public.alerts
        where customer_id = ${customerId} and rule = ${rule} order by raised_at, id`;

const push = async (name: string, fields: Record<string, unknown>) => {
  const res = await w.api("upsert_account", { name, ...fields });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body.customer.id as string;
};

describe("alerts follow their customer", () => {
  it("a write that crosses the ticket threshold raises exactly one alert, and a second write keeps it one", async () => {
    const name = `Tickets ${w.suffix}`;
    const id = await push(name, { logins: 20, adoption: 60, tickets: 2 });
    expect(await stored(id, "tickets"), "2 tickets are under the threshold of 3").toEqual([]);
    await push(name, { tickets: 4 });
    const [first, ...more] = await stored(id, "tickets");
    expect(more, "one alert for the rule").toEqual([]);
    expect(first).toMatchObject({ state: "active", severity: "critical", facts: { tickets: 4, threshold: 3 } });
    await push(name, { tickets: 5 });
    const again = await stored(id, "tickets");
    expect(again, "the same alert, updated with the new count").toMatchObject([{ id: first.id, state: "active", facts: { tickets: 5 } }]);

    const listed = await w.api("list_alerts", { customer_id: id });
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const alert = listed.body.alerts.find((a: { rule: string }) => a.rule === "tickets");
    expect(alert, "an API key reads the alert with its words").toMatchObject({
      title: "High ticket load", reason: "5 open support tickets (alert at 3 or more).", customer_name: name,
    });
  });

  it("a snooze survives a rescore, the decay job and the daily recomputation, and ends by itself", async () => {
    const name = `Snoozed ${w.suffix}`;
    const id = await push(name, { logins: 2, adoption: 60, tickets: 0 });
    const [alert] = await stored(id, "low_logins");
    const snoozed = await w.as(w.manager, "snooze_alerts", { ids: [alert.id], days: 7, reason: "On holiday until next week" });
    expect(snoozed.status, JSON.stringify(snoozed.body)).toBe(200);
    expect(snoozed.body).toEqual({ updated: 1, ids: [alert.id] });

    await push(name, { logins: 3 });
    expect(await w.scoring("rescore_customer", { customer_id: id })).toMatchObject({ status: 200 });
    const decay = await w.post("scoring", { action: "decay" }, { "x-cron-secret": await cronSecret(w.sql) });
    expect(decay.status, JSON.stringify(decay.body)).toBe(200);
    await w.sql`select private.refresh_alerts()`;
    expect(await stored(id, "low_logins"), "still one alert, still snoozed, with the new count")
      .toMatchObject([{ id: alert.id, state: "snoozed", facts: { logins: 3 } }]);
    const active = await w.as(w.manager, "list_alerts", { customer_id: id });
    expect(active.body.alerts.map((a: { id: string }) => a.id), "a snoozed alert is not in the active list").not.toContain(alert.id);
    expect(active.body.summary.snoozed).toBe(1);

    // Eight days later the daily job runs: the snooze has ended.
    await w.sql`select private.refresh_alerts(${new Date(Date.now() + 8 * dayMs)})`;
    expect(await stored(id, "low_logins")).toMatchObject([{ id: alert.id, state: "active" }]);
    const back = await w.as(w.manager, "list_alerts", { customer_id: id });
    expect(back.body.alerts.map((a: { id: string }) => a.id), "the alert is back in the active list").toContain(alert.id);
  });

  it("a dismissed alert stays dismissed while its condition holds, and returns only after it cleared", async () => {
    const name = `Dismissed ${w.suffix}`;
    const id = await push(name, { logins: 20, adoption: 60, tickets: 4 });
    const [alert] = await stored(id, "tickets");
    expect((await w.as(w.owner, "dismiss_alerts", { ids: [alert.id], reason: "Known outage" })).status).toBe(200);
    await push(name, { tickets: 6 });
    expect(await stored(id, "tickets"), "a rescore with more tickets keeps it dismissed").toMatchObject([{ id: alert.id, state: "dismissed" }]);

    await push(name, { tickets: 0 });
    expect(await stored(id, "tickets"), "cleared by the write: resolved, kept, by an API key's change")
      .toMatchObject([{ id: alert.id, state: "resolved", resolved_by: "api_key" }]);
    await push(name, { tickets: 3 });
    const rows = await stored(id, "tickets");
    expect(rows.map((r) => r.state), "the returning condition raises a new, active alert").toEqual(["resolved", "active"]);
    expect(rows[1].id).not.toBe(alert.id);
  });

  it("churned customers have no alerts: theirs resolve", async () => {
    const name = `Churning ${w.suffix}`;
    const id = await push(name, { logins: 1, adoption: 10, tickets: 4 });
    expect((await w.sql`select 1 from public.alerts where customer_id = ${id} and state = 'active'`).length).toBeGreaterThan(1);
    await push(name, { lifecycle: "churned" });
    expect(await w.sql`select rule from public.alerts where customer_id = ${id} and state <> 'resolved'`).toEqual([]);
  });
});

describe("bulk actions", () => {
  it("snooze a selection whole, wake it, and record each action with its author", async () => {
    const ids = [];
    for (const i of [1, 2, 3]) ids.push(await push(`Bulk ${i} ${w.suffix}`, { logins: 1, adoption: 60 }));
    const alerts = (await w.sql`select id from public.alerts where customer_id = any (${ids}::uuid[]) and rule = 'low_logins'`).map((r) => r.id);
    expect(alerts).toHaveLength(3);
    const snoozed = await w.as(w.manager, "snooze_alerts", { ids: alerts, days: 1 });
    expect(snoozed.body.updated).toBe(3);
    const woken = await w.as(w.manager, "wake_alerts", { ids: alerts });
    expect(woken.body.updated).toBe(3);
    const actions = await w.sql`select action, author_email from public.alert_actions where alert_id = any (${alerts}::uuid[]) order by created_at`;
    expect(actions.map((a) => a.action).sort()).toEqual(["snooze", "snooze", "snooze", "wake", "wake", "wake"]);
    expect(new Set(actions.map((a) => a.author_email))).toEqual(new Set([w.manager.email]));
    const [{ n }] = await w.sql`select count(*)::int as n from public.audit_log where table_name = 'alert_actions' and row_id in
                                (select id from public.alert_actions where alert_id = any (${alerts}::uuid[]))`;
    expect(n, "every action is in the audit log").toBe(6);
  });

  it("refuses bad input by field and changes nothing when one alert of the selection cannot take it", async () => {
    const id = await push(`Refusals ${w.suffix}`, { logins: 1 });
    const [alert] = await stored(id, "low_logins");
    expect(refusal(await w.as(w.owner, "snooze_alerts", { ids: [alert.id], days: 3 }))).toEqual({ status: 400, field: "days" });
    expect(refusal(await w.as(w.owner, "snooze_alerts", { ids: ["nope"], days: 1 }))).toMatchObject({ status: 400 });
    expect(refusal(await w.as(w.owner, "snooze_alerts", { ids: [], days: 1 }))).toEqual({ status: 400, field: "ids" });
    expect(refusal(await w.as(w.owner, "wake_alerts", { ids: [alert.id] })), "an active alert cannot be woken").toEqual({ status: 404, field: "ids" });
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect(refusal(await w.as(w.owner, "dismiss_alerts", { ids: [alert.id, unknown] }))).toEqual({ status: 404, field: "ids" });
    expect(await stored(id, "low_logins"), "nothing was dismissed").toMatchObject([{ state: "active" }]);
    expect(refusal(await w.as(w.owner, "list_alerts", { state: "asleep" }))).toEqual({ status: 400, field: "state" });
  });

  it("a viewer reads alerts but may not act on them; an API key may read but not act", async () => {
    const id = await push(`Viewer ${w.suffix}`, { logins: 1 });
    const [alert] = await stored(id, "low_logins");
    expect((await w.as(w.viewer, "list_alerts", { customer_id: id })).status).toBe(200);
    expect((await w.as(w.viewer, "snooze_alerts", { ids: [alert.id], days: 1 })).status).toBe(403);
    expect((await w.api("snooze_alerts", { ids: [alert.id], days: 1 })).status).toBeGreaterThanOrEqual(400);
    expect(await stored(id, "low_logins")).toMatchObject([{ state: "active" }]);
  });
});

describe("tenancy", () => {
  it("another agency's owner and API key see none of this client's alerts", async () => {
    const id = await push(`Private ${w.suffix}`, { logins: 1, tickets: 5 });
    const [alert] = await stored(id, "tickets");
    const crossing = await w.as(w.other.ownerToken, "list_alerts", {});
    expect(crossing.status, "naming our client is refused").toBeGreaterThanOrEqual(400);
    const theirs = await w.other.api("list_alerts", {});
    expect(theirs.status).toBe(200);
    expect(theirs.body.alerts.map((a: { id: string }) => a.id)).not.toContain(alert.id);
    expect(theirs.body.summary.active, "their client has no alerts at all").toBe(0);
    const snooze = await w.as(w.other.ownerToken, "snooze_alerts", { ids: [alert.id], days: 1 }, w.other.clientId);
    expect(refusal(snooze), "our alert is not found in their client").toEqual({ status: 404, field: "ids" });
  });
});
