// Home Base: every figure the database aggregates equals the same figure
// computed here from what the API lists (list_customers, get_customer's
// history), on a client whose accounts span every band, tier and renewal
// window, with a churned and a deleted account that must count nowhere.
import { bandNames, priorityLevel, priorityScore, STEADY_BAND } from "../../../shared/index.ts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;
const asOwner = (action: string, data: Record<string, unknown> = {}) =>
  w.post("api-inbound", { action, data: { client_id: w.clientId, ...data } }, { authorization: `Bearer ${w.ownerToken}` });

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

// score is set by hand, so each account lands in a chosen band; `weekAgo` is its score ten days ago.
const accounts = [
  { name: "Abbott Dental", score: 12, mrr: 900, tier: "smb", renewal_date: inDays(5), weekAgo: 30 },
  { name: "Birch Legal", score: 30, mrr: 4200, tier: "mid", renewal_date: inDays(45), weekAgo: 29 },
  { name: "Cedar Freight", score: 44, mrr: 12000, tier: "enterprise", renewal_date: inDays(80), weekAgo: 60 },
  { name: "Dune Analytics", score: 55, mrr: 2500, tier: "mid", renewal_date: inDays(20) },
  { name: "Elm Studios", score: 70, mrr: 700, tier: "smb", renewal_date: inDays(200), weekAgo: 62 },
  { name: "Fjord Capital", score: 88, mrr: 15000, tier: "enterprise", renewal_date: inDays(0), weekAgo: 80 },
  { name: "Granite Works", score: 92, mrr: 3600, tier: null, renewal_date: null, weekAgo: 92 },
  { name: "Harbor Clinics", score: 20, mrr: 5100, tier: "enterprise", renewal_date: inDays(-3) },
  { name: "Iris Retail", score: null, mrr: 1200, tier: "smb", renewal_date: inDays(60) },
  { name: "Juniper Gone", score: 15, mrr: 9999, tier: "mid", renewal_date: inDays(10), lifecycle: "churned" },
  { name: "Kestrel Deleted", score: 10, mrr: 8888, tier: "mid", renewal_date: inDays(10), deleted: true },
] as const;

type Listed = { id: string; name: string; score_exact: number | null; status: string | null; mrr: number | null;
  tier: string | null; renewal_date: string | null; lifecycle: string; manager: string | null };

let home: any;
let listed: Listed[];
const weekChange = new Map<string, number>();

beforeAll(async () => {
  w = await makeWorld("home-base");
  const upsert = await w.api("upsert_accounts", {
    accounts: accounts.map(({ name, score, mrr, tier, renewal_date, ...rest }) => ({
      name, mrr, tier, renewal_date, manager: "Sam Ortiz", lifecycle: "lifecycle" in rest ? rest.lifecycle : "active",
      ...(score === null ? {} : { score }),
    })),
  });
  expect(upsert.status, JSON.stringify(upsert.body)).toBe(200);
  expect(upsert.body.failed).toBe(0);
  const deleted = await w.api("delete_customer", { name: "Kestrel Deleted" });
  expect(deleted.status).toBe(200);

  // Ten days ago the accounts with `weekAgo` had that score: history is what the week's change is measured against.
  for (const a of accounts) {
    if (!("weekAgo" in a)) continue;
    await w.sql`insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
      select client_id, id, ${a.weekAgo}, 'watch', 'manual', '{}', now() - interval '10 days'
      from public.customers where client_id = ${w.clientId} and name = ${a.name}`;
  }

  const list = await w.api("list_customers", { limit: 100 });
  expect(list.status).toBe(200);
  listed = list.body.customers;
  // The week's change from each account's API history: its score now minus the last entry before the window.
  const windowStart = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - 6 * DAY;
  for (const c of listed) {
    const detail = await w.api("get_customer", { id: c.id });
    const before = (detail.body.history as { score: number | null; created_at: string }[])
      .filter((h) => Date.parse(h.created_at) < windowStart);
    if (before.length > 0 && before[0].score !== null && c.score_exact !== null) weekChange.set(c.id, c.score_exact - before[0].score);
  }
  const answer = await asOwner("home_base");
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  home = answer.body;
});
afterAll(async () => {
  await w?.end();
});

/** Ties in Home Base's lists go by id, as Postgres orders uuids (their hex text, byte by byte). */
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const live = () => listed.filter((c) => c.lifecycle !== "churned");
const sum = (xs: Listed[]) => xs.reduce((s, c) => s + (c.mrr ?? 0), 0);
const inBands = (bands: string[]) => live().filter((c) => c.status !== null && bands.includes(c.status));

