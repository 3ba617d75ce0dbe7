// Rescoring a whole client of 100,000 customers after a weights change, end
// to end over HTTP (`scoring` update_settings: settings saved, every row
// rescored with the shared engine, history written, one transaction), against
// the floor: one plain SQL UPDATE of the same rows with a comparable computed
// score plus the same history insert. A measurement, not a test.
//
//   node bench/scoring/run.mjs                    isolated stack (no demo) in a temp folder, removed after
//   options: --customers N (default 100000), --runs N (default 3), --keep (leave the temp folder)
import os from "node:os";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { startIsolatedStack } from "../../local/isolated-stack.mjs";

const { values: opts } = parseArgs({
  options: {
    customers: { type: "string", default: "100000" },
    runs: { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
  },
});
const CUSTOMERS = Number(opts.customers);
const RUNS = Number(opts.runs);

const log = (...args) => console.error("·", ...args);
const median = (xs) => {
  const s = xs.toSorted((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function post(url, path, body, headers) {
  const res = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** An owner who signs in through /auth/v1, an agency, and one client of CUSTOMERS customers. */
async function seed(sql, info) {
  const email = `bench.owner.${Date.now()}@bench.test`;
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const auth = { apikey: info.serviceRoleKey, authorization: `Bearer ${info.serviceRoleKey}` };
  const user = await post(info.url, "/auth/v1/admin/users", { email, password, email_confirm: true }, auth);
  const [{ id: agencyId }] = await sql`insert into public.agencies (name) values ('Bench agency') returning id`;
  await sql`insert into public.agency_members (agency_id, user_id, role) values (${agencyId}, ${user.id}, 'owner')`;
  const [{ id: clientId }] = await sql`insert into public.clients (agency_id, name) values (${agencyId}, 'Bench client') returning id`;

  // Signals drawn around a latent health h, so bands spread as in a real book;
  // contact baselines up to a month old. The audit and hook triggers are off
  // for the load only: the bench needs the rows, not 100,000 audit entries.
  const started = Date.now();
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`
      insert into public.customers (client_id, name, tier, mrr, lifecycle, logins, adoption, tickets, nps, nps_category,
                                    csat, days_since_contact, contact_baseline_at, growth)
      select ${clientId}, 'Customer ' || g, (array['smb','mid','enterprise'])[1 + g % 3], round((100 + random() * 9000)::numeric, 2),
             case when random() < 0.1 then 'onboarding' else 'active' end,
             greatest(0, round(h * 34 + (random() - 0.5) * 8))::int,
             least(100, greatest(0, round((h * 100 + (random() - 0.5) * 30)::numeric, 2))),
             greatest(0, round((1 - h) * 6 * random()))::int,
             n, case when n >= 9 then 'promoter' when n >= 7 then 'passive' else 'detractor' end,
             case when random() < 0.4 then round((1 + h * 4)::numeric, 2) end,
             greatest(0, round((1 - h) * 150 * random()))::int,
             now() - random() * interval '30 days',
             case when h > 0.75 then 'strong' when h > 0.45 then 'mild' else 'none' end
      from (select g, h, least(10, floor(h * 11))::numeric as n
            from (select g, least(1, greatest(0, 0.1 + random() * 0.7 + random() * 0.3)) as h
                  from generate_series(1, ${CUSTOMERS}) g) a) b`;
  });
  await sql`analyze public.customers`;
  log(`seeded ${CUSTOMERS} customers in ${secs(Date.now() - started)}`);

  const session = await post(info.url, "/auth/v1/token?grant_type=password", { email, password }, { apikey: info.anonKey });
  return { clientId, token: session.access_token };
}

/** Weights that change every row's score from run to run; the last one is the warm-up's. */
const weightSets = [
  { logins: 30, adoption: 20, tickets: 20, nps: 10, csat: 0, days: 15, growth: 5 },
  { logins: 20, adoption: 30, tickets: 15, nps: 15, csat: 5, days: 10, growth: 5 },
  { logins: 25, adoption: 25, tickets: 10, nps: 20, csat: 0, days: 10, growth: 10 },
  { logins: 35, adoption: 25, tickets: 15, nps: 10, csat: 0, days: 10, growth: 5 },
];

/** (1) update_settings over HTTP: the settings save, the full rescore and the history, one call. */
async function measureFunction(info, clientId, token, run) {
  const weights = run < 0 ? weightSets.at(-1) : weightSets[run % 3];
  const started = performance.now();
  const body = await post(info.url, "/functions/v1/scoring", { action: "update_settings", client_id: clientId, weights },
    { authorization: `Bearer ${token}` });
  const ms = performance.now() - started;
  // The floor leaves config_version 0, which no real version equals: every row must be rewritten.
  if (body.rescored.updated !== body.rescored.scanned) throw new Error(`not every row changed: ${JSON.stringify(body.rescored)}`);
  return { ms, ...body.rescored, version: body.version };
}

/**
 * (2) The floor: the same rows updated by one SQL statement that computes a
 * weighted average of the mapped signals in the database (renormalised over
 * the present ones, clamped), the band from it, and the same history insert,
 * under the same triggers. No data leaves Postgres.
 */
async function measureFloor(sql, clientId, run) {
  const w = weightSets[run % 3];
  const started = performance.now();
  const [{ updated }] = await sql.begin(async (tx) => tx`
    with m as (
      select id,
             least(100, logins / 30.0 * 100) as logins, adoption::float8 as adoption,
             greatest(0, (1 - tickets / 5.0) * 100) as tickets,
             case nps_category when 'promoter' then 100 when 'passive' then 50 when 'detractor' then 0 end as nps,
             (csat - 1) / 4.0 * 100 as csat,
             greatest(0, (1 - (days_since_contact + greatest(0, current_date - contact_baseline_at::date)) / 180.0) * 100) as days,
             case growth when 'strong' then 100 when 'mild' then 60 when 'none' then 20 end as growth,
             days_since_contact + greatest(0, current_date - contact_baseline_at::date) as days_now
      from public.customers where client_id = ${clientId} and deleted_at is null and lifecycle <> 'churned'
    ), s as (
      select id, days_now,
             (coalesce(logins * ${w.logins}, 0) + coalesce(adoption * ${w.adoption}, 0) + coalesce(tickets * ${w.tickets}, 0)
              + coalesce(nps * ${w.nps}, 0) + coalesce(csat * ${w.csat}, 0) + coalesce(days * ${w.days}, 0) + coalesce(growth * ${w.growth}, 0))
             / nullif((case when logins is null then 0 else ${w.logins} end) + (case when adoption is null then 0 else ${w.adoption} end)
                    + (case when tickets is null then 0 else ${w.tickets} end) + (case when nps is null then 0 else ${w.nps} end)
                    + (case when csat is null then 0 else ${w.csat} end) + (case when days is null then 0 else ${w.days} end)
                    + (case when growth is null then 0 else ${w.growth} end), 0) as score
      from m
    ), v as (
      select id, days_now, round(least(100, greatest(0, score))::numeric, 4) as score from s
    ), u as (
      update public.customers c
      set previous_score = c.score, score = v.score,
          status = case when round(v.score) >= 80 then 'expansion' when round(v.score) >= 65 then 'healthy'
                        when round(v.score) >= 50 then 'watch' when round(v.score) >= 25 then 'atrisk' else 'critical' end,
          scored_at = now(), config_version = 0
      from v where c.id = v.id
      returning c.id, c.client_id, c.score, c.status, c.logins, c.adoption, c.tickets, c.nps, c.nps_category,
                c.csat, c.growth, v.days_now
    ), h as (
      insert into public.score_history (client_id, customer_id, score, status, reason, signals, config_version)
      select client_id, id, score, status, 'config_change',
             jsonb_build_object('logins', logins, 'adoption', adoption, 'tickets', tickets, 'nps', nps,
                                'nps_category', nps_category, 'csat', csat, 'days', days_now, 'growth', growth),
             0
      from u
    )
    select count(*)::int as updated from u`);
  return { ms: performance.now() - started, updated };
}

/** Dead row versions gone, statistics fresh, dirty pages written: the same start for every run. */
async function settle(sql) {
  await sql`vacuum analyze public.customers`;
  await sql`vacuum analyze public.score_history`;
  await sql`checkpoint`;
}

async function machine(sql) {
  const [{ server_version }] = await sql`show server_version`;
  const cpu = os.cpus()[0]?.model ?? "unknown";
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Postgres ${server_version}, Node ${process.version}`;
}

async function main() {
  log("starting an isolated stack");
  const { info, dataDir, stop } = await startIsolatedStack({
    demo: false, prefix: "pulseboard-bench-scoring-", keep: opts.keep, stderr: (d) => process.stderr.write(d),
  });
  log(`stack in ${dataDir}`);
  const sql = postgres(info.dbUrl, { max: 2, onnotice: () => {} });
  try {
    const { clientId, token } = await seed(sql, info);
    // Warm-up: the first scoring of the freshly loaded rows, and the function's module and pool.
    const warm = await measureFunction(info, clientId, token, -1);
    log(`warm-up update_settings: ${secs(warm.ms)} (${warm.updated} rows)`);

    // Interleaved, each on a vacuumed table: every run leaves 100,000 dead
    // row versions behind, and neither side should pay for the other's.
    const fn = [];
    const floor = [];
    for (let run = 0; run < RUNS; run++) {
      await settle(sql);
      const r = await measureFunction(info, clientId, token, run);
      fn.push(r.ms);
      console.log(`(1) update_settings + rescore_client over HTTP, run ${run + 1}: ${secs(r.ms)}  (${r.updated} rows rescored, version ${r.version})`);
      await settle(sql);
      const f = await measureFloor(sql, clientId, run);
      floor.push(f.ms);
      console.log(`(2) floor: one SQL UPDATE + history insert,     run ${run + 1}: ${secs(f.ms)}  (${f.updated} rows)`);
    }
    const [f, s] = [median(fn), median(floor)];
    console.log("");
    console.log(`customers            ${CUSTOMERS}`);
    console.log(`(1) function median  ${secs(f)}   target ≤ 5 s: ${f <= 5000 ? "met" : "MISSED"}`);
    console.log(`(2) SQL floor median ${secs(s)}`);
    console.log(`ratio (1)/(2)        ${(f / s).toFixed(2)}×`);
    console.log(`machine              ${await machine(sql)}`);
  } finally {
    await sql.end();
    await stop();
  }
}

await main();
