// RLS cost on the customer list: the same page of 100 customers read by a
// member through row-level security and by the service role (which bypasses
// RLS) with an explicit client filter, on 10 clients × 100,000 customers.
// A measurement, not a test: it prints medians, p95 and the ratio.
//
//   node bench/rls/run.mjs                 fresh temp cluster (local/pg.sh), migrated, seeded, removed after
//   DB_URL=postgres://… node bench/rls/run.mjs   an existing migrated database; seeds its own agency and removes it
//   options: --runs N (default 300), --customers N per client (default 100000), --explain
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { freePort } from "../../local/isolated-stack.mjs";

const root = resolve(import.meta.dirname, "../..");
const { values: opts } = parseArgs({
  options: {
    runs: { type: "string", default: "300" },
    customers: { type: "string", default: "100000" },
    clients: { type: "string", default: "10" },
    explain: { type: "boolean", default: false },
  },
});
const RUNS = Number(opts.runs);
const PER_CLIENT = Number(opts.customers);
const CLIENTS = Number(opts.clients);
const WARMUP = Math.min(50, RUNS);

const log = (...args) => console.error("·", ...args);

/** A private cluster with the bootstrap and our migrations, as local/stack.ts prepares it. */
async function freshCluster() {
  const dataDir = mkdtempSync(join(os.tmpdir(), "pulseboard-bench-"));
  const port = await freePort();
  execFileSync("bash", [join(root, "local/pg.sh"), "up", dataDir, String(port)], { stdio: "inherit" });
  const password = readFileSync(join(dataDir, "db-password"), "utf8").trim();
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql.unsafe(readFileSync(join(root, "local/bootstrap.sql"), "utf8"));
  await sql.end();
  execFileSync(join(root, "node_modules/.bin/supabase"), ["migration", "up", "--yes", "--remote", `${url}?sslmode=disable`],
    { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DO_NOT_TRACK: "1", SUPABASE_TELEMETRY_DISABLED: "1" } });
  const stop = () => {
    execFileSync("bash", [join(root, "local/pg.sh"), "down", dataDir], { stdio: "inherit" });
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop };
}

/** One agency, CLIENTS clients of PER_CLIENT customers each, and a member who manages client 1. */
async function seed(sql) {
  const suffix = randomBytes(4).toString("hex");
  const [{ id: userId }] = await sql`insert into auth.users (email) values (${`bench.${suffix}@bench.test`}) returning id`;
  const [{ id: agencyId }] = await sql`insert into public.agencies (name) values (${`Bench agency ${suffix}`}) returning id`;
  await sql`insert into public.agency_members (agency_id, user_id, role) values (${agencyId}, ${userId}, 'member')`;
  const clients = await sql`insert into public.clients (agency_id, name)
    select ${agencyId}, 'Bench client ' || n || ' ' || ${suffix} from generate_series(1, ${CLIENTS}) n
    returning id, name`;
  const ordered = clients.toSorted((a, b) => Number(a.name.split(" ")[2]) - Number(b.name.split(" ")[2]));
  await sql`insert into public.client_members (client_id, user_id, role) values (${ordered[0].id}, ${userId}, 'manager')`;

  // Bulk load without the audit and hook triggers: a bench needs the rows, not a million audit entries.
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    for (const [i, client] of ordered.entries()) {
      const started = Date.now();
      await tx`
        insert into public.customers (client_id, name, manager, tier, mrr, arr, lifecycle, tags, renewal_date, customer_since,
          logins, adoption, tickets, nps, days_since_contact, contact_baseline_at, growth,
          score, status, scored_at, created_at, updated_at, deleted_at)
        select ${client.id}, 'Account ' || ${i + 1} || '-' || g,
          (array['Ana Ruiz', 'Ben Okafor', 'Chloe Martin', 'Dev Patel', 'Eli Cohen', 'Fay Wong', 'Gus Berg', 'Hana Sato'])[1 + (r.m * 8)::int % 8],
          case when r.t < 0.6 then 'smb' when r.t < 0.9 then 'mid' else 'enterprise' end,
          round((200 + r.t * r.t * 20000)::numeric, 2), round((200 + r.t * r.t * 20000)::numeric * 12, 2),
          case when r.l < 0.1 then 'onboarding' when r.l < 0.8 then 'active' when r.l < 0.9 then 'atrisk' when r.l < 0.95 then 'won' else 'churned' end,
          case when r.m < 0.3 then array['beta'] when r.m < 0.5 then array['beta', 'emea'] else '{}' end,
          current_date + (r.d * 400)::int - 30, current_date - (r.d * 2000)::int,
          (r.s * 40)::int, round((r.s * 100)::numeric, 2), ((1 - r.s) * 8)::int, round((r.s * 10)::numeric, 2),
          (r.d * 200)::int, now() - interval '1 day' * (r.d * 10),
          case when r.m < 0.3 then 'none' when r.m < 0.8 then 'mild' else 'strong' end,
          round((r.s * 100)::numeric, 4),
          case when r.s < 0.25 then 'critical' when r.s < 0.5 then 'atrisk' when r.s < 0.65 then 'watch'
               when r.s < 0.8 then 'healthy' else 'expansion' end,
          now() - interval '1 minute' * (r.u * 100000),
          now() - interval '1 day' * (700 + r.u * 700), now() - interval '1 minute' * (r.u * 500000),
          case when r.x < 0.02 then now() - interval '1 day' * (r.x * 1000) end
        from generate_series(1, ${PER_CLIENT}) g,
          lateral (select random() t, random() l, random() m, random() d, random() s, random() u, random() x, g as seq) r`;
      log(`client ${i + 1}/${ordered.length}: ${PER_CLIENT} customers in ${Date.now() - started} ms`);
    }
  });
  await sql`analyze public.customers`;
  await sql`analyze public.clients`;
  await sql`analyze public.client_members`;
  await sql`analyze public.agency_members`;
  return { agencyId, userId, clientId: ordered[0].id, suffix };
}

