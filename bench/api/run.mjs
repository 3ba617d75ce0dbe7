// api-inbound under load: list_customers on a client of 100,000 customers,
// against the floor of the same page query sent straight to Postgres.
// Self-contained: starts its own isolated stack, seeds it, measures, stops.
//
//   node bench/api/run.mjs [--rate 200] [--rate-seconds 20] [--sat-seconds 15] [--concurrency 32,64] [--customers 100000]
//
// (a) open loop at a fixed rate: requests leave on schedule whether or not
//     earlier ones have answered, and latency counts from the scheduled time,
//     so a stall shows up in the percentiles instead of hiding (no
//     coordinated omission).
// (b) saturation: N callers in a closed loop, each sending its next request
//     when the last answers; throughput is what the stack sustains.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { startIsolatedStack } from "../../local/isolated-stack.mjs";

const root = resolve(import.meta.dirname, "../..");
const { values: args } = parseArgs({
  options: {
    rate: { type: "string", default: "200" },
    "rate-seconds": { type: "string", default: "20" },
    "sat-seconds": { type: "string", default: "15" },
    concurrency: { type: "string", default: "32,64" },
    customers: { type: "string", default: "100000" },
    // A serving function instance is warm; a fresh gateway's JIT is not.
    warmup: { type: "string", default: "10" },
  },
});
const RATE = Number(args.rate);
const RATE_SECONDS = Number(args["rate-seconds"]);
const SAT_SECONDS = Number(args["sat-seconds"]);
const CONCURRENCY = args.concurrency.split(",").map(Number);
const CUSTOMERS = Number(args.customers);
const WARMUP = Number(args.warmup);
const QUERY = "action=list_customers&limit=100&status=atrisk&sort=score&order=asc";

/** One client of CUSTOMERS customers with realistic signals; scores drawn in range with matching bands. */
export async function seed(sql) {
  const [agency] = await sql`insert into public.agencies (name) values ('Bench Agency') returning id`;
  const [client] = await sql`insert into public.clients (agency_id, name) values (${agency.id}, 'Bench Client') returning id`;
  const apiKey = `pb_${randomBytes(20).toString("hex")}`;
  await sql`insert into public.api_keys (client_id, key_hash, prefix, label, rate_limit_per_minute)
            values (${client.id}, ${createHash("sha256").update(apiKey).digest("hex")}, ${apiKey.slice(0, 10)}, 'Bench', 1000000)`;
  await sql`select setseed(0.42)`;
  await sql`
    insert into public.customers (client_id, name, manager, tier, mrr, arr, lifecycle, tags, renewal_date, next_touch,
      customer_since, sentiment, logins, adoption, tickets, nps, nps_category, csat, days_since_contact, contact_baseline_at,
      growth, score, status, score_missing, scored_at, config_version, created_at, updated_at)
    select ${client.id}, 'Customer ' || lpad(i::text, 6, '0'),
      (array['Sarah Chen','Marcus Webb','Priya Patel','Tom Alvarez','Lena Fischer'])[1 + i % 5],
      t.tier, t.mrr, t.mrr * 12,
      case when r1 < 0.08 then 'onboarding' when r1 < 0.12 then 'won' when r1 < 0.15 then 'churned' else 'active' end,
      case when r2 < 0.15 then array['vip'] when r2 < 0.3 then array['beta', 'emea'] else '{}' end,
      current_date + (r2 * 400 - 30)::int, current_date + (r1 * 30)::int, current_date - (200 + r2 * 1500)::int,
      case when h > 0.6 then 'positive' when h > 0.35 then 'neutral' else 'negative' end,
      (h * 34)::int, round((h * 100)::numeric, 2), ((1 - h) * 6)::int, round((h * 10)::numeric), 
      case when h * 10 >= 9 then 'promoter' when h * 10 >= 7 then 'passive' else 'detractor' end,
      case when r1 < 0.4 then 1 + round((h * 4)::numeric) end, ((1 - h) * 120)::int, now(),
      case when h > 0.75 then 'strong' when h > 0.45 then 'mild' else 'none' end,
      round((h * 100)::numeric, 4),
      case when h < 0.25 then 'critical' when h < 0.5 then 'atrisk' when h < 0.65 then 'watch' when h < 0.8 then 'healthy' else 'expansion' end,
      '{}', now(), 1, now() - r1 * interval '1000 days', now() - r2 * interval '90 days'
    from (select i, random() as h, random() as r1, random() as r2, random() as r3 from generate_series(1, ${CUSTOMERS}) i) s,
    lateral (select case when r3 < 0.5 then 'smb' when r3 < 0.85 then 'mid' else 'enterprise' end as tier,
                    round((case when r3 < 0.5 then 400 when r3 < 0.85 then 2500 else 9000 end * (0.5 + r1 * 1.5))::numeric, -1) as mrr) t`;
  // Vacuumed as well as analyzed: after a bulk load autovacuum would
  // otherwise wake up during the measurement and compete for the two cores.
  await sql`vacuum analyze`;
  const [{ n }] = await sql`select count(*)::int as n from public.customers where client_id = ${client.id} and status = 'atrisk'`;
  return { clientId: client.id, apiKey, atrisk: n };
}

const percentile = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
function summarize(latenciesMs, seconds, errors) {
  const s = Float64Array.from(latenciesMs).sort();
  return { count: s.length, rps: s.length / seconds, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1), errors };
}

/** Open loop: `rate` calls a second for `seconds`, latency from each call's scheduled time. */
async function fixedRate(call, rate, seconds) {
  const latencies = [];
  let errors = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((ok) => setTimeout(ok, wait));
    pending.push(call().then(
      (ok) => { if (ok) latencies.push(performance.now() - due); else errors++; },
      () => { errors++; },
    ));
  }
  await Promise.all(pending);
  // Throughput over the time until the last answer: below the offered rate
  // when the target cannot keep up.
  return summarize(latencies, (performance.now() - start) / 1000, errors);
}

