// In-app alert rules (SPEC §5): which alerts a customer raises now, each with its severity and the numbers behind it.
//
// The database evaluates the same rules (private.alert_conditions, migration
// 20261202020000) in the transaction of every customer write and in the daily
// job; tests/integration/alerts/parity.test.ts compares both on generated
// customers, so a change here needs its twin there.
import type { Band } from "../scoring/bands.ts";
import type { NpsCategory } from "../scoring/signals.ts";
import type { Settings } from "../scoring/settings.ts";
import { npsCategoryOf } from "../scoring/signals.ts";
import { renewalUrgency } from "../derived/renewal.ts";
import { momentum } from "../derived/momentum.ts";
import type { Tier } from "../derived/cadence.ts";

export const alertCategories = ["health", "tickets", "engagement", "renewal", "quiet", "momentum", "sentiment", "expansion"] as const;
export type AlertCategory = (typeof alertCategories)[number];

/** Worst first: the order of the priority view. */
export const alertSeverities = ["critical", "warning", "attention", "opportunity"] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

/** One stored alert per customer and rule; a category may hold several rules (sentiment has three). */
export const ruleCategories = {
  health: "health",
  tickets: "tickets",
  low_logins: "engagement",
  low_adoption: "engagement",
  renewal: "renewal",
  quiet: "quiet",
  momentum: "momentum",
  negative_sentiment: "sentiment",
  nps_detractor: "sentiment",
  low_csat: "sentiment",
  expansion: "expansion",
} as const satisfies Record<string, AlertCategory>;
export type AlertRule = keyof typeof ruleCategories;
export const alertRules = Object.keys(ruleCategories) as AlertRule[];

/** What the rules read of a customer; days since contact already decayed to the day of evaluation. */
export type AlertSubject = {
  lifecycle: string;
  deleted: boolean;
  status: Band | null;
  score: number | null;
  previousScore: number | null;
  tier: Tier | null;
  mrr: number | null;
  logins: number | null;
  adoption: number | null;
  tickets: number | null;
  nps: number | null;
  npsCategory: NpsCategory | null;
  csat: number | null;
  days: number | null;
  renewalDate: string | null;
  sentiment: string | null;
};

/** The numbers an alert's reason is written from (see describe.ts); kept on the stored alert. */
export type AlertFacts = Record<string, number | string | null>;

export type AlertCondition = { rule: AlertRule; category: AlertCategory; severity: AlertSeverity; facts: AlertFacts };

/** The tier whose cadence decides "quiet" for an account without one: SMB's, the most patient. */
const defaultTier: Tier = "smb";

/** Every alert the customer raises at `now`; none for a churned or deleted customer (SPEC §2). */
export function evaluateAlerts(c: AlertSubject, settings: Settings, now: Date): AlertCondition[] {
  if (c.deleted || c.lifecycle === "churned") return [];
  const t = settings.signalThresholds;
  const found: AlertCondition[] = [];
  const raise = (rule: AlertRule, severity: AlertSeverity, facts: AlertFacts) =>
    found.push({ rule, category: ruleCategories[rule], severity, facts });
  const score = c.score === null ? null : Math.round(c.score);

  if (c.status === "critical" || c.status === "atrisk") raise("health", "critical", { score, status: c.status });
  else if (c.status === "watch") raise("health", "warning", { score, status: c.status });

  if (c.tickets !== null && c.tickets >= t.ticketAlert) raise("tickets", "critical", { tickets: c.tickets, threshold: t.ticketAlert });
  if (c.logins !== null && c.logins < t.lowLogins) raise("low_logins", "warning", { logins: c.logins, threshold: t.lowLogins });
  if (c.adoption !== null && c.adoption < t.lowAdoption) raise("low_adoption", "warning", { adoption: c.adoption, threshold: t.lowAdoption });

  const renewal = renewalUrgency(c.renewalDate, now, settings.renewalWindows);
  if (renewal.level) raise("renewal", renewal.level, { days: renewal.days, renewal_date: c.renewalDate });

  const overdue = settings.cadence[c.tier ?? defaultTier].overdue;
  if (c.days !== null && c.days >= overdue && !c.logins) {
    raise("quiet", "warning", { days: c.days, overdue, logins: c.logins });
  }

  if (c.score !== null && c.previousScore !== null && momentum([c.previousScore, c.score]).trend === "declining") {
    raise("momentum", "warning", { from: Math.round(c.previousScore), to: score });
  }

  if (c.sentiment === "negative") raise("negative_sentiment", "warning", {});
  const npsCategory = c.nps !== null ? npsCategoryOf(c.nps) : c.npsCategory;
  if (npsCategory === "detractor") raise("nps_detractor", "warning", { nps: c.nps });
  if (c.csat !== null && c.csat <= t.lowCsat) raise("low_csat", "warning", { csat: c.csat, threshold: t.lowCsat });

  const healthy = c.status === "healthy" || c.status === "expansion";
  if (healthy && c.mrr !== null && c.mrr > t.expansionMrr && c.days !== null && c.days >= t.expansionQuietDays) {
    raise("expansion", "opportunity", { mrr: c.mrr, days: c.days, score });
  }
  return found;
}