const listFiltered = {
  title: "filtered list: (status = 'atrisk' or tier = 'enterprise'), not deleted, score asc, id, limit 100",
  rls: (tx) => tx`select id, name, manager, tier, mrr, lifecycle, score, status, updated_at from public.customers
                  where (status = 'atrisk' or tier = 'enterprise') and deleted_at is null
                  order by score asc, id limit 100`,
  rlsWithFilter: (tx, clientId) => tx`select id, name, manager, tier, mrr, lifecycle, score, status, updated_at from public.customers
                  where client_id = ${clientId} and (status = 'atrisk' or tier = 'enterprise') and deleted_at is null
                  order by score asc, id limit 100`,
  explainSql: `select id, name, manager, tier, mrr, lifecycle, score, status, updated_at from public.customers
               where $CLIENT (status = 'atrisk' or tier = 'enterprise') and deleted_at is null order by score asc, id limit 100`,
};
const listDefault = {
  title: "default list: not deleted, updated_at desc, change_id desc, limit 100",
  rls: (tx) => tx`select id, name, manager, tier, mrr, lifecycle, score, status, updated_at from public.customers
                  where deleted_at is null order by updated_at desc, change_id desc limit 100`,
  rlsWithFilter: (tx, clientId) => tx`select id, name, manager, tier, mrr, lifecycle, score, status, updated_at from public.customers
                  where client_id = ${clientId} and deleted_at is null order by updated_at desc, change_id desc limit 100`,
  explainSql: `select id, name, manager, tier, mrr, lifecycle, score, status, updated_at from public.customers
               where $CLIENT deleted_at is null order by updated_at desc, change_id desc limit 100`,
};

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
function stats(samples) {
  const s = samples.toSorted((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

async function measure(sql, member, clientId, list) {
  const claims = JSON.stringify({ sub: member, role: "authenticated", email: "bench@bench.test" });
  const samples = { rls: [], rlsFiltered: [], rlsTx: [], service: [] };
  let rows = {};
  // As the edge functions run a user's request: one transaction, claims and role set locally.
  const asMember = async (query, sink) => {
    const t0 = process.hrtime.bigint();
    let t1 = 0;
    let got;
    await sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${claims}, true), set_config('role', 'authenticated', true)`;
      const q0 = process.hrtime.bigint();
      got = await query(tx);
      t1 = ms(q0);
    });
    sink?.push(t1);
    return { got, total: ms(t0) };
  };
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const keep = i >= WARMUP;
    // Interleaved, so drift (autovacuum, caches, a busy neighbour) hits both sides alike.
    const a = await asMember((tx) => list.rls(tx), keep ? samples.rls : null);
    if (keep) samples.rlsTx.push(a.total);
    const b = await asMember((tx) => list.rlsWithFilter(tx, clientId), keep ? samples.rlsFiltered : null);
    const q0 = process.hrtime.bigint();
    const c = await list.rlsWithFilter(sql, clientId); // superuser: bypasses RLS, so the filter is explicit
    if (keep) samples.service.push(ms(q0));
    if (i === 0) rows = { rls: a.got, rlsFiltered: b.got, service: c };
  }
  // The three must return the same page, or the comparison means nothing.
  const ids = (r) => r.map((x) => x.id).join(",");
  if (ids(rows.rls) !== ids(rows.service) || ids(rows.rlsFiltered) !== ids(rows.service) || rows.service.length !== 100) {
    throw new Error(`${list.title}: the member and the service role got different pages`);
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v)]));
}

/** The fixed cost RLS adds to every query: the policy helper, run once per statement as an initplan. */
async function measureHelper(sql, member) {
  const claims = JSON.stringify({ sub: member, role: "authenticated" });
  const samples = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    await sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${claims}, true), set_config('role', 'authenticated', true)`;
      const t0 = process.hrtime.bigint();
      await tx`select (select private.readable_client_ids()) as ids`;
      if (i >= WARMUP) samples.push(ms(t0));
    });
  }
  return stats(samples);
}