describe("Home Base figures", () => {
  test("the list the figures are checked against has the live accounts and the churned one, not the deleted", () => {
    expect(listed.map((c) => c.name).sort()).toEqual(accounts.filter((a) => !("deleted" in a)).map((a) => a.name).sort());
  });

  test("accounts, scored and the average score count live accounts only", () => {
    const scored = live().filter((c) => c.score_exact !== null);
    expect(home.accounts).toBe(live().length);
    expect(home.scored).toBe(scored.length);
    expect(home.average_score).toBeCloseTo(scored.reduce((s, c) => s + c.score_exact!, 0) / scored.length, 6);
  });

  test("each band's count and MRR, revenue at risk and the healthy share add up from the list", () => {
    for (const band of bandNames) {
      expect(home.bands[band], band).toEqual({ count: inBands([band]).length, mrr: sum(inBands([band])) });
    }
    expect(home.revenue_at_risk).toEqual({ count: inBands(["critical", "atrisk"]).length, mrr: sum(inBands(["critical", "atrisk"])) });
    expect(home.healthy_percent).toBeCloseTo((100 * inBands(["healthy", "expansion"]).length) / home.scored, 6);
    expect(home.total_mrr).toBe(sum(live()));
  });

  test("the expansion estimate is the configured share of the Expansion band's MRR", () => {
    expect(home.expansion.percent_of_mrr).toBe(20);
    expect(home.expansion.estimate).toBeCloseTo(sum(inBands(["expansion"])) * 0.2, 6);
  });

  test("the renewal pipeline buckets 0–30, 31–60 and 61–90 days with count, MRR and at-risk count", () => {
    const days = (c: Listed) => c.renewal_date === null ? null : Math.round((Date.parse(c.renewal_date) - Date.parse(home.today)) / DAY);
    const bucket = (from: number, to: number) => {
      const rows = live().filter((c) => days(c) !== null && days(c)! >= from && days(c)! <= to);
      return { from_days: from, to_days: to, count: rows.length, mrr: sum(rows),
        at_risk: rows.filter((c) => c.status === "critical" || c.status === "atrisk").length };
    };
    expect(home.renewal_pipeline).toEqual([bucket(0, 30), bucket(31, 60), bucket(61, 90)]);
    expect(home.upcoming_renewals).toEqual({ count: bucket(0, 30).count, mrr: bucket(0, 30).mrr });
    expect(home.upcoming_renewals.count, "the fixture renews some accounts within 30 days").toBeGreaterThan(0);
  });

  test("tier cards: count, MRR, average score and at-risk count per tier, untiered apart", () => {
    const tiers = [...new Set(live().map((c) => c.tier))];
    const expected = tiers.map((tier) => {
      const rows = live().filter((c) => c.tier === tier);
      const scored = rows.filter((c) => c.score_exact !== null);
      return { tier, count: rows.length, mrr: sum(rows),
        average_score: scored.length ? scored.reduce((s, c) => s + c.score_exact!, 0) / scored.length : null,
        at_risk: rows.filter((c) => c.status === "critical" || c.status === "atrisk").length };
    });
    const byTier = <T extends { tier: string | null }>(xs: T[]) => [...xs].sort((a, b) => String(a.tier).localeCompare(String(b.tier)));
    expect(byTier(home.tiers).map((t: any) => ({ ...t, average_score: t.average_score?.toFixed(6) ?? null })))
      .toEqual(byTier(expected).map((t) => ({ ...t, average_score: t.average_score?.toFixed(6) ?? null })));
  });

  test("improving and declining: a change of at least the steady band against the score before the week", () => {
    expect(weekChange.size, "the fixture has accounts with a score ten days ago").toBe(6);
    const changes = [...weekChange.values()];
    expect(home.steady_band).toBe(STEADY_BAND);
    expect(home.improving).toBe(changes.filter((d) => d >= STEADY_BAND).length);
    expect(home.declining).toBe(changes.filter((d) => d <= -STEADY_BAND).length);
    expect(home.most_improved.map((a: any) => [a.name, a.week_change]))
      .toEqual(listed.filter((c) => (weekChange.get(c.id) ?? 0) > 0)
        .sort((a, b) => weekChange.get(b.id)! - weekChange.get(a.id)! || byId(a, b)).map((c) => [c.name, weekChange.get(c.id)]));
    expect(home.biggest_drops.map((a: any) => [a.name, a.week_change]))
      .toEqual(listed.filter((c) => (weekChange.get(c.id) ?? 0) < 0)
        .sort((a, b) => weekChange.get(a.id)! - weekChange.get(b.id)! || byId(a, b)).map((c) => [c.name, weekChange.get(c.id)]));
  });

  test("priority accounts rank live accounts by the shared priority score, with its level", () => {
    const now = new Date();
    const expected = live()
      .map((c) => ({ id: c.id, name: c.name, score: c.score_exact, priority: priorityScore({ health: c.score_exact, renewalDate: c.renewal_date, now }) }))
      .sort((a, b) => b.priority - a.priority || (a.score ?? 101) - (b.score ?? 101) || byId(a, b))
      .slice(0, 8);
    expect(home.priority.map((a: any) => [a.name, a.priority, a.priority_level]))
      .toEqual(expected.map((e) => [e.name, e.priority, priorityLevel(e.priority)]));
  });

  test("the heatmap lists the worst-scored live accounts first, each signal mapped to 0–100 or null", () => {
    const worst = live().filter((c) => c.score_exact !== null).sort((a, b) => a.score_exact! - b.score_exact!);
    expect(home.heatmap.map((r: any) => r.name)).toEqual(worst.map((c) => c.name));
    for (const row of home.heatmap) {
      for (const v of Object.values(row.signals)) expect(v === null || (typeof v === "number" && v >= 0 && v <= 100)).toBe(true);
    }
  });

  test("the nightly week bases change no figure, and a write after them moves the week's change at once", async () => {
    // Straight from the database: the API reuses an answer while nothing changed, which would hide a difference.
    const aggregate = async () => (await w.sql`select private.home_base(${w.clientId}, ${STEADY_BAND}, 8) as h`)[0].h;
    const looked = await aggregate();
    const complete = async () => (await w.sql`select private.home_tallies_complete(${w.clientId}, ${home.today}::date) as c`)[0].c;
    expect(await complete(), "before the job, the writes gave every live account this week's base").toBe(true);
    await w.sql`select private.refresh_week_bases(${w.clientId})`;
    const [{ n }] = await w.sql`select count(*)::int as n from public.score_week_bases
      where client_id = ${w.clientId} and base_day = ${home.today}::date - 7 and live`;
    expect(n, "one base per live account").toBe(live().length);
    expect(await aggregate(), "the stored bases give the same figures as the looked-up ones").toEqual(looked);
    expect((await asOwner("home_base")).body).toEqual(home);

    const write = await w.api("upsert_account", { name: "Elm Studios", score: 50 });
    expect(write.status).toBe(200);
    const after = await asOwner("home_base");
    expect(after.body.biggest_drops.find((a: any) => a.name === "Elm Studios"), "Elm went from 62 to 50 this week")
      .toMatchObject({ week_change: 50 - 62, score: 50 });
  });
});

