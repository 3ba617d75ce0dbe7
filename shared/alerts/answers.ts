// Answer schemas of the alert and recovery-case actions. Fields are listed on purpose: no client_id, no user ids.
import { z } from "zod";
import { count, instant } from "../common/answers.ts";
import { bandNames } from "../scoring/bands.ts";
import { alertStates, recoveryOutcomes } from "./inputs.ts";
import { alertCategories, alertRules, alertSeverities } from "./rules.ts";

const money = z.number().nullable();

/** An alert as lists show it: the customer it is about, its words and its state as of now. */
export const alertSchema = z.strictObject({
  id: z.uuid(),
  customer_id: z.uuid(),
  customer_name: z.string(),
  manager: z.string().nullable(),
  mrr: money,
  status: z.enum(bandNames).nullable(),
  rule: z.enum(alertRules as [string, ...string[]]),
  category: z.enum(alertCategories),
  severity: z.enum(alertSeverities),
  title: z.string(),
  reason: z.string(),
  action: z.string(),
  facts: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  /** A snooze that has ended reads as active, whether or not the daily job has run since. */
  state: z.enum(alertStates),
  snoozed_until: instant.nullable(),
  raised_at: instant,
  changed_at: instant,
  resolved_at: instant.nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

/** Per category over the active alerts: how many, how many critical, and the MRR of the customers they are about. */
export const alertCategoryTotalsSchema = z.strictObject({
  category: z.enum(alertCategories),
  count,
  critical: count,
  customers: count,
  mrr: z.number(),
});

export const alertSummarySchema = z.strictObject({
  active: count,
  /** Active health alerts of customers in the Critical or At Risk band. */
  critical_risk: count,
  /** Active renewal alerts: renewals inside the client's widest window (60 days by default). */
  renewing: count,
  snoozed: count,
});

export const listAlertsAnswer = z.strictObject({
  alerts: z.array(alertSchema),
  total: count,
  limit: count,
  offset: count,
  summary: alertSummarySchema,
  categories: z.array(alertCategoryTotalsSchema),
});
export type ListAlertsAnswer = z.infer<typeof listAlertsAnswer>;

export const alertStateChangeAnswer = z.strictObject({ updated: count, ids: z.array(z.uuid()) });

/** Per manager and category over the last 30 days: alerts acted on (snoozed, dismissed with a reason, cleared by a user's change) and left untouched. */
export const alertFatigueAnswer = z.strictObject({
  days: count,
  rows: z.array(z.strictObject({
    manager: z.string().nullable(),
    category: z.enum(alertCategories),
    raised: count,
    acted: count,
    untouched: count,
    acted_share: z.number(),
  })),
});

export const signalChangeSchema = z.strictObject({ signal: z.string(), from: z.unknown(), to: z.unknown() });

/** One step of a case's timeline: a score change and the signals that moved with it. */
export const timelineEntrySchema = z.strictObject({
  at: instant,
  score: z.number().nullable(),
  status: z.enum(bandNames).nullable(),
  reason: z.string(),
  changes: z.array(signalChangeSchema),
});

export const recoveryCaseSchema = z.strictObject({
  id: z.uuid(),
  customer_id: z.uuid(),
  customer_name: z.string(),
  manager: z.string().nullable(),
  state: z.enum(["open", "closed"]),
  peak_score: z.number(),
  peak_status: z.enum(bandNames),
  opened_score: z.number(),
  lowest_score: z.number(),
  score: z.number().nullable(),
  status: z.enum(bandNames).nullable(),
  window_days: count,
  opened_at: instant,
  outcome: z.enum(recoveryOutcomes).nullable(),
  note: z.string().nullable(),
  closed_at: instant.nullable(),
  /** Null with a closed case: it closed itself. */
  closed_by_email: z.string().nullable(),
  timeline: z.array(timelineEntrySchema),
});
export type RecoveryCase = z.infer<typeof recoveryCaseSchema>;

export const recoveryStatsSchema = z.strictObject({
  open: count,
  closed: count,
  recovered: count,
  /** Of the closed cases, the share recovered (0–1); null before any closed. */
  recovered_share: z.number().nullable(),
  median_days_to_recover: z.number().nullable(),
});

export const listRecoveryCasesAnswer = z.strictObject({
  cases: z.array(recoveryCaseSchema),
  total: count,
  stats: recoveryStatsSchema,
});
export const closeRecoveryCaseAnswer = z.strictObject({ case: recoveryCaseSchema });