async function explain(sql, member, clientId, list) {
  const claims = JSON.stringify({ sub: member, role: "authenticated" });
  const out = [];
  for (const [label, filter, asRls] of [["member, RLS only", "", true], ["service role, client_id filter", `client_id = '${clientId}' and`, false]]) {
    const text = `explain (analyze, costs off, timing off, summary off) ${list.explainSql.replace("$CLIENT", filter)}`;
    const plan = await sql.begin(async (tx) => {
      if (asRls) await tx`select set_config('request.jwt.claims', ${claims}, true), set_config('role', 'authenticated', true)`;
      return tx.unsafe(text);
    });
    out.push(`  ${label}:\n${plan.map((r) => "    " + r["QUERY PLAN"]).join("\n")}`);
  }
  return out.join("\n");
}

async function main() {
  const cluster = process.env.DB_URL ? null : await freshCluster();
  const url = process.env.DB_URL ?? cluster.url;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let seeded;
  try {
    log(`seeding ${CLIENTS} clients × ${PER_CLIENT} customers…`);
    seeded = await seed(sql);
    const [{ version }] = await sql`select current_setting('server_version') as version`;
    const cpus = os.cpus();
    const lines = [
      "",
      "RLS bench — list 100 customers of client 1",
      `machine: ${cpus[0]?.model ?? "unknown cpu"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}`,
      `postgres ${version}; ${CLIENTS} clients × ${PER_CLIENT} customers; ${RUNS} runs each after ${WARMUP} warm-up, interleaved`,
      "",
    ];
    const helper = await measureHelper(sql, seeded.userId);
    lines.push(`policy helper alone: select (select private.readable_client_ids())   median ${helper.median.toFixed(2)} ms   p95 ${helper.p95.toFixed(2)} ms`, "");
    for (const list of [listFiltered, listDefault]) {
      const r = await measure(sql, seeded.userId, seeded.clientId, list);
      const f = (x) => x.toFixed(2).padStart(7);
      const ratio = (a) => (a.median / r.service.median).toFixed(2);
      lines.push(list.title);
      lines.push(`  service role, explicit client_id   median ${f(r.service.median)} ms   p95 ${f(r.service.p95)} ms`);
      lines.push(`  member, RLS only                   median ${f(r.rls.median)} ms   p95 ${f(r.rls.p95)} ms   ratio ${ratio(r.rls)}×`);
      lines.push(`  member, RLS + client_id filter     median ${f(r.rlsFiltered.median)} ms   p95 ${f(r.rlsFiltered.p95)} ms   ratio ${ratio(r.rlsFiltered)}×`);
      lines.push(`  member, whole transaction (RLS only: begin, set_config, query, commit)  median ${f(r.rlsTx.median)} ms   p95 ${f(r.rlsTx.p95)} ms`);
      const realistic = r.rlsFiltered.median / r.service.median;
      lines.push(`  target ≤ 1.5× for the member as the API queries (RLS + client_id): ${realistic <= 1.5 ? "met" : "NOT met"} (${realistic.toFixed(2)}×)`);
      if (opts.explain) lines.push(await explain(sql, seeded.userId, seeded.clientId, list));
      lines.push("");
    }
    console.log(lines.join("\n"));
  } finally {
    if (seeded && !cluster) {
      await sql`delete from public.agencies where id = ${seeded.agencyId}`;
      await sql`delete from auth.users where id = ${seeded.userId}`;
    }
    await sql.end();
    cluster?.stop();
  }
}

await main();
