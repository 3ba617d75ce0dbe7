// Trends on a client of 100,000 customers with two years of history: the
// get_trends action (90 days, health score) over HTTP as a signed-in owner,
// against its floor — the rollup SQL alone (the stored days and today's
// figures from the customers, straight to Postgres: no HTTP, token,
// transaction, claims, RLS, markers or managers). Also times the Portfolio Summary PDF, the rollup
// rebuild (what the five-minute job does after a backfill) and the
// score-change table. Self-contained: its own isolated stack, seeded by SQL.
//
//   node bench/analytics/run.mjs [--customers 100000] [--every 30] [--seconds 15]
import http from "node:http";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { startIsolatedStack } from "../../local/isolated-stack.mjs";
import { fixedRate, fmt, machine, makeOwner, saturate, seed } from "../load.mjs";

const { values: args } = parseArgs({
  options: {
    customers: { type: "string", default: "100000" },
    every: { type: "string", default: "30" },
    seconds: { type: "string", default: "15" },
    rate: { type: "string", default: "5" },
    warmup: { type: "string", default: "5" },
  },
});
const CUSTOMERS = Number(args.customers);
const EVERY = Number(args.every);
const SECONDS = Number(args.seconds);
const TARGET_P95_MS = 300;

/**
 * Two years of history, bounded: an entry every EVERY days per customer
 * (staggered, so every day has entries), drifting towards today's score, with
 * a signal snapshot. The rollups have a row a day either way: the chart's
 * cost does not depend on how dense the history is, the rebuild's does.
 */
async function seedHistory(sql, clientId) {
  await sql`
    insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
    select c.client_id, c.id, s.score,
           case when s.score < 25 then 'critical' when s.score < 50 then 'atrisk' when s.score < 65 then 'watch'
                when s.score < 80 then 'healthy' else 'expansion' end,
           'decay', jsonb_build_object('logins', c.logins, 'adoption', c.adoption, 'tickets', c.tickets, 'days', c.days_since_contact,
                                       'nps_category', c.nps_category, 'csat', c.csat),
           now() - (d + (hashtext(c.id::text) & 1023) % ${EVERY}) * interval '1 day'
    from public.customers c, generate_series(1, 730, ${EVERY}) d,
    lateral (select round(greatest(0, least(100, c.score + (random() - 0.5) * d * 0.08))::numeric, 4) as score) s
    where c.client_id = ${clientId}`;
}

async function signedInOwner(info, sql, clientId) {
  const { email, password } = await makeOwner(info, sql, clientId, "analytics");
  const session = await (await fetch(`${info.url}/auth/v1/token?grant_type=password`, {
    method: "POST", headers: { apikey: info.anonKey, "content-type": "application/json" }, body: JSON.stringify({ email, password }),
  })).json();
  return session.access_token;
}

function apiCaller(url, token, clientId, query) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const target = new URL(`${url}/functions/v1/api-inbound?${new URLSearchParams({ client_id: clientId, ...query })}`);
  return () => new Promise((ok, fail) => {
    const req = http.get(target, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => ok(res.statusCode === 200));
    });
    req.on("error", fail);
  });
}

const floorCaller = (sql, clientId) => async () => {
  const rows = await sql`
    select day, score_sum, scored from public.daily_rollups
    where client_id = ${clientId} and dimension = 'all' and segment = '' and day >= current_date - 89 and day < current_date
    union all select day, score_sum, scored from private.rollup_today(${clientId}, 'all')`;
  return rows.length > 0;
};

