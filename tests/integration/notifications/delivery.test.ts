// Durable delivery (SPEC §6) against real receivers told to fail: retries
// with the same id until the receiver takes it, Retry-After honoured, a
// refusal that stops the rule at once, a receiver down for ten minutes of
// simulated clock, two drains at once, rings while a drain is awake, a hanging receiver beside a healthy
// one, manager scope, a burst folded into one message, and digests.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Protocol, startReceiver, type Receiver } from "../../stack/receivers/receiver.ts";
import { drain, drainProcess, healthy, makeWorld, outboxOf, saveRule, settled, skipBackoff, waitFor, type World } from "./world.ts";

let w: World;
const receivers: Receiver[] = [];
const receiver = async (path?: string, protocol: Protocol = "webhook") => {
  const r = await startReceiver(protocol, path);
  receivers.push(r);
  return r;
};
let n = 0;
/** A customer that turns At Risk in its second write, firing became_at_risk rules. */
async function turnAtRisk(data: Record<string, unknown> = {}) {
  const name = `Sliding ${++n}`;
  await w.api("upsert_account", { name, ...healthy, ...data });
  const res = await w.api("upsert_account", { name, logins: 2, adoption: 10, tickets: 6 });
  expect(["atrisk", "critical"]).toContain(res.body.customer.status);
  return res.body.customer.id as string;
}
const eventIds = (r: Receiver) => r.delivered().flatMap((a) => JSON.parse(a.body).events.map((e: { id: string }) => e.id));

beforeAll(async () => {
  w = await makeWorld("delivery");
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await w.end();
});

describe("retries", () => {
  test("500 three times, then 200: delivered once, four attempts in the log, all with the same webhook-id", async () => {
    const r = await receiver();
    r.behave({ status: 500, times: 3 });
    const rule = await saveRule(w, { name: "Flaky", event: "became_at_risk", channel: "webhook", target: r.url });
    await turnAtRisk();
    const attempts = async () => (await w.sql`select count(*)::int as n from public.notification_attempts where rule_id = ${rule.id}`)[0].n;
    for (let i = 1; i <= 4; i++) {
      if (i > 1) {
        await skipBackoff(w, rule.id);
        await drain(w);
      }
      await waitFor(async () => ((await attempts()) >= i ? true : undefined), 10_000);
    }
    expect(r.arrivals.map((a) => a.headers["webhook-id"])).toEqual(Array(4).fill(r.arrivals[0].headers["webhook-id"]));
    expect(r.delivered()).toHaveLength(1);
    const log = (await w.api("list_deliveries", { rule_id: rule.id })).body.deliveries.reverse();
    expect(log.map((d: { attempt: number; outcome: string; http_status: number }) => [d.attempt, d.outcome, d.http_status]))
      .toEqual([[1, "retry", 500], [2, "retry", 500], [3, "retry", 500], [4, "sent", 204]]);
    expect((await outboxOf(w, rule.id))[0]).toMatchObject({ status: "sent", attempts: 4 });
  });

  test("a 429 with Retry-After waits as long as asked, and holds the lane", async () => {
    const r = await receiver();
    r.behave({ status: 429, times: 1, headers: { "retry-after": "120" } });
    const rule = await saveRule(w, { name: "Rate limited", event: "became_at_risk", channel: "webhook", target: r.url });
    await turnAtRisk();
    await waitFor(async () => ((await outboxOf(w, rule.id))[0]?.last_status === 429 ? true : undefined), 10_000);
    const [row] = await w.sql`select extract(epoch from o.next_attempt_at - now())::int as wait, extract(epoch from l.next_at - now())::int as held
      from public.notification_outbox o join private.notification_lanes l on l.lane = o.lane where o.rule_id = ${rule.id}`;
    expect(row.wait).toBeGreaterThan(110);
    expect(row.wait).toBeLessThanOrEqual(120);
    expect(row.held).toBeGreaterThan(110);
    await drain(w);
    expect(r.arrivals, "nothing is sent before the receiver's time").toHaveLength(1);
  });

  test("a 410 stops at once: one attempt, the rule marked failing, nothing more queued until it is saved again", async () => {
    const r = await receiver();
    r.behave({ status: 410 });
    const saved = { name: "Gone", event: "became_at_risk", channel: "webhook", target: r.url };
    const rule = await saveRule(w, saved);
    await turnAtRisk();
    await waitFor(async () => ((await outboxOf(w, rule.id))[0]?.status === "failed" ? true : undefined), 10_000);
    await skipBackoff(w, rule.id);
    await drain(w);
    expect(r.arrivals).toHaveLength(1);
    const listed = (await w.api("list_alert_rules")).body.rules.find((x: { id: string }) => x.id === rule.id);
    expect(listed).toMatchObject({ failing_reason: "HTTP 410", last_delivery: { outcome: "failed", http_status: 410 } });
    expect(listed.failing_since).toBeTruthy();
    await turnAtRisk();
    expect(await outboxOf(w, rule.id), "a failing rule queues nothing").toHaveLength(1);
    const again = await w.api("save_alert_rule", { id: rule.id, ...saved });
    expect(again.body.rule).toMatchObject({ failing_since: null, failing_reason: null });
  });

  test("a redirect is not followed and stops the rule", async () => {
    const r = await receiver();
    const elsewhere = await receiver("/elsewhere");
    r.behave({ status: 307, headers: { location: elsewhere.url } });
    const rule = await saveRule(w, { name: "Moved", event: "became_at_risk", channel: "webhook", target: r.url });
    await turnAtRisk();
    await waitFor(async () => ((await outboxOf(w, rule.id))[0]?.status === "failed" ? true : undefined), 10_000);
    expect(elsewhere.arrivals).toHaveLength(0);
    expect((await outboxOf(w, rule.id))[0].last_error).toBe("HTTP 307: redirects are not followed");
  });
});

