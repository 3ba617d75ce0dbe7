// Daily rollups: every stored day equals the same figure computed straight
// from score history (each live customer's last entry by the end of the
// day), per segment; an insert of past history marks the client stale and
// the refresh job rebuilds it; today is the customers table itself.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;
const DAY = 86_400_000;
const dayAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);

// Each account's history: [days ago, score, status, logins]. Two entries on one day: the later one counts.
const accounts = [
  { name: "Alder Dental", manager: "Ana Ruiz", tier: "smb", tags: ["vip"], mrr: 500,
    history: [[20, 40, "atrisk", 3], [12, 55, "watch", 9], [12, 58, "watch", 10], [3, 72, "healthy", 20]] },
  { name: "Basalt Law", manager: "Ana Ruiz", tier: "mid", tags: ["vip", "emea"], mrr: 2500,
    history: [[15, 20, "critical", 1], [5, 35, "atrisk", 4]] },
  { name: "Cobble Freight", manager: "Ben Okafor", tier: "enterprise", tags: [], mrr: 9000,
    history: [[10, 85, "expansion", 30]] },
  { name: "Dray Gone", manager: "Ben Okafor", tier: "mid", tags: ["vip"], mrr: 7777, lifecycle: "churned",
    history: [[14, 10, "critical", 0]] },
] as const;

/** The independent figures of one day: from history, for live customers matching `where`. */
async function direct(day: string, segment: { dimension: string; segment: string }) {
  const [row] = await w.sql`
    with last as (
      select c.id, c.manager, c.tier, c.tags, c.mrr,
             (select h.score::float8 from public.score_history h where h.customer_id = c.id
                and h.created_at < (${day}::date + 1)::timestamp at time zone 'utc' order by h.created_at desc, h.id desc limit 1) as score,
             (select h.status from public.score_history h where h.customer_id = c.id
                and h.created_at < (${day}::date + 1)::timestamp at time zone 'utc' order by h.created_at desc, h.id desc limit 1) as status,
             (select (h.signals ->> 'logins')::float8 from public.score_history h where h.customer_id = c.id
                and h.created_at < (${day}::date + 1)::timestamp at time zone 'utc' order by h.created_at desc, h.id desc limit 1) as logins,
             exists (select 1 from public.score_history h where h.customer_id = c.id
                and h.created_at < (${day}::date + 1)::timestamp at time zone 'utc') as present
      from public.customers c
      where c.client_id = ${w.clientId} and c.deleted_at is null and c.lifecycle <> 'churned'
    )
    select count(*)::int as customers, avg(score) as average, avg(logins) as logins, coalesce(sum(mrr), 0)::float8 as mrr,
           count(*) filter (where status = 'critical')::int as critical, count(*) filter (where status = 'healthy')::int as healthy
    from last
    where present and case ${segment.dimension}
      when 'all' then true when 'manager' then manager = ${segment.segment} when 'tier' then tier = ${segment.segment}
      when 'tag' then (case when ${segment.segment} = '' then cardinality(tags) = 0 else ${segment.segment} = any (tags) end) end`;
  return row;
}

async function stored(day: string, segment: { dimension: string; segment: string }) {
  const [row] = await w.sql`
    select customers, case when scored > 0 then score_sum / scored end as average,
           case when logins_n > 0 then logins_sum / logins_n end as logins, mrr, critical, healthy
    from public.daily_rollups
    where client_id = ${w.clientId} and dimension = ${segment.dimension} and segment = ${segment.segment} and day = ${day}`;
  return row ?? { customers: 0, average: null, logins: null, mrr: 0, critical: 0, healthy: 0 };
}

const segments = [
  { dimension: "all", segment: "" }, { dimension: "manager", segment: "Ana Ruiz" }, { dimension: "manager", segment: "Ben Okafor" },
  { dimension: "tier", segment: "mid" }, { dimension: "tag", segment: "vip" }, { dimension: "tag", segment: "" },
];

async function expectEveryDayMatches(days: number) {
  for (let n = days; n >= 1; n--) {
    for (const s of segments) {
      const [a, b] = [await stored(dayAgo(n), s), await direct(dayAgo(n), s)];
      const label = `${s.dimension} ${s.segment || "(none)"} on ${dayAgo(n)}`;
      expect(a.customers, `${label}: customers`).toBe(b.customers);
      if (b.customers === 0) continue;
      expect(a.average, `${label}: average score`).toBeCloseTo(b.average, 6);
      expect(a.logins, `${label}: average logins`).toBeCloseTo(b.logins, 6);
      expect(a.mrr, `${label}: MRR`).toBeCloseTo(b.mrr, 6);
      expect([a.critical, a.healthy], `${label}: band counts`).toEqual([b.critical, b.healthy]);
    }
  }
}

