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
import http from "node:http";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { startIsolatedStack } from "../../local/isolated-stack.mjs";
import { fixedRate, fmt, machine, saturate, seed } from "../load.mjs";

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

async function main() {
  console.error("starting an isolated stack…");
  const { info, stop } = await startIsolatedStack({ demo: false, prefix: "pulseboard-bench-" });
  const sql = postgres(info.dbUrl, { max: 10, onnotice: () => {} });
  try {
    console.error(`seeding ${CUSTOMERS} customers…`);
    const t = performance.now();
    const seeded = await seed(sql, CUSTOMERS);
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
