// Rescoring customers with the shared engine, inside the caller's transaction:
// score, band, lifecycle transition and history written by one set-based
// statement, so a client of 100,000 customers rescored costs one round trip.
import {
  daysSinceContact, effectiveSettings, nextLifecycle, scoreSignals, scoringProfileSchema, settingsSchema, signalNames,
  type Band, type ScoringProfile, type Settings, type Signals,
} from "@shared/index.ts";
import type { Tx } from "./db.ts";
import { HttpError } from "./http.ts";

export type ScoreReason = "signals" | "manual" | "config_change" | "decay" | "import" | "backfill";

export type ScoringConfig = { version: number; settings: Settings; profiles: Map<string, ScoringProfile> };

/** The database accepts weights naming only some signals (the rest weigh 0); the engine wants all seven. */
const withAllSignals = (weights: Record<string, number>) =>
  ({ ...Object.fromEntries(signalNames.map((n) => [n, 0])), ...weights });

/** The client's settings and profiles, as RLS lets this transaction see them. */
export async function loadScoringConfig(tx: Tx, clientId: string): Promise<ScoringConfig> {
  const [row] = await tx`
    select version, weights, bands, mappings, cadence, renewal_windows, signal_thresholds, expansion
    from public.client_settings where client_id = ${clientId}`;
  if (!row) throw new HttpError(404, "not_found", "no such client", "client_id");
  const settings = settingsSchema.parse({
    weights: withAllSignals(row.weights), bands: row.bands, mappings: row.mappings, cadence: row.cadence,
    renewalWindows: row.renewal_windows, signalThresholds: row.signal_thresholds, expansion: row.expansion,
  });
  const profiles = await tx`select id, name, weights, mappings, bands from public.scoring_profiles where client_id = ${clientId}`;
  return {
    version: row.version,
    settings,
    profiles: new Map(profiles.map((p) => [p.id as string, scoringProfileSchema.parse({
      name: p.name, weights: withAllSignals(p.weights), mappings: p.mappings, bands: p.bands ?? undefined,
    })])),
  };
}

/** What scoring reads of a customer (numerics as float8: postgres.js gives numeric as text). */
type ScoringRow = {
  id: string; seen: number; lifecycle: string; score_manual: boolean; score: number | null; status: Band | null;
  score_missing: string[]; config_version: number | null; scoring_profile_id: string | null;
  logins: number | null; adoption: number | null; tickets: number | null; nps: number | null;
  nps_category: Signals["npsCategory"]; csat: number | null; days_since_contact: number | null;
  contact_baseline_at: Date | null; growth: Signals["growth"];
};

/** The signal columns of a stored customer. */
export type StoredSignals = Pick<ScoringRow, "logins" | "adoption" | "tickets" | "nps" | "nps_category" | "csat" |
  "days_since_contact" | "contact_baseline_at" | "growth">;

/** The signals of a stored customer as the engine reads them, days decayed to `now`. */
export function signalsOf(row: StoredSignals, now: Date): Signals {
  return {
    logins: row.logins, adoption: row.adoption, tickets: row.tickets, nps: row.nps, npsCategory: row.nps_category,
    csat: row.csat, growth: row.growth,
    days: daysSinceContact(row.days_since_contact, row.contact_baseline_at, now),
  };
}

export type RescoreOptions = {
  clientId: string;
  /** Only these customers; all of the client's when absent. */
  ids?: string[];
  /** Only ids in [from, to) (to null: no upper end): one batch of a whole-client rescore. */
  range?: { from: string; to: string | null };
  reason: ScoreReason;
  now?: Date;
  config?: ScoringConfig;
};

/**
 * Rescores and writes. Rows whose score, band, lifecycle and configuration
 * version are unchanged are not touched (so running decay twice for the same
 * day changes nothing); a signals or manual write always records history.
 * Churned and deleted customers are not scored.
 */