beforeAll(async () => {
  w = await makeWorld("rollups");
  for (const a of accounts) {
    const [c] = await w.sql`insert into public.customers (client_id, name, manager, tier, tags, mrr, lifecycle)
      values (${w.clientId}, ${a.name}, ${a.manager}, ${a.tier}, ${a.tags as unknown as string[]}, ${a.mrr}, ${"lifecycle" in a ? a.lifecycle : "active"})
      returning id`;
    for (const [ago, score, status, logins] of a.history) {
      await w.sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
        values (${w.clientId}, ${c.id}, ${score}, ${status}, 'signals', ${w.sql.json({ logins })},
                now() - ${ago} * interval '1 day' + ${score} * interval '1 second')`;
    }
  }
  await w.sql`select private.rebuild_rollups(${w.clientId})`;
});
afterAll(() => w.end());

describe("daily rollups", () => {
  test("every stored day equals each live customer's last history entry of that day, per segment; the churned account counts nowhere", async () => {
    await expectEveryDayMatches(22);
    const [{ days }] = await w.sql`select count(*)::int as days from public.daily_rollups where client_id = ${w.clientId} and dimension = 'all'`;
    expect(days, "one row a day from the first entry (20 days ago) to yesterday").toBe(20);
  });

  test("an account's figures count from its first entry and carry over quiet days", async () => {
    expect((await stored(dayAgo(11), { dimension: "manager", segment: "Ben Okafor" })).customers, "Cobble is not scored yet 11 days ago").toBe(0);
    const ben = await stored(dayAgo(1), { dimension: "manager", segment: "Ben Okafor" });
    expect([ben.customers, ben.average, ben.mrr], "Cobble's one entry 10 days ago still holds yesterday").toEqual([1, 85, 9000]);
  });

  test("an insert of history dated in the past marks the client stale from that day, and the refresh job rebuilds it", async () => {
    const [cobble] = await w.sql`select id from public.customers where client_id = ${w.clientId} and name = 'Cobble Freight'`;
    await w.sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
      values (${w.clientId}, ${cobble.id}, 30, 'atrisk', 'backfill', ${w.sql.json({ logins: 2 })}, now() - interval '7 days')`;
    const [state] = await w.sql`select stale_from::text from public.daily_rollup_state where client_id = ${w.clientId}`;
    expect(state.stale_from, "the backfilled day is marked").toBe(dayAgo(7));

    const rebuilt = await w.sql`select private.refresh_rollups() as n`;
    expect(rebuilt[0].n, "the job rebuilt at least this client").toBeGreaterThan(0);
    const [after] = await w.sql`select stale_from, built_through::text from public.daily_rollup_state where client_id = ${w.clientId}`;
    expect([after.stale_from, after.built_through], "the mark is cleared and the rollups reach yesterday").toEqual([null, dayAgo(1)]);
    expect((await stored(dayAgo(2), { dimension: "manager", segment: "Ben Okafor" })).average, "the backfilled score holds from its day on").toBe(30);
    await expectEveryDayMatches(22);
  });

  test("a write of today marks nothing: today is read from the customers themselves", async () => {
    const [alder] = await w.sql`update public.customers set score = 91, status = 'expansion', logins = 28
      where client_id = ${w.clientId} and name = 'Alder Dental' returning id`;
    await w.sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals)
      values (${w.clientId}, ${alder.id}, 91, 'expansion', 'signals', ${w.sql.json({ logins: 28 })})`;
    const [state] = await w.sql`select stale_from from public.daily_rollup_state where client_id = ${w.clientId}`;
    expect(state.stale_from, "no mark for an entry of today").toBeNull();
    const [today] = await w.sql`select customers, expansion from private.rollup_today(${w.clientId}, 'manager') where segment = 'Ana Ruiz'`;
    expect([today.customers, today.expansion], "Alder's new band shows at once").toEqual([2, 1]);
  });

  test("a customer moved to another manager takes its history along at the next rebuild", async () => {
    await w.sql`update public.customers set manager = 'Ben Okafor' where client_id = ${w.clientId} and name = 'Basalt Law'`;
    await w.sql`select private.rebuild_rollups(${w.clientId})`;
    expect((await stored(dayAgo(14), { dimension: "manager", segment: "Ben Okafor" })).customers, "Basalt's history is Ben's now").toBe(1);
    expect((await stored(dayAgo(14), { dimension: "manager", segment: "Ana Ruiz" })).customers, "and no longer Ana's").toBe(1);
    await expectEveryDayMatches(22);
  });

  test("pg_cron runs the refresh every five minutes", async () => {
    const [job] = await w.sql`select schedule, command from cron.job where jobname = 'pulseboard-rollups'`;
    expect(job, "the job is scheduled").toEqual({ schedule: "*/5 * * * *", command: "select private.refresh_rollups()" });
  });
});
