// Trends and Segments over HTTP as the client's owner: every line equals the
// same figure computed here by independent SQL over score history and the
// customers; a settings change is marked on the chart; bad input is a 400
// naming the field; another agency's owner cannot read the client.
import { priorityScore } from "../../../shared/index.ts";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;
let other: World;
const DAY = 86_400_000;
const dayAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
const ids = new Map<string, string>();

const asOwner = (world: World, action: string, data: Record<string, unknown> = {}) =>
  world.post("api-inbound", { action, data: { client_id: w.clientId, ...data } }, { authorization: `Bearer ${world.ownerToken}` });

const accounts = [
  { name: "Alder Dental", manager: "Ana Ruiz", tier: "smb", tags: ["vip"], mrr: 500, renewal: 20,
    history: [[40, 40, "atrisk", 3], [12, 58, "watch", 10], [3, 72, "healthy", 20]] },
  { name: "Basalt Law", manager: "Ana Ruiz", tier: "mid", tags: ["vip", "emea"], mrr: 2500, renewal: 200,
    history: [[15, 20, "critical", 1], [5, 35, "atrisk", 4]] },
  { name: "Cobble Freight", manager: "Ben Okafor", tier: "enterprise", tags: [], mrr: 9000, renewal: 60,
    history: [[10, 85, "expansion", 30]] },
] as const;

/** The average score of live customers (optionally one manager's) at the end of `day`, from history alone. */
async function averageOn(day: string, manager: string | null = null): Promise<number | null> {
  const [row] = await w.sql`
    select avg((select h.score::float8 from public.score_history h where h.customer_id = c.id
                and h.created_at < (${day}::date + 1)::timestamp at time zone 'utc' order by h.created_at desc, h.id desc limit 1)) as v
    from public.customers c
    where c.client_id = ${w.clientId} and c.deleted_at is null and c.lifecycle <> 'churned'
      and (${manager}::text is null or c.manager = ${manager})`;
  return row.v;
}

