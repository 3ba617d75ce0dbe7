// Home Base on a client of 100,000 customers with 90 days of score history:
// the home_base action over HTTP as a signed-in owner, against its floor —
// the same aggregate statement sent straight to Postgres (no HTTP, no token,
// no transaction, claims or RLS, no heatmap query), and the scan it read
// before the tallies (migration 20261202007000). Twice: as a dashboard
// opens it again and again (the answer is reused while nothing changed), and
// with a customer written before every request, so each one computes.
// Self-contained: starts its own isolated stack, seeds it, measures, stops.
//
//   node bench/home/run.mjs [--customers 100000] [--days 90] [--seconds 15]
import http from "node:http";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { startIsolatedStack } from "../../local/isolated-stack.mjs";
import { fixedRate, fmt, machine, makeOwner, saturate, seed, summarize } from "../load.mjs";

const { values: args } = parseArgs({
  options: {
    customers: { type: "string", default: "100000" },
    days: { type: "string", default: "90" },
    seconds: { type: "string", default: "15" },
    rate: { type: "string", default: "10" },
    warmup: { type: "string", default: "5" },
  },
});
const CUSTOMERS = Number(args.customers);
const DAYS = Number(args.days);
const SECONDS = Number(args.seconds);
const RATE = Number(args.rate);
const TARGET_P95_MS = 100;

/** A score a day for DAYS days, drifting towards today's: what daily decay and signal pushes leave behind. */
async function seedHistory(sql, clientId) {
  await sql`
    insert into public.score_history (client_id, customer_id, score, status, reason, signals, created_at)
    select c.client_id, c.id, s.score,
           case when s.score < 25 then 'critical' when s.score < 50 then 'atrisk' when s.score < 65 then 'watch'
                when s.score < 80 then 'healthy' else 'expansion' end,
           'decay', '{}', now() - d * interval '1 day'
    from public.customers c, generate_series(1, ${DAYS}) d,
    lateral (select round(greatest(0, least(100, c.score + (random() - 0.5) * d * 0.4))::numeric, 4) as score) s
    where c.client_id = ${clientId}`;
}

/** An owner of the bench client, signed in through /auth/v1. */
async function signedInOwner(info, sql, clientId) {
  const { email, password } = await makeOwner(info, sql, clientId, "home");
  const session = await (await fetch(`${info.url}/auth/v1/token?grant_type=password`, {
    method: "POST", headers: { apikey: info.anonKey, "content-type": "application/json" }, body: JSON.stringify({ email, password }),
  })).json();
  return session.access_token;
}

function apiCaller(url, token, clientId) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const target = new URL(`${url}/functions/v1/api-inbound?action=home_base&client_id=${clientId}`);
  return () => new Promise((ok, fail) => {
    const req = http.get(target, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => ok(res.statusCode === 200 && body.includes('"priority"')));
    });
    req.on("error", fail);
  });
}

/** One caller for `seconds`: a customer is written (not timed), then the timed call computes afresh. */
async function afterEachWrite(sql, clientId, call, seconds) {
  const [{ id }] = await sql`select id from public.customers where client_id = ${clientId} limit 1`;
  const latencies = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i++) {
    await sql`update public.customers set note = ${`bench write ${i}`} where id = ${id}`;
    const t = performance.now();
    if (await call()) latencies.push(performance.now() - t); else errors++;
  }
  return summarize(latencies, seconds, errors);
}

const floorCaller = (sql, clientId) => async () => {
  const [{ home }] = await sql`select private.home_base(${clientId}, 3, 8) as home`;
  return home.accounts > 0;
};

/** The scan Home Base answered with before the tallies (still its answer on a day without bases). */
const scanCaller = (sql, clientId) => async () => {
  const [{ home }] = await sql`select private.home_base_by_scan(${clientId}, 3, 8) as home`;
  return home.accounts > 0;
};

async function main() {
  console.error("starting an isolated stack…");
  const { info, stop } = await startIsolatedStack({ demo: false, prefix: "pulseboard-bench-home-" });
  const sql = postgres(info.dbUrl, { max: 10, onnotice: () => {} });
  try {
    let t = performance.now();
    const { clientId } = await seed(sql, CUSTOMERS);
    console.error(`seeded ${CUSTOMERS} customers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await seedHistory(sql, clientId);
    // What the nightly job leaves for the day; without it each view would look every base up.
    await sql`select private.refresh_week_bases(${clientId})`;
    await sql`vacuum analyze`;
    const [{ n }] = await sql`select count(*)::int as n from public.score_history where client_id = ${clientId}`;
    console.error(`seeded ${n} history rows and the week bases in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const token = await signedInOwner(info, sql, clientId);
    const api = apiCaller(info.url, token, clientId);
    if (!(await api())) throw new Error("home_base did not answer");
    const floor = floorCaller(sql, clientId);
    const [{ server_version: pg }] = await sql`show server_version`;

    const rows = [];
    for (const [name, call] of [["API", api], ["floor", floor]]) {
      await saturate(call, 2, Number(args.warmup));
      rows.push({ target: name, load: `1 caller for ${SECONDS} s`, ...(await saturate(call, 1, SECONDS)) });
      rows.push({ target: name, load: `1 caller, a write before each`, ...(await afterEachWrite(sql, clientId, call, SECONDS)) });
      rows.push({ target: name, load: `${RATE} req/s for ${SECONDS} s`, ...(await fixedRate(call, RATE, SECONDS)) });
      rows.push({ target: name, load: `4 callers for ${SECONDS} s`, ...(await saturate(call, 4, SECONDS)) });
    }
    rows.push({ target: "scan (before)", load: `1 caller, a write before each`,
      ...(await afterEachWrite(sql, clientId, scanCaller(sql, clientId), SECONDS)) });

    const m = machine(pg);
    const api1 = rows[0];
    const fresh = rows[1];
    const floorFresh = rows.find((r) => r.target === "floor" && r.load === fresh.load);
    console.log([
      `machine: ${m.cpu} × ${m.cores} cores, ${m.ram} RAM, ${m.os}; node ${m.node}, ${m.deno}, Postgres ${m.postgres}`,
      `load average at the end (1 / 5 / 15 min): ${m.load} — other work on the machine competes with the bench`,
      `request: GET /functions/v1/api-inbound?action=home_base  (${CUSTOMERS} customers, ${n} history rows)`,
      "",
      "| target | load | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
      "|---|---|---:|---:|---:|---:|---:|---:|",
      ...rows.map((r) => `| ${r.target} | ${r.load} | ${fmt(r.rps, 1)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.errors} |`),
      "",
      `target: p95 ≤ ${TARGET_P95_MS} ms, one caller → ${api1.p95 <= TARGET_P95_MS ? "met" : "MISSED"} (${fmt(api1.p95)} ms, answers reused); ` +
        `computed after every write → ${fresh.p95 <= TARGET_P95_MS ? "met" : "MISSED"} (API ${fmt(fresh.p95)} ms beside the floor's ${fmt(floorFresh.p95)} ms)`,
    ].join("\n"));
  } finally {
    await sql.end({ timeout: 2 });
    await stop();
  }
}

await main();
