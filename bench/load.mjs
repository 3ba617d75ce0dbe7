// What the benchmarks share: open-loop and closed-loop load with latency
// percentiles, the machine they ran on, and the 100,000-customer client they
// measure (seeded by SQL).
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");

/** One client of `customers` customers with realistic signals; scores drawn in range with matching bands. */
export async function seed(sql, customers) {
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
    from (select i, random() as h, random() as r1, random() as r2, random() as r3 from generate_series(1, ${customers}) i) s,
    lateral (select case when r3 < 0.5 then 'smb' when r3 < 0.85 then 'mid' else 'enterprise' end as tier,
                    round((case when r3 < 0.5 then 400 when r3 < 0.85 then 2500 else 9000 end * (0.5 + r1 * 1.5))::numeric, -1) as mrr) t`;
  // Vacuumed as well as analyzed: after a bulk load autovacuum would
  // otherwise wake up during the measurement and compete for the two cores.
  await sql`vacuum analyze`;
  const [{ n }] = await sql`select count(*)::int as n from public.customers where client_id = ${client.id} and status = 'atrisk'`;
  return { clientId: client.id, apiKey, atrisk: n };
}

/** A new owner of the client's agency, created through /auth/v1's admin API: the user a dashboard bench signs in as. */
export async function makeOwner(info, sql, clientId, label) {
  const email = `bench.${randomBytes(4).toString("hex")}@${label}.bench`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const admin = { apikey: info.serviceRoleKey, authorization: `Bearer ${info.serviceRoleKey}`, "content-type": "application/json" };
  const user = await (await fetch(`${info.url}/auth/v1/admin/users`, {
    method: "POST", headers: admin, body: JSON.stringify({ email, password, email_confirm: true }),
  })).json();
  const [{ agency_id }] = await sql`select agency_id from public.clients where id = ${clientId}`;
  await sql`insert into public.agency_members (agency_id, user_id, role) values (${agency_id}, ${user.id}, 'owner')`;
  return { email, password };
}

const percentile = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
export function summarize(latenciesMs, seconds, errors) {
  const s = Float64Array.from(latenciesMs).sort();
  return { count: s.length, rps: s.length / seconds, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1), errors };
}

/** Open loop: `rate` calls a second for `seconds`, latency from each call's scheduled time. */
export async function fixedRate(call, rate, seconds) {
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
export async function saturate(call, concurrency, seconds) {
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

export function machine(sqlVersion) {
  const deno = execFileSync(join(root, "node_modules/.bin/deno"), ["--version"]).toString().split("\n")[0];
  return {
    cpu: os.cpus()[0].model, cores: os.cpus().length, ram: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`, node: process.version, deno, postgres: sqlVersion,
    load: os.loadavg().map((l) => l.toFixed(1)).join(" / "),
  };
}

export const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "—");