/** Closed loop: `concurrency` callers back to back for `seconds`. */
async function saturate(call, concurrency, seconds) {
  const latencies = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        if (await call()) latencies.push(performance.now() - t); else errors++;
      } catch { errors++; }
    }
  }));
  return summarize(latencies, (performance.now() - started) / 1000, errors);
}

function apiCaller(url, apiKey) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const target = new URL(`${url}/functions/v1/api-inbound?${QUERY}`);
  return () => new Promise((ok, fail) => {
    const req = http.get(target, { agent, headers: { "x-api-key": apiKey } }, (res) => {
      let size = 0;
      res.on("data", (d) => (size += d.length));
      res.on("end", () => ok(res.statusCode === 200 && size > 1000));
    });
    req.on("error", fail);
  });
}

/** The SQL the function writes a customer's JSON with, read from the function's own module. */
function customerJsonSql() {
  const code = 'import { customerJsonSql } from "./supabase/functions/api-inbound/customer-json.ts"; console.log(customerJsonSql)';
  return execFileSync(join(root, "node_modules/.bin/deno"), ["eval", code], { cwd: root }).toString();
}

/**
 * The floor: the function's own page statement (same select list, filter,
 * order and limit) over a pool the size of the function's, prepared as the
 * function's are. No HTTP, no API key, no transaction, claims or RLS, no total.
 */
function floorCaller(sql, clientId) {
  const json = sql.unsafe(customerJsonSql());
  return async () => {
    const rows = await sql`
      select ${json} as json, (c.score)::text as sort_key, c.id,
             (select max(updated_at)::text from public.customers where client_id = ${clientId}) as stamp
      from public.customers c
      where c.client_id = ${clientId} and c.deleted_at is null and c.status = 'atrisk'
      order by c.score asc, c.id asc limit 100`;
    return rows.length === 100;
  };
}

function machine(sqlVersion) {
  const deno = execFileSync(join(root, "node_modules/.bin/deno"), ["--version"]).toString().split("\n")[0];
  return {
    cpu: os.cpus()[0].model, cores: os.cpus().length, ram: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`, node: process.version, deno, postgres: sqlVersion,
    load: os.loadavg().map((l) => l.toFixed(1)).join(" / "),
  };
}

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "—");

async function main() {
  console.error("starting an isolated stack…");
  const { info, stop } = await startIsolatedStack({ demo: false, prefix: "pulseboard-bench-" });
  const sql = postgres(info.dbUrl, { max: 10, onnotice: () => {} });
  try {
    console.error(`seeding ${CUSTOMERS} customers…`);
    const t = performance.now();
    const seeded = await seed(sql);
    console.error(`seeded in ${((performance.now() - t) / 1000).toFixed(1)} s; ${seeded.atrisk} at risk`);
    const [{ server_version: pg }] = await sql`show server_version`;
    const api = apiCaller(info.url, seeded.apiKey);
    const floor = floorCaller(sql, seeded.clientId);
    const probe = await fetch(`${info.url}/functions/v1/api-inbound?${QUERY}`, { headers: { "x-api-key": seeded.apiKey } }).then((r) => r.json());
    if (probe.customers?.length !== 100) throw new Error(`the API did not answer a page: ${JSON.stringify(probe).slice(0, 300)}`);

    const rows = [];
    for (const [name, call] of [["API", api], ["floor", floor]]) {
      await saturate(call, 8, WARMUP);
      // Service time without queueing: one request at a time.
      rows.push({ target: name, load: "1 caller for 5 s", ...(await saturate(call, 1, 5)) });
      rows.push({ target: name, load: `${RATE} req/s for ${RATE_SECONDS} s`, ...(await fixedRate(call, RATE, RATE_SECONDS)) });
      for (const c of CONCURRENCY) rows.push({ target: name, load: `${c} callers for ${SAT_SECONDS} s`, ...(await saturate(call, c, SAT_SECONDS)) });
    }

    const m = machine(pg);
    const lines = [
      `machine: ${m.cpu} × ${m.cores} cores, ${m.ram} RAM, ${m.os}; node ${m.node}, ${m.deno}, Postgres ${m.postgres}`,
      `load average at the end (1 / 5 / 15 min): ${m.load} — other work on the machine competes with the bench`,
      `request: GET /functions/v1/api-inbound?${QUERY}  (${CUSTOMERS} customers, ${seeded.atrisk} at risk)`,
      "",
      "| target | load | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
      "|---|---|---:|---:|---:|---:|---:|---:|",
      ...rows.map((r) => `| ${r.target} | ${r.load} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${r.errors} |`),
      "",
      "API ÷ floor:",
      ...rows.filter((r) => r.target === "API").map((r) => {
        const f = rows.find((x) => x.target === "floor" && x.load === r.load);
        return `  ${r.load}: req/s ×${fmt(r.rps / f.rps, 2)}, p50 ×${fmt(r.p50 / f.p50, 1)}, p95 ×${fmt(r.p95 / f.p95, 1)}, p99 ×${fmt(r.p99 / f.p99, 1)}`;
      }),
      "",
      `targets: p95 ≤ 25 ms at ${RATE} req/s → ${rows[1].p95 <= 25 ? "met" : "MISSED"} (${fmt(rows[1].p95)} ms); ` +
        `≥ 500 req/s at saturation → ${Math.max(...rows.filter((r) => r.target === "API").slice(2).map((r) => r.rps)) >= 500 ? "met" : "MISSED"}`,
    ];
    console.log(lines.join("\n"));
  } finally {
    await sql.end({ timeout: 2 });
    await stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