describe("a receiver down for ten minutes", () => {
  test("receives every notification exactly once when it is back", async () => {
    const r = await receiver();
    const rule = await saveRule(w, { name: "Down", event: "became_at_risk", channel: "webhook", target: r.url });
    await r.down();
    for (let i = 0; i < 5; i++) await turnAtRisk();
    const events = await w.sql`select 'evt_' || id as id from public.alert_events where rule_id = ${rule.id}`;
    expect(events).toHaveLength(5);
    // The writes rang the drain: its first attempts are refused.
    await waitFor(async () => ((await w.sql`select 1 from public.notification_attempts where rule_id = ${rule.id}`).length ? true : undefined), 10_000);
    await settled(w, rule.id);
    // Ten minutes of the simulated clock: each minute the due retries are tried, and refused.
    for (let minute = 0; minute < 10; minute++) {
      await skipBackoff(w, rule.id);
      await drain(w);
      await settled(w, rule.id);
    }
    const tried = await w.sql`select count(*)::int as n from public.notification_attempts where rule_id = ${rule.id} and outcome = 'retry'`;
    expect(tried[0].n).toBeGreaterThanOrEqual(10);
    await r.up();
    for (let i = 0; i < 5 && eventIds(r).length < 5; i++) {
      await skipBackoff(w, rule.id);
      await drain(w);
      await settled(w, rule.id);
    }
    expect(eventIds(r).sort()).toEqual(events.map((e) => e.id).sort());
    expect(new Set(eventIds(r)).size).toBe(5);
    const pending = (await outboxOf(w, rule.id)).filter((o) => o.status === "pending");
    expect(pending).toEqual([]);
  });
});

