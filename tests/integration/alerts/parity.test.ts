// The database raises exactly the alerts shared/alerts/rules.ts raises: the
// same rules, severities and facts, for several hundred generated customers,
// with the default settings and with a client's own, now and weeks later.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateAlerts, type AlertSubject } from "../../../shared/alerts/rules.ts";
import { daysSinceContact, settingsSchema, type Settings } from "../../../shared/index.ts";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;

/** A small seeded generator, so a failure names a case that can be run again. */
function generator(seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return {
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    maybe: <T>(v: T, p = 0.15): T | null => (next() < p ? null : v),
  };
}

const bands = ["critical", "atrisk", "watch", "healthy", "expansion"] as const;

/** Customers at and around every threshold: values cluster near the defaults and the custom settings below. */
function makeCustomers(n: number, seed: number) {
  const g = generator(seed);
  return Array.from({ length: n }, (_, i) => {
    const score = g.maybe(g.int(0, 10000) / 100);
    return {
      name: `Parity ${seed}-${i}`,
      lifecycle: g.pick(["active", "active", "active", "onboarding", "atrisk", "churned"]),
      deleted_at: g.int(0, 30) === 0 ? new Date() : null,
      tier: g.maybe(g.pick(["smb", "mid", "enterprise"])),
      mrr: g.maybe(g.pick([0, 2999, 3000, 3000.01, 3001, 4999, 5000, 5001, 12000])),
      logins: g.maybe(g.int(0, 12)),
      adoption: g.maybe(g.pick([0, 19.99, 20, 29.5, 30, 30.01, 45, 80])),
      tickets: g.maybe(g.int(0, 6)),
      nps: g.maybe(g.int(0, 10), 0.4),
      nps_category: g.maybe(g.pick(["promoter", "passive", "detractor"]), 0.5),
      csat: g.maybe(g.pick([1, 1.5, 2, 2.5, 3, 3.01, 4, 5]), 0.4),
      days_since_contact: g.maybe(g.int(0, 90)),
      baseline_days_ago: g.int(0, 40),
      renewal_in: g.maybe(g.int(-20, 100), 0.2),
      sentiment: g.maybe(g.pick(["positive", "neutral", "negative"]), 0.3),
      score,
      status: score === null ? null : g.pick(bands),
      previous_score: g.maybe(score === null ? null : Math.max(0, Math.min(100, score + g.int(-10, 10) / 2)), 0.3),
    };
  });
}

const dayMs = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function seed(rows: ReturnType<typeof makeCustomers>) {
  const now = Date.now();
  for (const r of rows) {
    await w.sql`insert into public.customers ${w.sql({
      client_id: w.clientId, name: r.name, lifecycle: r.lifecycle, deleted_at: r.deleted_at, tier: r.tier, mrr: r.mrr,
      logins: r.logins, adoption: r.adoption, tickets: r.tickets, nps: r.nps, nps_category: r.nps_category, csat: r.csat,
      days_since_contact: r.days_since_contact,
      contact_baseline_at: r.days_since_contact === null ? null : new Date(now - r.baseline_days_ago * dayMs),
      renewal_date: r.renewal_in === null ? null : isoDay(new Date(now + r.renewal_in * dayMs)),
      sentiment: r.sentiment, score: r.score, status: r.status, previous_score: r.previous_score,
    })}`;
  }
}

async function clientSettings(): Promise<Settings> {
  const [s] = await w.sql`select weights, bands, mappings, cadence, renewal_windows, signal_thresholds, expansion
                          from public.client_settings where client_id = ${w.clientId}`;
  return settingsSchema.parse({ bands: s.bands, mappings: s.mappings, cadence: s.cadence,
    renewalWindows: s.renewal_windows, signalThresholds: s.signal_thresholds, expansion: s.expansion });
}

/** What the engine says of every customer of the client at `at`, against what the database stored. */
async function compare(at: Date) {
  const settings = await clientSettings();
  const customers = await w.sql`
    select id, lifecycle, deleted_at, status, score::float8 as score, previous_score::float8 as previous_score, tier,
           mrr::float8 as mrr, logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category,
           csat::float8 as csat, days_since_contact, contact_baseline_at, to_char(renewal_date, 'YYYY-MM-DD') as renewal_date, sentiment
    from public.customers where client_id = ${w.clientId}`;
  const expected = customers.flatMap((c) => {
    const subject: AlertSubject = {
      lifecycle: c.lifecycle, deleted: c.deleted_at !== null, status: c.status, score: c.score, previousScore: c.previous_score,
      tier: c.tier, mrr: c.mrr, logins: c.logins, adoption: c.adoption, tickets: c.tickets, nps: c.nps, npsCategory: c.nps_category,
      csat: c.csat, days: daysSinceContact(c.days_since_contact, c.contact_baseline_at, at), renewalDate: c.renewal_date,
      sentiment: c.sentiment,
    };
    return evaluateAlerts(subject, settings, at).map((a) => `${c.id} ${a.rule} ${a.severity} ${JSON.stringify(sorted(a.facts))}`);
  }).sort();
  const stored = (await w.sql`
    select customer_id, rule, severity, facts from public.alerts where client_id = ${w.clientId} and state <> 'resolved'`)
    .map((a) => `${a.customer_id} ${a.rule} ${a.severity} ${JSON.stringify(sorted(a.facts))}`).sort();
  return { expected, stored };
}

/** Facts with keys in order and numbers as numbers (jsonb keeps numeric scale: 3000.00). */
const sorted = (facts: Record<string, unknown>) =>
  Object.fromEntries(Object.keys(facts).sort().map((k) => [k, facts[k] === null ? null : typeof facts[k] === "string" && k !== "renewal_date" && k !== "status" ? Number(facts[k]) : facts[k]]));

beforeAll(async () => {
  w = await makeWorld("alert-parity");
});
afterAll(async () => {
  await w?.end();
});

describe("the database's alert rules and shared/alerts", () => {
  it("agree on 400 generated customers with the default settings, as each insert raised them", async () => {
    await seed(makeCustomers(400, 7));
    const { expected, stored } = await compare(new Date());
    expect(expected.length, "the generated customers raise alerts of many kinds").toBeGreaterThan(300);
    expect(stored).toEqual(expected);
  });

  it("agree with a client's own thresholds, windows and cadence, three weeks later", async () => {
    await w.sql`update public.client_settings set
      signal_thresholds = ${w.sql.json({ lowLogins: 8, lowAdoption: 20, ticketAlert: 5, lowCsat: 3, expansionMrr: 5000, expansionQuietDays: 10, scoreDrop: 15 })},
      renewal_windows = ${w.sql.json({ attention: 90, warning: 45, critical: 7 })},
      cadence = ${w.sql.json({ enterprise: { dueSoon: 7, overdue: 10 }, mid: { dueSoon: 14, overdue: 20 }, smb: { dueSoon: 20, overdue: 40 } })}
      where client_id = ${w.clientId}`;
    const later = new Date(Date.now() + 21 * dayMs);
    await w.sql`select private.recompute_alerts(${w.clientId}, null, ${later}, 'system')`;
    const { expected, stored } = await compare(later);
    expect(stored).toEqual(expected);
  });
});
