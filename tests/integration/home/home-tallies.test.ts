// Home Base's tallies (migration 20261202007000, decision 012): the answer
// read from the tallies the writes keep equals the scan of every customer it
// replaced, after every kind of write, after two writers racing each other
// and the fold job, and when a base is of another day the scan answers.
import { STEADY_BAND } from "../../../shared/index.ts";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;

/** Both answers, floats to 12 significant digits: the tallies sum exactly, the scan in float8. */
async function bothAnswers() {
  const [{ tallied, scanned, complete }] = await w.sql`
    select private.home_base_tallied(${w.clientId}, private.utc_today(), 8) as tallied,
           private.home_base_by_scan(${w.clientId}, ${STEADY_BAND}, 8) as scanned,
           private.home_tallies_complete(${w.clientId}, private.utc_today()) as complete`;
  const rounded = (j: unknown) => JSON.parse(JSON.stringify(j), (_k, v) => (typeof v === "number" ? Number(v.toPrecision(12)) : v));
  return { tallied: rounded(tallied), scanned: rounded(scanned), complete: complete as boolean };
}

async function expectTalliesAnswer(why: string) {
  const { tallied, scanned, complete } = await bothAnswers();
  expect(complete, `${why}: every live account has this week's base`).toBe(true);
  expect(tallied, why).toEqual(scanned);
  expect(tallied.accounts, "the fixture is not empty").toBeGreaterThan(100);
  return tallied;
}

/** Random changes to `n` random customers of the client: every field Home Base reads. */
const scramble = (sql: postgres.Sql | postgres.TransactionSql, clientId: string, n: number) => sql`
  update public.customers c set
    score = case when r.a < 0.1 then null else round((r.b * 100)::numeric, 4) end,
    status = case when r.a < 0.1 then null else (array['critical', 'atrisk', 'watch', 'healthy', 'expansion'])[1 + floor(r.b * 5)::int] end,
    mrr = case when r.c < 0.5 then c.mrr else round((r.c * 5000)::numeric, 2) end,
    tier = case when r.c < 0.3 then c.tier else (array['smb', 'mid', 'enterprise', null])[1 + floor(r.d * 4)::int] end,
    renewal_date = case when r.d < 0.5 then c.renewal_date else private.utc_today() + floor(r.a * 200 - 20)::int end,
    lifecycle = case when r.e < 0.03 then 'churned' when r.e < 0.3 then 'active' else c.lifecycle end,
    deleted_at = case when r.e > 0.98 then now() when r.e > 0.8 then null else c.deleted_at end,
    scored_at = now()
  from (select id, random() as a, random() as b, random() as c, random() as d, random() as e
        from (select id from public.customers where client_id = ${clientId} order by random() limit ${n}) picked) r
  where c.id = r.id`;

beforeAll(async () => {
  w = await makeWorld("home-tallies");
  await w.sql`
    insert into public.customers (client_id, name, manager, tier, mrr, lifecycle, renewal_date, score, status, scored_at)
    select ${w.clientId}, 'Account ' || i, 'Sam Ortiz', (array['smb', 'mid', 'enterprise', null])[1 + i % 4],
           round((random() * 9000)::numeric, 2), case when i % 17 = 0 then 'churned' else 'active' end,
           case when i % 9 = 0 then null else private.utc_today() + (i % 160) - 20 end,
           case when i % 13 = 0 then null else round((random() * 100)::numeric, 4) end,
           null, now() - i * interval '1 minute'
    from generate_series(1, 400) i`;
  await w.sql`update public.customers set status = case when score < 25 then 'critical' when score < 50 then 'atrisk'
    when score < 65 then 'watch' when score < 80 then 'healthy' else 'expansion' end where client_id = ${w.clientId}`;
  // History of the last twelve days, written after the customers: the bases follow it.
  await w.sql`
    insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
    select c.client_id, c.id, round((random() * 100)::numeric, 4), 'watch', 'decay', '{}', now() - d * interval '1 day'
    from public.customers c, generate_series(1, 12) d where c.client_id = ${w.clientId} and random() < 0.7`;
});
afterAll(async () => {
  await w?.end();
});