describe("concurrency", () => {
  test("two drains at once never send a delivery twice", async () => {
    const targets = await Promise.all([1, 2, 3, 4].map((i) => receiver(`/d${i}`)));
    for (const t of targets) t.behave({ delayMs: 150 });
    const rules = [];
    for (const [i, t] of targets.entries()) rules.push(await saveRule(w, { name: `Race ${i}`, event: "became_at_risk", channel: "webhook", target: t.url }));
    // Queued by SQL in one transaction (no drain rings until it commits), then drained twice at once.
    const ids = await w.sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', '', true)`;
      const made = [];
      for (let i = 0; i < 12; i++) {
        const [c] = await tx`insert into public.customers (client_id, name, score, status) values (${w.clientId}, ${`Race ${i}`}, 70, 'healthy') returning id`;
        await tx`update public.customers set score = 30, status = 'atrisk' where id = ${c.id}`;
        made.push(c.id);
      }
      return made;
    });
    // In one process a second drain only joins the first, so the others run in processes of their own.
    await Promise.all([drain(w), ...[1, 2].map(() => drainProcess().exited)]);
    await waitFor(async () => (targets.reduce((s, t) => s + eventIds(t).length, 0) >= 48 ? true : undefined), 20_000);
    const seen = targets.flatMap((t) => t.arrivals.map((a) => a.headers["webhook-id"]));
    expect(new Set(seen).size, "each webhook-id arrived once").toBe(seen.length);
    expect(targets.reduce((s, t) => s + eventIds(t).length, 0), "12 customers × 4 rules").toBe(48);
    expect(ids).toHaveLength(12);
    for (const rule of rules) expect((await outboxOf(w, rule.id)).filter((o) => o.status === "pending")).toEqual([]);
  });

  test("a ring while a drain is awake answers at once, and the awake drain sends what it rang for", async () => {
    const slow = await receiver("/slow");
    slow.behave({ delayMs: 8000 });
    const quick = await receiver("/quick");
    const rules = [
      await saveRule(w, { name: "Slow detractors", event: "nps_detractor", channel: "webhook", target: slow.url }),
      await saveRule(w, { name: "Quick detractors", event: "nps_detractor", channel: "webhook", target: quick.url }),
    ];
    await w.api("upsert_account", { name: "Ringing 1", ...healthy });
    await w.api("upsert_account", { name: "Ringing 1", nps: 2 });
    // Its ring woke a drain, which stays awake while the slow receiver takes its time.
    await waitFor(async () => (slow.arrivals.length && quick.delivered().length ? true : undefined), 8_000);
    const rang = Date.now();
    expect(await drain(w, { wake: true }), "a ring only nudges the awake drain").toEqual({ sent: 0, failed: 0 });
    expect(Date.now() - rang, "ms to answer a ring").toBeLessThan(2000);

    await w.api("upsert_account", { name: "Ringing 2", ...healthy });
    const written = Date.now();
    await w.api("upsert_account", { name: "Ringing 2", nps: 2 });
    await waitFor(async () => (quick.delivered().length >= 2 ? true : undefined), 8_000);
    expect(quick.delivered()[1].at - written, "ms to the quick receiver while the slow one still answers").toBeLessThan(3000);
    expect(slow.arrivals[0].answered, "the first slow send is still waiting for its answer").toBe(0);

    // The awake drain goes on with the slow lane's second message once the first is answered.
    const statuses = async () => (await Promise.all(rules.map((rule) => outboxOf(w, rule.id)))).flat().map((o) => o.status);
    await waitFor(async () => ((await statuses()).every((s) => s === "sent") ? true : undefined), 25_000);
    expect(await statuses()).toEqual(["sent", "sent", "sent", "sent"]);
    expect(slow.delivered()).toHaveLength(2);
  });

  test("a hanging receiver delays no other target", async () => {
    const hanging = await receiver("/hang");
    hanging.behave({ delayMs: Infinity });
    const fine = await receiver("/fine");
    await saveRule(w, { name: "Hangs", event: "score_drop", threshold: 15, channel: "webhook", target: hanging.url });
    await saveRule(w, { name: "Fine", event: "score_drop", threshold: 15, channel: "webhook", target: fine.url });
    await w.api("upsert_account", { name: "Dropping", ...healthy });
    const started = Date.now();
    await w.api("upsert_account", { name: "Dropping", logins: 5, adoption: 20 });
    await waitFor(async () => (fine.delivered().length ? true : undefined), 8_000);
    expect(fine.delivered()).toHaveLength(1);
    expect(hanging.arrivals).toHaveLength(1);
    expect(hanging.arrivals[0].answered, "still waiting for its answer").toBe(0);
    expect(fine.delivered()[0].at - started, "ms to the healthy receiver").toBeLessThan(3000);
  });
});

