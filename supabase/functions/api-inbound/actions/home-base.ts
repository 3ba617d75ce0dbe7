// Home Base (one client's portfolio at a glance) and the agency overview
// (every client the caller may open, side by side). The figures are one
// aggregate the database computes (private.home_base, from the tallies its
// writes keep; private.agency_overview);
// this module adds what the shared engine defines: priority levels, the
// expansion estimate and the heatmap's mapped signals.
import { agencyOverviewAnswer, homeBaseAnswer, type HomeAccount, type HomeBase } from "@shared/home/answers.ts";
import {
  bandNames, bandOf, effectiveSettings, expansionEstimateOf, mapSignal, priorityLevel, signalNames, STEADY_BAND, type Band,
} from "@shared/index.ts";
import { z } from "zod";
import type { Tx } from "../../_shared/db.ts";
import { callerAction, clientAction, readers } from "../../_shared/registry.ts";
import { loadScoringConfig, signalsOf, type StoredSignals } from "../../_shared/rescore.ts";
import { stampedCache } from "../../_shared/stamped-cache.ts";
import { stampSql } from "../count-cache.ts";

/** How many accounts each Home Base list shows, and how many rows the heatmap has. */
const LIST_LENGTH = 8;
const HEATMAP_ROWS = 20;

type Aggregate = {
  today: string; accounts: number; scored: number; average_score: number | null; total_mrr: number;
  improving: number; declining: number;
  bands: Partial<Record<Band, { count: number; mrr: number }>>;
  tiers: HomeBase["tiers"];
  renewals: HomeBase["renewal_pipeline"];
  lists: Partial<Record<"priority" | "improved" | "dropped" | "recently_scored", Omit<HomeAccount, "priority_level">[]>>;
};

/**
 * The aggregate reads the tallies the writes keep (a few milliseconds at
 * 100,000 customers; the scan of every customer when a day's bases are
 * missing, see migration 20261202007000); a dashboard opens Home Base over
 * and over while nothing changed. It is reused while the client's
 * newest customer change (every write, rescore, decay, delete and restore
 * moves updated_at), its settings version and the UTC day are the same, and
 * for at most 30 s.
 */
const homeCache = stampedCache<HomeBase>(30_000);

const withLevel = (rows: Omit<HomeAccount, "priority_level">[] = []): HomeAccount[] =>
  rows.map((r) => ({ ...r, priority_level: priorityLevel(r.priority) }));

/** Everything Home Base shows, from the one aggregate and the worst accounts' signals. */
async function computeHomeBase(tx: Tx, clientId: string): Promise<HomeBase> {
  const [{ home }] = await tx`select private.home_base(${clientId}, ${STEADY_BAND}, ${LIST_LENGTH}) as home`;
  const a = home as Aggregate;
  const config = await loadScoringConfig(tx, clientId);
  const bands = Object.fromEntries(bandNames.map((b) => [b, a.bands[b] ?? { count: 0, mrr: 0 }])) as HomeBase["bands"];
  const healthy = bands.healthy.count + bands.expansion.count;
  const percent = config.settings.expansion.percentOfMrr;

  // The worst-scored live accounts, each signal mapped with the settings it is scored with.
  const worst = await tx<(StoredSignals & { id: string; name: string; score: number | null; status: Band | null; scoring_profile_id: string | null })[]>`
    select id, name, score::float8 as score, status, scoring_profile_id,
           logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category, csat::float8 as csat,
           days_since_contact, contact_baseline_at, growth
    from public.customers c
    where client_id = ${clientId} and deleted_at is null and lifecycle <> 'churned' and score is not null
    -- c.score, not the float8 output column: the index (client_id, score, id) gives this order.
    order by c.score, c.name, c.id limit ${HEATMAP_ROWS}`;
  const now = new Date();
  const heatmap = worst.map((row) => {
    const profile = row.scoring_profile_id ? config.profiles.get(row.scoring_profile_id) : undefined;
    const { mappings } = effectiveSettings(config.settings, profile);
    const signals = signalsOf(row, now);
    return {
      id: row.id, name: row.name, score: row.score, status: row.status,
      signals: Object.fromEntries(signalNames.map((s) => [s, mapSignal(s, signals, mappings)])) as HomeBase["heatmap"][number]["signals"],
    };
  });

  return {
    today: a.today, accounts: a.accounts, scored: a.scored, average_score: a.average_score,
    average_band: a.average_score === null ? null : bandOf(a.average_score, config.settings.bands),
    healthy_percent: a.scored === 0 ? null : (healthy / a.scored) * 100,
    improving: a.improving, declining: a.declining, steady_band: STEADY_BAND,
    total_mrr: a.total_mrr,
    revenue_at_risk: { count: bands.critical.count + bands.atrisk.count, mrr: bands.critical.mrr + bands.atrisk.mrr },
    upcoming_renewals: { count: a.renewals[0].count, mrr: a.renewals[0].mrr },
    expansion: { ...bands.expansion, percent_of_mrr: percent, estimate: expansionEstimateOf(bands.expansion.mrr, config.settings) },
    bands, renewal_pipeline: a.renewals, tiers: a.tiers,
    priority: withLevel(a.lists.priority), most_improved: withLevel(a.lists.improved),
    biggest_drops: withLevel(a.lists.dropped), recently_scored: withLevel(a.lists.recently_scored),
    heatmap,
  };
}

export const homeBaseActions = {
  home_base: clientAction({
    summary: "Home Base: one client's portfolio health, money, renewals, movers and priorities",
    access: "user", write: false, roles: readers,
    input: z.object({}), answer: homeBaseAnswer,
    async run({ tx, clientId }) {
      const [{ stamp }] = await tx`
        select concat_ws(' ', private.utc_today(),
          (select version from public.client_settings where client_id = ${clientId}),
          ${stampSql(tx, clientId)}) as stamp`;
      return await homeCache(clientId, stamp, () => computeHomeBase(tx, clientId));
    },
  }),

  agency_overview: callerAction({
    summary: "Every client the signed-in user may open, side by side: health, revenue at risk, critical, renewals, 7-day trend",
    write: false, roles: readers,
    input: z.object({}), answer: agencyOverviewAnswer,
    async run({ tx }) {
      const clients = await tx`select client_id, name, accounts::int, average_score, revenue_at_risk, critical::int,
                                      renewals_30d::int, week_change
                               from private.agency_overview()`;
      return { clients };
    },
  }),
};
