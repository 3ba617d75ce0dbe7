// What the settings page shows beside the editor: a draft's effect on the
// client's real customers before it is saved (the same engine and the same
// rows a save's rescore reads, written nowhere), and the settings' health —
// customers per band and profile, missing and stale signals, never scored.
import { previewSettingsAnswer, settingsHealthAnswer } from "@shared/settings/answers.ts";
import { bandChanges, type ScoredPair } from "@shared/settings/band-changes.ts";
import { settingsInputs } from "@shared/settings/inputs.ts";
import { mergeSettings } from "@shared/settings/merge.ts";
import { type Band, bandNames, effectiveSettings, scoreSignals, settingsSchema, signalNames } from "@shared/index.ts";
import type { z } from "zod";
import type { Tx } from "../../_shared/db.ts";
import { parseOr400 } from "../../_shared/http.ts";
import { stampedCache } from "../../_shared/stamped-cache.ts";
import { clientAction, readers } from "../../_shared/registry.ts";
import { loadScoringConfig, signalsOf, type StoredSignals } from "../../_shared/rescore.ts";

type PreviewRow = StoredSignals & {
  id: string; score: number | null; status: Band | null; score_manual: boolean; scoring_profile_id: string | null;
};

/**
 * The rows a preview scores, reused while the client's customers and
 * configuration are unchanged (the stamp: configuration version, newest
 * customer change, today), for at most a minute. Dragging a weight's slider
 * asks for a preview after every move; reading 100,000 rows again for each
 * cost more than scoring them. A few clients at a time: the rows are large.
 */
const previewRows = stampedCache<PreviewRow[]>(60_000, 4);

const readRows = (tx: Tx, clientId: string) => tx<PreviewRow[]>`
  select id, score::float8 as score, status, score_manual, scoring_profile_id,
         logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category, csat::float8 as csat,
         days_since_contact, contact_baseline_at, growth
  from public.customers where client_id = ${clientId} and deleted_at is null and lifecycle <> 'churned'`;

/**
 * Scores every customer a save would rescore (live, not churned) with the
 * draft, against the score and band stored now: the moves counted are the
 * moves the save's rescore makes.
 */
async function previewSettings(tx: Tx, clientId: string, input: z.output<typeof settingsInputs.preview_settings>) {
  const { movers, profile, ...draft } = input;
  const config = await loadScoringConfig(tx, clientId);
  const settings = parseOr400(settingsSchema, mergeSettings(config.settings, draft));
  const [{ stamp }] = await tx`
    select concat_ws(' ', private.utc_today(), ${config.version}::int,
      (select max(updated_at)::text from public.customers where client_id = ${clientId})) as stamp`;
  const rows = await previewRows(clientId, stamp, () => readRows(tx, clientId));
  const now = new Date();
  // One effective configuration per profile, not one per customer.
  const perProfile = new Map<string | null, ReturnType<typeof effectiveSettings>>([[null, settings]]);
  for (const [id, saved] of config.profiles) {
    const drafted = profile && saved.name.toLowerCase() === profile.name.toLowerCase();
    perProfile.set(id, effectiveSettings(settings, drafted ? profile : saved));
  }
  function* pairs(): Generator<ScoredPair> {
    for (const row of rows) {
      const result = scoreSignals(signalsOf(row, now), perProfile.get(row.scoring_profile_id) ?? settings, {
        manualScore: row.score_manual ? row.score : null,
        bestImprovement: false,
      });
      // Stored as a rescore stores it (4 decimals), so an unchanged customer is not a mover by a rounding.
      const toScore = result.score === null ? null : Math.round(result.score * 10_000) / 10_000;
      yield { id: row.id, name: "", fromScore: row.score, fromBand: row.status, toScore, toBand: result.band };
    }
  }
  const changes = bandChanges(pairs(), movers);
  // Names only for the few movers shown, not for every row read.
  const ids = changes.movers.map((m) => m.id);
  const names = new Map((await tx`select id, name from public.customers where id = any(${ids}::uuid[])`).map((r) => [r.id, r.name]));
  return {
    ...changes,
    movers: changes.movers.map((m) => ({
      id: m.id, name: names.get(m.id) ?? "", from_score: m.fromScore, from_band: m.fromBand, to_score: m.toScore, to_band: m.toBand, change: m.change,
    })),
    config_version: config.version,
  };
}

async function settingsHealth(tx: Tx, clientId: string) {
  const config = await loadScoringConfig(tx, clientId);
  const staleness = config.settings.signalThresholds.stalenessDays;
  const [row] = await tx`
    select count(*)::int as customers,
           ${tx.unsafe(bandNames.map((b) => `count(*) filter (where status = '${b}')::int as "${b}"`).join(", "))},
           count(*) filter (where score is null)::int as never_scored,
           count(*) filter (where logins is null)::int as logins, count(*) filter (where adoption is null)::int as adoption,
           count(*) filter (where tickets is null)::int as tickets,
           count(*) filter (where nps is null and nps_category is null)::int as nps,
           count(*) filter (where csat is null)::int as csat, count(*) filter (where days_since_contact is null)::int as days,
           count(*) filter (where growth is null)::int as growth,
           count(*) filter (where exists (
             select 1 from jsonb_each_text(signal_updated_at) s
             where s.value::timestamptz < now() - make_interval(days => ${staleness}::int)))::int as stale
    from public.customers where client_id = ${clientId} and deleted_at is null and lifecycle <> 'churned'`;
  const profiles = await tx`
    select p.name, count(c.id)::int as customers
    from public.scoring_profiles p
    left join public.customers c on c.scoring_profile_id = p.id and c.deleted_at is null and c.lifecycle <> 'churned'
    where p.client_id = ${clientId} group by p.id, p.name order by lower(p.name)`;
  return {
    customers: row.customers,
    bands: Object.fromEntries(bandNames.map((b) => [b, row[b]])),
    never_scored: row.never_scored,
    missing: Object.fromEntries(signalNames.map((s) => [s, row[s]])),
    stale: row.stale,
    staleness_days: staleness,
    profiles: profiles.map((p) => ({ name: p.name, customers: p.customers })),
  };
}

export const settingsPreviewActions = {
  preview_settings: clientAction({
    summary: "What a settings draft would do to the client's customers (band moves, biggest movers), computed by the engine without saving",
    write: false, roles: readers, access: "user",
    input: settingsInputs.preview_settings, answer: previewSettingsAnswer,
    run: ({ tx, clientId, input }) => previewSettings(tx, clientId, input),
  }),
  settings_health: clientAction({
    summary: "The client's customers per band and profile, signals missing or stale, customers never scored",
    write: false, roles: readers, access: "user",
    input: settingsInputs.settings_health, answer: settingsHealthAnswer,
    run: ({ tx, clientId }) => settingsHealth(tx, clientId),
  }),
};