export async function rescoreCustomers(tx: Tx, o: RescoreOptions): Promise<{ scanned: number; updated: number; skipped: number }> {
  const now = o.now ?? new Date();
  const config = o.config ?? await loadScoringConfig(tx, o.clientId);
  const rows = await tx<ScoringRow[]>`
    select id, version as seen, lifecycle, score_manual, score::float8 as score, status, score_missing, config_version, scoring_profile_id,
           logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category, csat::float8 as csat,
           days_since_contact, contact_baseline_at, growth
    from public.customers
    where client_id = ${o.clientId} and deleted_at is null and lifecycle <> 'churned'
      ${o.ids ? tx`and id = any(${o.ids}::uuid[])` : tx``}
      ${o.range ? tx`and id >= ${o.range.from}::uuid ${o.range.to ? tx`and id < ${o.range.to}::uuid` : tx``}` : tx``}`;

  const always = o.reason === "signals" || o.reason === "manual" || o.reason === "import";
  const out = { ids: [] as string[], seen: [] as number[], scores: [] as (number | null)[], statuses: [] as (string | null)[],
    missing: [] as string[], lifecycles: [] as string[], days: [] as (number | null)[] };
  for (const row of rows) {
    const profile = row.scoring_profile_id ? config.profiles.get(row.scoring_profile_id) : undefined;
    const signals = signalsOf(row, now);
    const result = scoreSignals(signals, effectiveSettings(config.settings, profile), {
      manualScore: row.score_manual ? row.score : null,
      bestImprovement: false,
    });
    const score = result.score === null ? null : Math.round(result.score * 10_000) / 10_000;
    const lifecycle = nextLifecycle(row.lifecycle, result.band);
    const missing = result.missing.join(",");
    const unchanged = score === row.score && result.band === row.status && lifecycle === row.lifecycle &&
      missing === row.score_missing.join(",") && row.config_version === config.version;
    if (unchanged && !always) continue;
    out.ids.push(row.id); out.seen.push(row.seen); out.scores.push(score); out.statuses.push(result.band);
    out.missing.push(missing); out.lifecycles.push(lifecycle); out.days.push(signals.days ?? null);
  }
  if (out.ids.length === 0) return { scanned: rows.length, updated: 0, skipped: 0 };

  // RLS lets a viewer read rows it may not write; say so rather than write nothing quietly.
  const [{ may }] = await tx`select current_user <> 'pulseboard_api' or ${o.clientId}::uuid = any(private.editable_client_ids()) as may`;
  if (!may) throw new HttpError(403, "forbidden", "you may not change these customers", "client_id");

  const [{ updated }] = await tx`
    with v as (
      select * from unnest(${out.ids}::uuid[], ${out.seen}::int[], ${out.scores}::numeric[], ${out.statuses}::text[],
                           ${out.missing}::text[], ${out.lifecycles}::text[], ${out.days}::int[])
        as v(id, seen, score, status, missing, lifecycle, days)
    ), u as (
      update public.customers c
      -- previous_score is the score before the last change of score: a
      -- rescore that keeps the score keeps it too (and so changes nothing).
      set previous_score = case when v.score is distinct from c.score then c.score else c.previous_score end, score = v.score, status = v.status,
          score_missing = coalesce(string_to_array(nullif(v.missing, ''), ','), '{}'), lifecycle = v.lifecycle,
          scored_at = now(), config_version = ${config.version}
      -- A row changed by another transaction since it was read keeps that
      -- writer's score (the writer rescored it); ours would be from stale
      -- signals. A row whose rescore changes nothing is skipped by the
      -- customers' change trigger: no history for it.
      from v where c.id = v.id and c.version = v.seen
      returning c.id, c.client_id, c.score, c.status, c.logins, c.adoption, c.tickets, c.nps, c.nps_category,
                c.csat, c.growth, v.days
    ), h as (
      insert into public.score_history (client_id, customer_id, score, status, reason, signals, config_version)
      select client_id, id, score, status, ${o.reason},
             jsonb_build_object('logins', logins, 'adoption', adoption, 'tickets', tickets, 'nps', nps,
                                'nps_category', nps_category, 'csat', csat, 'days', days, 'growth', growth),
             ${config.version}
      from u
    )
    select count(*)::int as updated from u`;
  return { scanned: rows.length, updated, skipped: out.ids.length - updated };
}
