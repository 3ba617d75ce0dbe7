// Answers of the analytics actions (SPEC §7): Trends, the score-change table,
// Segments and a segment's accounts, CSM Performance and the Calendar.
import { z } from "zod";
import { calendarDate, count, instant } from "../common/answers.ts";
import { tiers } from "../customers/fields.ts";
import { priorityLevels } from "../derived/priority.ts";
import { lifecycles } from "../scoring/lifecycle.ts";
import { bandNames } from "../scoring/bands.ts";
import { segmentDimensions, trendMetrics } from "./inputs.ts";

const money = z.number().nonnegative();
const score = z.number().min(0).max(100);
const point = z.strictObject({ day: calendarDate, value: z.number().nullable() });
const bandCounts = z.strictObject(Object.fromEntries(bandNames.map((b) => [b, count])) as Record<(typeof bandNames)[number], typeof count>);

export const trendsAnswer = z.strictObject({
  today: calendarDate,
  from: calendarDate,
  /** The last day the nightly rollups reach; days after it (but today) show no figures yet. */
  built_through: calendarDate.nullable(),
  metric: z.enum(trendMetrics),
  secondary: z.enum(trendMetrics).nullable(),
  /** One point a day from `from` to today; secondary is the second metric's value. */
  series: z.array(z.strictObject({ day: calendarDate, value: z.number().nullable(), secondary: z.number().nullable() })),
  manager: z.strictObject({ name: z.string(), points: z.array(point) }).nullable(),
  customers: z.array(z.strictObject({ id: z.uuid(), name: z.string(), points: z.array(point) })),
  /** Where the scoring configuration changed: a new settings version (read the line before and after apart). */
  markers: z.array(z.strictObject({ day: calendarDate, at: instant, version: z.int() })),
  /** The managers a CSM overlay can show. */
  managers: z.array(z.string()),
  insights: z.array(z.string()),
});
export type Trends = z.infer<typeof trendsAnswer>;

/** One row of the score-change table: score now against the end of the day before the range. */
export const scoreChangeSchema = z.strictObject({
  id: z.uuid(), name: z.string(), score: score.nullable(), delta: z.number(), status: z.enum(bandNames).nullable(),
  mrr: money.nullable(), manager: z.string().nullable(), tickets: z.int().nullable(), logins: z.int().nullable(),
  adoption: z.number().nullable(),
});
export const scoreChangesAnswer = z.strictObject({ from: calendarDate, changes: z.array(scoreChangeSchema) });
export type ScoreChange = z.infer<typeof scoreChangeSchema>;

export const segmentSchema = z.strictObject({
  /** The tag, tier, lifecycle stage or manager; "" for the accounts without one. */
  segment: z.string(),
  count, average_score: z.number().nullable(), mrr: money, at_risk: count, at_risk_percent: z.number().nullable(),
  /** Average score now minus at the start of the range; null without figures then. */
  trend: z.number().nullable(),
  /** Renewing within the next 90 days. */
  renewals: count,
  bands: bandCounts,
  points: z.array(point),
});
export type Segment = z.infer<typeof segmentSchema>;

export const segmentsAnswer = z.strictObject({
  by: z.enum(segmentDimensions),
  metric: z.enum(trendMetrics),
  today: calendarDate,
  from: calendarDate,
  kpis: z.strictObject({ segments: count, accounts: count, mrr: money, at_risk: count, average_score: z.number().nullable() }),
  segments: z.array(segmentSchema),
  insights: z.array(z.string()),
});
export type Segments = z.infer<typeof segmentsAnswer>;

/** An account as a drill-down lists it, urgency (priority) first. */
export const segmentAccountSchema = z.strictObject({
  id: z.uuid(), name: z.string(), manager: z.string().nullable(), tier: z.enum(tiers).nullable(), lifecycle: z.enum(lifecycles),
  score: score.nullable(), status: z.enum(bandNames).nullable(), mrr: money.nullable(), renewal_date: calendarDate.nullable(),
  days_since_contact: z.int().nullable(), priority: z.int(), priority_level: z.enum(priorityLevels),
});
export const segmentAccountsAnswer = z.strictObject({ total: count, accounts: z.array(segmentAccountSchema) });
export type SegmentAccount = z.infer<typeof segmentAccountSchema>;

/** One manager's book (manager "" is the accounts without one). */
export const managerRowSchema = z.strictObject({
  manager: z.string(), accounts: count, average_score: z.number().nullable(), mrr: money, bands: bandCounts,
  at_risk_percent: z.number().nullable(), overdue: count,
  /** Average score now minus seven days ago (the rollups); null without figures then. */
  week_change: z.number().nullable(),
});

export const bandMoveSchema = z.strictObject({
  id: z.uuid(), name: z.string(), manager: z.string().nullable(), from: z.enum(bandNames), to: z.enum(bandNames),
  score: score.nullable(), base_score: score,
});

export const activitySchema = z.strictObject({
  at: instant, actor: z.enum(["user", "api_key", "system"]), table: z.string(), action: z.enum(["insert", "update", "delete"]),
  customer: z.string().nullable(), fields: z.array(z.string()),
});

export const performanceAnswer = z.strictObject({
  today: calendarDate,
  /** Ranked by average health, best first. */
  managers: z.array(managerRowSchema),
  focus: z.array(z.string()),
  /** Accounts per manager against the even share: how balanced the workload is. */
  workload: z.strictObject({ average_accounts: z.number().nullable(), busiest: z.string().nullable(), lightest: z.string().nullable(), spread_percent: z.number().nullable() }),
  /** Accounts whose band changed over the last seven days, biggest move first. */
  movement: z.strictObject({ up: count, down: count, moves: z.array(bandMoveSchema) }),
  /** The client's latest changes from the audit log (owners and admins only; empty for others). */
  activity: z.array(activitySchema),
});
export type Performance = z.infer<typeof performanceAnswer>;

export const calendarEventSchema = z.strictObject({
  kind: z.enum(["renewal", "touch", "overdue"]), id: z.uuid(), name: z.string(), mrr: money.nullable(), manager: z.string().nullable(),
});
export type CalendarEvent = z.infer<typeof calendarEventSchema>;

export const calendarAnswer = z.strictObject({
  month: z.string(), today: calendarDate,
  days: z.array(z.strictObject({
    day: calendarDate, renewals: count, touches: count, overdue: count,
    /** The day's first events (renewals, then touches, then overdue contacts); the counts say how many there are. */
    events: z.array(calendarEventSchema),
  })),
});
export type Calendar = z.infer<typeof calendarAnswer>;