describe("who may see Home Base", () => {
  test("an API key is refused: Home Base is the dashboard's", async () => {
    const res = await w.api("home_base");
    expect(res.status).toBe(403);
  });

  test("another agency's owner asking for this client gets nothing of it", async () => {
    const other = await makeWorld("home-base-other");
    try {
      const res = await other.post("api-inbound", { action: "home_base", data: { client_id: w.clientId } },
        { authorization: `Bearer ${other.ownerToken}` });
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain("Abbott");
      const overview = await other.post("api-inbound", { action: "agency_overview", data: {} }, { authorization: `Bearer ${other.ownerToken}` });
      expect(overview.body.clients.map((c: any) => c.client_id)).toEqual([other.clientId]);
    } finally {
      await other.end();
    }
  });
});

describe("the agency overview", () => {
  test("a row for the client with the same figures Home Base shows", async () => {
    const res = await w.post("api-inbound", { action: "agency_overview", data: {} }, { authorization: `Bearer ${w.ownerToken}` });
    expect(res.status).toBe(200);
    const [row] = res.body.clients;
    const now = (await asOwner("home_base")).body;
    expect(row).toMatchObject({
      client_id: w.clientId,
      accounts: now.accounts, critical: now.bands.critical.count, revenue_at_risk: now.revenue_at_risk.mrr,
      renewals_30d: now.upcoming_renewals.count, name: expect.any(String),
    });
    expect(row.average_score).toBeCloseTo(now.average_score, 6);
    expect(row.week_change, "the mean change of the six accounts that had a score ten days ago").toBeCloseTo(
      (now.most_improved.concat(now.biggest_drops) as any[]).reduce((s, a) => s + a.week_change, 0) / 6, 6);
  });
});

describe("the database's priority score", () => {
  test("equals shared/derived/priority.ts for any score and renewal date", async () => {
    const today = new Date();
    const todayIso = today.toISOString().slice(0, 10);
    const cases = fc.sample(fc.tuple(
      fc.option(fc.double({ min: 0, max: 100, noNaN: true }).map((x) => Math.round(x * 10_000) / 10_000)),
      fc.option(fc.integer({ min: -400, max: 400 })),
    ), 400);
    const rows = await w.sql`select s, d, private.priority_score(s, ${todayIso}::date + d, ${todayIso}::date) as p
      from unnest(${cases.map((c) => c[0])}::numeric[], ${cases.map((c) => c[1])}::int[]) as t (s, d)`;
    for (const r of rows) {
      const health = r.s === null ? null : Number(r.s);
      const renewalDate = r.d === null ? null : inDays(r.d);
      expect(r.p, `score ${health}, renewal in ${r.d} days`).toBe(priorityScore({ health, renewalDate, now: today }));
    }
  });
});
