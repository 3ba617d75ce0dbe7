// Where a full-client rescore spends its time: each stage of rescoreCustomers
// timed on its own (read, JS scoring, the write with and without triggers),
// inside a transaction that is rolled back. A profiling aid beside run.mjs.
//
//   deno run -A bench/scoring/profile.ts <db-url> <client-id>
import postgres from "postgres";
import { defaultSettings, effectiveSettings, scoreSignals } from "@shared/index.ts";
import { loadScoringConfig, signalsOf } from "../../supabase/functions/_shared/rescore.ts";
import type { Tx } from "../../supabase/functions/_shared/db.ts";

const [dbUrl, clientId] = Deno.args;
const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
const t = () => performance.now();
const lap = (label: string, since: number) => console.log(`${label.padEnd(44)} ${((t() - since) / 1000).toFixed(2)} s`);

await sql.begin(async (tx) => {
  let at = t();
  const config = await loadScoringConfig(tx as unknown as Tx, clientId);
  const rows = await tx`
    select id, lifecycle, score_manual, score::float8 as score, status, score_missing, config_version, scoring_profile_id,
           logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category, csat::float8 as csat,
           days_since_contact, contact_baseline_at, growth
    from public.customers where client_id = ${clientId} and deleted_at is null and lifecycle <> 'churned'`;
  lap(`read ${rows.length} rows`, at);

  at = t();
  const now = new Date();
  const settings = effectiveSettings(config.settings, null);
  const results = rows.map((r) => scoreSignals(signalsOf(r as never, now), settings));
  lap("scoreSignals (with best improvement)", at);
  void defaultSettings;

  return { ids: rows.map((r) => r.id), results };
}).then(async ({ ids, results }) => {
  const scores = results.map((r) => r.score === null ? null : Math.round(r.score * 10_000) / 10_000);
  const statuses = results.map((r) => r.band);
  // Each variant in its own rolled-back transaction, the table vacuumed before,
  // so one variant's dead tuples never slow the next.
  const update = async (label: string, setup: string[]) => {
    await sql`vacuum public.customers`;
    await sql.begin(async (tx) => {
      for (const s of setup) await tx.unsafe(s);
      const at = t();
      const [{ n }] = await tx`
        with v as (select * from unnest(${ids}::uuid[], ${scores}::numeric[], ${statuses}::text[]) as v(id, score, status)),
        u as (update public.customers c set previous_score = c.score, score = v.score, status = v.status,
                     scored_at = now(), config_version = coalesce(c.config_version, 0) + 1
              from v where c.id = v.id returning c.id)
        select count(*)::int as n from u`;
      lap(`${label} (${n} rows)`, at);
      throw new Error("rollback");
    }).catch((e) => { if (e.message !== "rollback") throw e; });
  };
  const plan = await sql`explain with v as (select * from unnest(${ids}::uuid[], ${scores}::numeric[], ${statuses}::text[]) as v(id, score, status))
    update public.customers c set score = v.score from v where c.id = v.id`;
  console.log(plan.map((r) => Object.values(r)[0]).join("\n"));
  await update("UPDATE, all triggers", []);
  await update("UPDATE, without the audit trigger", ["alter table public.customers disable trigger audit_update"]);
  await update("UPDATE, without the hook trigger", ["alter table public.customers disable trigger enqueue_hooks_update"]);
  await update("UPDATE, no triggers at all", ["set local session_replication_role = replica"]);
  await update("UPDATE, all triggers (again)", []);
}).catch((e) => { if (e.message !== "done") throw e; });
await sql.end();