describe("Home Base from the tallies", () => {
  test("the tallies count with the shared steady band", async () => {
    const [{ band }] = await w.sql`select private.steady_band()::float8 as band`;
    expect(band).toBe(STEADY_BAND);
  });

  test("equal the scan after inserts and history written into the past", async () => {
    const home = await expectTalliesAnswer("fresh fixture");
    expect(home.improving + home.declining, "the backdated history gives weekly changes").toBeGreaterThan(0);
    expect(home.lists.priority).toHaveLength(8);
  });

  test("equal the scan after updates of every field, churn, delete, restore, hard delete", async () => {
    for (let round = 0; round < 5; round++) {
      await scramble(w.sql, w.clientId, 60);
      await expectTalliesAnswer(`after round ${round} of random updates`);
    }
    await w.sql`delete from public.customers where id in (select id from public.customers where client_id = ${w.clientId} limit 5)`;
    await expectTalliesAnswer("after a hard delete");
  });

  test("equal the scan after writes through the API", async () => {
    const upsert = await w.api("upsert_accounts", { accounts: [
      { name: "Api New", score: 11, mrr: 700, tier: "mid", renewal_date: new Date().toISOString().slice(0, 10) },
      { name: "Account 3", score: 97, mrr: 12 },
    ] });
    expect(upsert.status, JSON.stringify(upsert.body)).toBe(200);
    expect((await w.api("delete_customer", { name: "Account 5" })).status).toBe(200);
    await expectTalliesAnswer("after an upsert, an update and a delete by the API");
  });

  test("two writers racing each other and the fold job leave the tallies exact", async () => {
    const { dbUrl } = stack();
    const writers = [postgres(dbUrl, { max: 1, onnotice: () => {} }), postgres(dbUrl, { max: 1, onnotice: () => {} })];
    const folder = postgres(dbUrl, { max: 1, onnotice: () => {} });
    try {
      let running = true;
      const write = async (sql: postgres.Sql) => {
        for (let i = 0; i < 25; i++) {
          // Overlapping random rows in transactions that hold their rows a moment: the writers wait on each other's customers.
          await sql.begin(async (tx) => {
            await scramble(tx, w.clientId, 8);
            await tx`select pg_sleep(random() * 0.02)`;
            await scramble(tx, w.clientId, 3);
          }).catch((e) => {
            if (e.code !== "40P01") throw e; // a deadlock between two writers is theirs, rolled back whole
          });
        }
      };
      const fold = async () => {
        while (running) await folder`select private.fold_home_tallies()`;
      };
      const folding = fold();
      await Promise.all(writers.map(write));
      running = false;
      await folding;
    } finally {
      await Promise.all([...writers, folder].map((s) => s.end()));
    }
    const home = await expectTalliesAnswer("after two concurrent writers and the fold job");
    const [{ live }] = await w.sql`select count(*)::int as live from public.customers
      where client_id = ${w.clientId} and deleted_at is null and lifecycle <> 'churned'`;
    expect(home.accounts).toBe(live);
  });

  test("the fold leaves one row per key and the same answer", async () => {
    const before = await bothAnswers();
    await w.sql`select private.fold_home_tallies()`;
    const [{ rows, keys }] = await w.sql`
      select count(*)::int as rows, count(distinct (kind, status, tier, renewal_date, base_day, movement))::int as keys
      from public.home_tallies where client_id = ${w.clientId}`;
    expect(rows).toBe(keys);
    expect((await bothAnswers()).tallied).toEqual(before.tallied);
  });

  test("a base of another day (the nightly job not yet run) makes the scan answer, until a write re-bases it", async () => {
    const [{ id }] = await w.sql`update public.score_week_bases set base_day = base_day - 1
      where customer_id = (select id from public.customers where client_id = ${w.clientId} and deleted_at is null
                           and lifecycle <> 'churned' limit 1) returning customer_id as id`;
    const { complete, scanned } = await bothAnswers();
    expect(complete).toBe(false);
    const [{ home }] = await w.sql`select private.home_base(${w.clientId}, ${STEADY_BAND}, 8) as home`;
    expect(JSON.parse(JSON.stringify(home), (_k, v) => (typeof v === "number" ? Number(v.toPrecision(12)) : v))).toEqual(scanned);
    await w.sql`update public.customers set score = 42.5 where id = ${id}`;
    await expectTalliesAnswer("after a write to the customer whose base was stale");
    await w.sql`select private.refresh_week_bases(${w.clientId})`;
    await expectTalliesAnswer("after the nightly job");
  });
});