describe("rules", () => {
  test("manager scope: only that manager's customers fire (in any case)", async () => {
    const r = await receiver();
    await saveRule(w, { name: "Sam only", event: "became_at_risk", channel: "webhook", target: r.url, manager: "Sam Lee" });
    const sams = await turnAtRisk({ manager: "sam lee" });
    await turnAtRisk({ manager: "Alex" });
    await turnAtRisk();
    await waitFor(async () => (r.delivered().length ? true : undefined), 8_000);
    await new Promise((ok) => setTimeout(ok, 1500));
    const customers = r.delivered().flatMap((a) => JSON.parse(a.body).events.map((e: { customer: { id: string } }) => e.customer.id));
    expect(customers).toEqual([sams]);
  });

  test("a burst to one target becomes one message carrying every event, within the receiver's pace", async () => {
    const r = await receiver("/burst", "slack");
    const rule = await saveRule(w, { name: "Burst", event: "health_below", threshold: 50, channel: "slack", target: r.url });
    // Twenty customers fall below 50 in one statement: one transaction, one wake-up.
    await w.sql`insert into public.customers (client_id, name, score, status) select ${w.clientId}, 'Burst ' || g, 70, 'healthy' from generate_series(1, 20) g`;
    await w.sql`update public.customers set score = 20, status = 'critical' where client_id = ${w.clientId} and name like 'Burst %'`;
    await waitFor(async () => ((await outboxOf(w, rule.id)).every((o) => o.status !== "pending") ? true : undefined), 10_000);
    const rows = await outboxOf(w, rule.id);
    expect(rows.filter((o) => o.status === "sent")).toHaveLength(1);
    expect(rows.filter((o) => o.status === "merged")).toHaveLength(19);
    expect(r.delivered()).toHaveLength(1);
    expect(JSON.parse(r.delivered()[0].body).blocks[0].text.text).toBe("Burst: Health below threshold — 20 customers");
  });

  test("the daily job fires the events of time once: a renewal that the calendar brought near, a contact gone quiet", async () => {
    const r = await receiver();
    const renewal = await saveRule(w, { name: "Renewal in 30", event: "renewal_approaching", channel: "webhook", target: r.url });
    const quiet = await saveRule(w, { name: "Quiet 14", event: "no_contact", channel: "webhook", target: r.url });
    const id = (await w.api("upsert_account", { name: "Calendar Co", ...healthy, renewal_date: "2031-06-01", days: 3 })).body.customer.id;
    // The calendar moves, no one writes: the renewal comes within 20 days, the last contact 20 days back.
    await w.sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update public.customers set renewal_date = current_date + 20, contact_baseline_at = now() - interval '17 days' where id = ${id}`;
    });
    expect(await outboxOf(w, renewal.id), "no write, so no trigger fired").toHaveLength(0);
    await w.sql`select private.fire_time_alert_rules()`;
    await w.sql`select private.fire_time_alert_rules()`;
    expect(await outboxOf(w, renewal.id), "once, though the job ran twice").toHaveLength(1);
    expect(await outboxOf(w, quiet.id)).toHaveLength(1);
    await waitFor(async () => (r.delivered().length >= 2 ? true : undefined), 8_000);
    expect(r.delivered().map((a) => JSON.parse(a.body).events[0].event).sort()).toEqual(["no_contact", "renewal_approaching"]);
  });

  test("a weekly digest's period ends at its day and time in its time zone", async () => {
    const rule = await saveRule(w, { name: "Weekly", event: "became_at_risk", channel: "webhook", target: "http://127.0.0.1:9/weekly",
      schedule: "weekly", digest_day: 5, digest_time: "09:00", time_zone: "Europe/Berlin", enabled: false });
    const end = async (at: string) => (await w.sql`select private.iso_instant(private.digest_period_end(r, ${at}::timestamptz)) as t
                                                   from public.alert_rules r where r.id = ${rule.id}`)[0].t;
    expect(await end("2026-12-02T12:00:00Z"), "a Wednesday: last Friday's").toBe("2026-11-27T08:00:00.000000Z");
    expect(await end("2026-12-04T07:59:00Z"), "Friday before 09:00 in Berlin: still last week's").toBe("2026-11-27T08:00:00.000000Z");
    expect(await end("2026-12-04T08:00:00Z"), "Friday 09:00 in Berlin").toBe("2026-12-04T08:00:00.000000Z");
    expect(await end("2026-07-03T07:30:00Z"), "summer time: 09:00 in Berlin is 07:00 UTC").toBe("2026-07-03T07:00:00.000000Z");
  });

  test("a daily digest batches the period's events by customer, and a rerun for the period sends nothing", async () => {
    const r = await receiver();
    const rule = await saveRule(w, { name: "Digest", event: "became_at_risk", channel: "webhook", target: r.url, schedule: "daily", digest_time: "08:00", time_zone: "Europe/Berlin" });
    const customers = [await turnAtRisk(), await turnAtRisk()];
    await new Promise((ok) => setTimeout(ok, 1000));
    expect(r.arrivals, "a digest rule sends nothing in real time").toHaveLength(0);
    const tomorrow = await w.sql`select (now() + interval '1 day')::timestamptz as at`;
    const [{ queued }] = await w.sql`select private.queue_digests(${tomorrow[0].at}) as queued`;
    expect(queued).toBeGreaterThanOrEqual(1);
    await drain(w);
    await waitFor(async () => (r.delivered().length ? true : undefined), 8_000);
    const digest = JSON.parse(r.delivered()[0].body);
    expect(digest).toMatchObject({ type: "alert.digest", digest: { schedule: "daily" } });
    expect(digest.digest.until).toMatch(/T0[67]:00:00/); // 08:00 in Berlin is 07:00 UTC in winter
    expect(digest.events.map((e: { customer: { id: string } }) => e.customer.id).sort()).toEqual(customers.sort());
    const [{ again }] = await w.sql`select private.queue_digests(${tomorrow[0].at}) as again`;
    await drain(w);
    await new Promise((ok) => setTimeout(ok, 1000));
    expect((await outboxOf(w, rule.id)).filter((o) => o.kind === "digest")).toHaveLength(1);
    expect(r.arrivals).toHaveLength(1);
    expect(again).toBe(0);
  });
});