async function main() {
  console.error("starting an isolated stack…");
  const { info, stop } = await startIsolatedStack({ demo: false, prefix: "pulseboard-bench-analytics-" });
  const sql = postgres(info.dbUrl, { max: 10, onnotice: () => {} });
  try {
    let t = performance.now();
    const { clientId } = await seed(sql, CUSTOMERS);
    console.error(`seeded ${CUSTOMERS} customers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await seedHistory(sql, clientId);
    await sql`vacuum analyze public.score_history`;
    const [{ n }] = await sql`select count(*)::int as n from public.score_history where client_id = ${clientId}`;
    console.error(`seeded ${n} history rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const [{ written }] = await sql`select private.rebuild_rollups(${clientId}) as written`;
    const rebuild = (performance.now() - t) / 1000;
    // What the nightly job leaves too: Home Base's week bases (the Portfolio Summary reads Home Base's figures).
    await sql`select private.refresh_week_bases(${clientId})`;
    await sql`vacuum analyze public.daily_rollups, public.score_range_bases, public.score_week_bases`;
    console.error(`rebuilt the rollups (${written} rows) in ${rebuild.toFixed(1)} s`);

    const token = await signedInOwner(info, sql, clientId);
    const trends = apiCaller(info.url, token, clientId, { action: "get_trends", range: "90d" });
    const twoYears = apiCaller(info.url, token, clientId, { action: "get_trends", range: "2y", manager: "Sarah Chen" });
    const changes = apiCaller(info.url, token, clientId, { action: "list_score_changes", range: "90d" });
    const summaryPdf = apiCaller(info.url, token, clientId, { action: "get_report", report: "portfolio_summary", format: "pdf" });
    if (!(await trends())) throw new Error("get_trends did not answer");
    const floor = floorCaller(sql, clientId);
    const [{ server_version: pg }] = await sql`show server_version`;

    const rows = [];
    for (const [name, call] of [["API get_trends 90d", trends], ["floor (rollup SQL)", floor]]) {
      await saturate(call, 2, Number(args.warmup));
      rows.push({ target: name, load: `1 caller for ${SECONDS} s`, ...(await saturate(call, 1, SECONDS)) });
      rows.push({ target: name, load: `${args.rate} req/s for ${SECONDS} s`, ...(await fixedRate(call, Number(args.rate), SECONDS)) });
    }
    rows.push({ target: "API get_trends 2y + CSM overlay", load: `1 caller for ${SECONDS} s`, ...(await saturate(twoYears, 1, SECONDS)) });
    rows.push({ target: "API list_score_changes 90d", load: `1 caller for ${SECONDS} s`, ...(await saturate(changes, 1, SECONDS)) });
    rows.push({ target: "API get_report portfolio_summary pdf", load: `1 caller for ${SECONDS} s`, ...(await saturate(summaryPdf, 1, SECONDS)) });

    const m = machine(pg);
    const api = rows[0];
    console.log([
      `machine: ${m.cpu} × ${m.cores} cores, ${m.ram} RAM, ${m.os}; node ${m.node}, ${m.deno}, Postgres ${m.postgres}`,
      `load average at the end (1 / 5 / 15 min): ${m.load} — other work on the machine competes with the bench`,
      `data: ${CUSTOMERS} customers, ${n} history rows over two years (an entry every ${EVERY} days each), ${written} rollup rows; rebuild ${rebuild.toFixed(1)} s`,
      "",
      "| target | load | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
      "|---|---|---:|---:|---:|---:|---:|---:|",
      ...rows.map((r) => `| ${r.target} | ${r.load} | ${fmt(r.rps, 1)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.errors} |`),
      "",
      `target: get_trends 90 days p95 ≤ ${TARGET_P95_MS} ms → ${api.p95 <= TARGET_P95_MS ? "met" : "MISSED"} (${fmt(api.p95)} ms beside the floor's ${fmt(rows[2].p95)} ms)`,
      `target: Portfolio Summary PDF ≤ 3000 ms → ${rows.at(-1).p95 <= 3000 ? "met" : "MISSED"} (p95 ${fmt(rows.at(-1).p95)} ms)`,
    ].join("\n"));
  } finally {
    await sql.end({ timeout: 2 });
    await stop();
  }
}

await main();
