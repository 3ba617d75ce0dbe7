// Answers of Home Base and the agency overview (SPEC §7): the figures one
// client's portfolio adds up to, as the database computes them.
import { z } from "zod";
import { calendarDate, count, instant } from "../common/answers.ts";
import { tiers } from "../customers/fields.ts";
import { priorityLevels } from "../derived/priority.ts";
import { bandNames } from "../scoring/bands.ts";
import { signalNames } from "../scoring/settings.ts";

const money = z.number().nonnegative();
const moneyIn = z.strictObject({ count, mrr: money });

/** One account as Home Base lists it (priority, movers, recently scored). */
export const homeAccountSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  manager: z.string().nullable(),
  tier: z.enum(tiers).nullable(),
  mrr: money.nullable(),
  score: z.number().min(0).max(100).nullable(),
  status: z.enum(bandNames).nullable(),
  /** Days until the renewal date (negative when past), by UTC calendar day. */
  renewal_days: z.int().nullable(),
  scored_at: instant.nullable(),
  /** Score now minus the score at the end of the day seven days ago; null without a score then. */
  week_change: z.number().nullable(),
  priority: z.int().min(0).max(100),
  priority_level: z.enum(priorityLevels),
});
export type HomeAccount = z.infer<typeof homeAccountSchema>;

/** One row of the signal heatmap: an account's signals mapped to 0–100 (null: not reported). */
export const heatmapRowSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  score: z.number().min(0).max(100).nullable(),
  status: z.enum(bandNames).nullable(),
  signals: z.strictObject(Object.fromEntries(signalNames.map((s) => [s, z.number().min(0).max(100).nullable()])) as
    Record<(typeof signalNames)[number], z.ZodNullable<z.ZodNumber>>),
});
export type HeatmapRow = z.infer<typeof heatmapRowSchema>;

export const renewalBucketSchema = z.strictObject({
  from_days: z.int(), to_days: z.int(), count, mrr: money, at_risk: count,
});

export const tierSummarySchema = z.strictObject({
  tier: z.enum(tiers).nullable(), count, mrr: money, average_score: z.number().nullable(), at_risk: count,
});

export const homeBaseAnswer = z.strictObject({
  /** The day the figures are of (UTC). */
  today: calendarDate,
  /** Live accounts: neither deleted nor churned. */
  accounts: count,
  scored: count,
  average_score: z.number().nullable(),
  /** The band the average falls in, by the client's thresholds. */
  average_band: z.enum(bandNames).nullable(),
  /** Share of scored accounts in the Healthy and Expansion bands, 0–100. */
  healthy_percent: z.number().min(0).max(100).nullable(),
  /** Accounts whose score moved up (down) by at least `steady_band` points over 7 days. */
  improving: count,
  declining: count,
  steady_band: z.number(),
  total_mrr: money,
  revenue_at_risk: moneyIn,
  /** Renewing within the next 30 days (the first bucket of the pipeline). */
  upcoming_renewals: moneyIn,
  expansion: z.strictObject({ count, mrr: money, percent_of_mrr: z.number(), estimate: money }),
  bands: z.strictObject(Object.fromEntries(bandNames.map((b) => [b, moneyIn])) as Record<(typeof bandNames)[number], typeof moneyIn>),
  renewal_pipeline: z.array(renewalBucketSchema),
  tiers: z.array(tierSummarySchema),
  priority: z.array(homeAccountSchema),
  most_improved: z.array(homeAccountSchema),
  biggest_drops: z.array(homeAccountSchema),
  recently_scored: z.array(homeAccountSchema),
  heatmap: z.array(heatmapRowSchema),
});
export type HomeBase = z.infer<typeof homeBaseAnswer>;

export const agencyOverviewAnswer = z.strictObject({
  clients: z.array(z.strictObject({
    client_id: z.uuid(),
    name: z.string(),
    accounts: count,
    average_score: z.number().nullable(),
    revenue_at_risk: money,
    critical: count,
    renewals_30d: count,
    /** The average 7-day score change of the client's accounts that had a score a week ago. */
    week_change: z.number().nullable(),
  })),
});
export type AgencyOverview = z.infer<typeof agencyOverviewAnswer>;