beforeAll(async () => {
  [w, other] = await Promise.all([makeWorld("trends"), makeWorld("trends-other")]);
  for (const a of accounts) {
    const [c] = await w.sql`insert into public.customers (client_id, name, manager, tier, tags, mrr, lifecycle, renewal_date, score, status, logins)
      values (${w.clientId}, ${a.name}, ${a.manager}, ${a.tier}, ${a.tags as unknown as string[]}, ${a.mrr}, 'active',
              current_date + ${a.renewal}::int, ${a.history.at(-1)![1]}, ${a.history.at(-1)![2]}, ${a.history.at(-1)![3]})
      returning id`;
    ids.set(a.name, c.id);
    for (const [ago, score, status, logins] of a.history) {
      await w.sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
        values (${w.clientId}, ${c.id}, ${score}, ${status}, 'signals', ${w.sql.json({ logins })}, now() - ${ago} * interval '1 day')`;
    }
  }
  await w.sql`select private.rebuild_rollups(${w.clientId})`;
});
afterAll(async () => { await w.end(); await other.end(); });

describe("Trends", () => {
  test("each day of the 30-day line is the average score of that day's history, and today the customers' own scores", async () => {
    const r = await asOwner(w, "get_trends", { range: "30d" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.series, "one point a day, today included").toHaveLength(30);
    for (const p of r.body.series.slice(0, -1)) {
      const want = await averageOn(p.day);
      if (want === null) expect(p.value, `${p.day} has no figures`).toBeNull();
      else expect(p.value, `average score on ${p.day}`).toBeCloseTo(want, 6);
    }
    const [{ v }] = await w.sql`select avg(score)::float8 as v from public.customers where client_id = ${w.clientId}`;
    expect(r.body.series.at(-1).value, "today is the live average").toBeCloseTo(v, 6);
    expect(r.body.insights[0], "the insight states the move over the range").toMatch(/^Health score (rose|fell|held)/);
  });

  test("a second metric, a manager overlay and a customer overlay are drawn beside the portfolio", async () => {
    const r = await asOwner(w, "get_trends", { range: "30d", secondary: "mrr", manager: "Ana Ruiz", customers: ids.get("Cobble Freight") });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.managers, "the managers one can overlay").toEqual(["Ana Ruiz", "Ben Okafor"]);
    const day = dayAgo(4);
    const at = r.body.series.find((p: any) => p.day === day);
    expect(at.secondary, "MRR four days ago: every account already scored").toBe(12000);
    const ana = r.body.manager.points.find((p: any) => p.day === day);
    expect(ana.value, "Ana's portfolio average four days ago").toBeCloseTo((await averageOn(day, "Ana Ruiz"))!, 6);
    const [cobble] = r.body.customers;
    expect(cobble.name).toBe("Cobble Freight");
    expect(cobble.points.find((p: any) => p.day === dayAgo(11)).value, "before its first entry Cobble has no score").toBeNull();
    expect(cobble.points.find((p: any) => p.day === dayAgo(9)).value, "after it, its score").toBe(85);
  });

  test("a change of the scoring settings is marked on the day it happened, with an insight saying so", async () => {
    await w.sql`update public.client_settings set weights = weights || '{"logins": 30, "adoption": 20}' where client_id = ${w.clientId}`;
    const r = await asOwner(w, "get_trends", { range: "7d" });
    const [{ version }] = await w.sql`select version from public.client_settings where client_id = ${w.clientId}`;
    expect(r.body.markers.map((m: any) => [m.day, m.version]), "one marker, today, for the new version").toEqual([[dayAgo(0), version]]);
    expect(r.body.insights.some((s: string) => s.includes(`version ${version}`)), "an insight names the change").toBe(true);
  });

  test("the score-change table lists the accounts that moved since the day before the range, largest move first", async () => {
    const r = await asOwner(w, "list_score_changes", { range: "30d" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // Alder was 40 a month and more ago, now 72; Basalt and Cobble had no score then.
    expect(r.body.changes.map((c: any) => [c.name, c.delta])).toEqual([["Alder Dental", 32]]);
    const [{ n }] = await w.sql`select count(*)::int as n from public.score_range_bases where client_id = ${w.clientId} and range = '30d' and score is not null`;
    expect(n, "the answer came from the rebuild's bases: only Alder had a score a month ago").toBe(1);
    // Without the bases (the job has not run today) history is looked up instead, with the same answer.
    await w.sql`delete from public.score_range_bases where client_id = ${w.clientId}`;
    const live = await asOwner(w, "list_score_changes", { range: "30d" });
    expect(live.body.changes, "the same changes from history").toEqual(r.body.changes);
  });

  test.each([
    [{ range: "5d" }, "range"], [{ metric: "happiness" }, "metric"], [{ customers: "not-an-id" }, "customers.0"], [{ colour: "red" }, "colour"],
  ])("bad input %j is a 400 naming %s", async (data, field) => {
    const r = await asOwner(w, "get_trends", data);
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe(field);
  });

  test("another agency's owner cannot read this client's trends", async () => {
    const r = await asOwner(other, "get_trends", {});
    expect(r.status, "the client is not theirs to see").toBe(404);
  });
});

describe("Segments", () => {
  test("by tag: one row per tag and one for the untagged, each counted from the customers, with its line", async () => {
    const r = await asOwner(w, "get_segments", { by: "tag", range: "30d" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rows = Object.fromEntries(r.body.segments.map((s: any) => [s.segment, s]));
    expect(Object.keys(rows), "the untagged come last").toEqual(["vip", "emea", ""]);
    expect([rows.vip.count, rows.vip.mrr, rows.vip.at_risk], "vip: Alder and Basalt").toEqual([2, 3000, 1]);
    expect(rows.vip.average_score).toBeCloseTo((72 + 35) / 2, 6);
    expect(rows.vip.renewals, "Alder renews within 90 days, Basalt not").toBe(1);
    expect(rows[""].count, "Cobble has no tag").toBe(1);
    expect(r.body.kpis, "KPIs count each account once").toEqual({ segments: 2, accounts: 3, mrr: 12000, at_risk: 1, average_score: (72 + 35 + 85) / 3 });
    expect(rows.vip.points.find((p: any) => p.day === dayAgo(13)).value, "vip 13 days ago: Alder 40, Basalt 20").toBe(30);
    expect(rows.vip.points.find((p: any) => p.day === dayAgo(20)).value, "20 days ago: Alder alone").toBe(40);
    expect(r.body.insights.length, "insights are written from the numbers").toBeGreaterThan(0);
  });

  test("by tier and by lifecycle the segments are the tiers and stages the accounts are in", async () => {
    const tiers = await asOwner(w, "get_segments", { by: "tier" });
    expect(tiers.body.segments.map((s: any) => s.segment).sort()).toEqual(["enterprise", "mid", "smb"]);
    const stages = await asOwner(w, "get_segments", { by: "lifecycle" });
    expect(stages.body.segments.map((s: any) => [s.segment, s.count])).toEqual([["active", 3]]);
  });

  test("a segment's accounts are listed most urgent first, by the shared priority rule", async () => {
    const r = await asOwner(w, "list_segment_accounts", { by: "tag", segment: "vip" });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const now = new Date();
    const want = accounts.filter((a) => (a.tags as readonly string[]).includes("vip")).map((a) => ({
      name: a.name, priority: priorityScore({ health: a.history.at(-1)![1], renewalDate: new Date(Date.now() + a.renewal * DAY), now }),
    })).sort((a, b) => b.priority - a.priority);
    expect(r.body.accounts.map((a: any) => [a.name, a.priority])).toEqual(want.map((a) => [a.name, a.priority]));
    expect(r.body.total).toBe(2);
  });
});
