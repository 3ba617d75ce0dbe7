// The one shape of a customer in every answer — list_customers rows,
// get_customer, the writes' answers and REST-hook payloads — and the answers
// of the customer actions. The dashboard, the OpenAPI document and the tests
// read customers with these schemas; fields are listed on purpose, so nothing
// internal (client_id, decay baselines) can leak out unnoticed.
import { z } from "zod";
import { calendarDate, count, instant } from "../common/answers.ts";
import { warningSchema } from "../common/objects.ts";
import { bandNames } from "../scoring/bands.ts";
import { effectiveScoringSchema, explanationRowSchema, improvementSchema } from "../scoring/answers.ts";
import { signalNames } from "../scoring/settings.ts";
import { growthNames, npsCategoryNames } from "../scoring/signals.ts";
import { lifecycles, sentiments, tiers } from "./fields.ts";

export const customerSchema = z.strictObject({
  id: z.uuid(),
  /** Counts the customer's changes: 1 when created, one more for every write that changed something. */
  version: z.int().positive(),
  /** Unique per change (of any customer of the deployment): what an "updated customer" trigger dedupes on. */
  change_id: z.int().positive(),
  name: z.string(),
  manager: z.string().nullable(),
  tier: z.enum(tiers).nullable(),
  mrr: z.number().nullable(),
  arr: z.number().nullable(),
  lifecycle: z.enum(lifecycles),
  tags: z.array(z.string()),
  renewal_date: calendarDate.nullable(),
  next_touch: calendarDate.nullable(),
  since: calendarDate.nullable(),
  sentiment: z.enum(sentiments).nullable(),
  note: z.string().nullable(),
  scoring_profile: z.string().nullable(),
  /** The score as shown: rounded to an integer. */
  score: z.int().min(0).max(100).nullable(),
  /** The score as stored. */
  score_exact: z.number().min(0).max(100).nullable(),
  status: z.enum(bandNames).nullable(),
  previous_score: z.int().nullable(),
  score_manual: z.boolean(),
  missing_signals: z.array(z.enum(signalNames)),
  logins: z.int().nullable(),
  adoption: z.number().nullable(),
  tickets: z.int().nullable(),
  /** The NPS number; null when only its category was reported (see nps_category). */
  nps: z.number().nullable(),
  nps_category: z.enum(npsCategoryNames).nullable(),
  csat: z.number().nullable(),
  /** Days since contact as of today (the saved baseline plus the days elapsed). */
  days: z.int().nullable(),
  growth: z.enum(growthNames).nullable(),
  scored_at: instant.nullable(),
  config_version: z.int().nullable(),
  created_at: instant,
  updated_at: instant,
  deleted_at: instant.nullable(),
});
export type Customer = z.infer<typeof customerSchema>;

export const listCustomersAnswer = z.strictObject({
  customers: z.array(customerSchema),
  /** null when asked with count=none. */
  total: count.nullable(),
  limit: z.int(),
  /** null on a cursor page. */
  offset: z.int().nullable(),
  /** Pass as cursor= for the next page (keyset, stable under updates); null on the last page. */
  next_cursor: z.string().nullable(),
});
export type CustomerPage = z.infer<typeof listCustomersAnswer>;

/**
 * count_customer_tabs: live customers per tab — all of them, each band
 * without the churned ones (a band tab leaves them out), and the churned.
 */
export const customerTabCountsAnswer = z.strictObject({
  counts: z.strictObject({
    all: count, critical: count, atrisk: count, watch: count, healthy: count, expansion: count, churned: count,
  }),
});
export type CustomerTabCounts = z.infer<typeof customerTabCountsAnswer>["counts"];

/** A customer with its score explained. */
export const customerDetailSchema = customerSchema.extend({
  explanation: z.array(explanationRowSchema),
  best_improvement: improvementSchema.nullable(),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

/** One stored score, with the signals that produced it. */
export const historyEntrySchema = z.strictObject({
  score: z.int().nullable(),
  status: z.enum(bandNames).nullable(),
  reason: z.string(),
  signals: z.record(z.string(), z.unknown()).nullable(),
  config_version: z.int().nullable(),
  created_at: instant,
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const getCustomerAnswer = z.strictObject({
  customer: customerDetailSchema,
  /** When each signal's value last changed (signals without a value are absent): the record marks stale ones. */
  signal_updated_at: z.partialRecord(z.enum(signalNames), instant),
  history: z.array(historyEntrySchema),
  /** The settings the customer is scored with, so a preview agrees with the stored score. */
  scoring: effectiveScoringSchema,
});
export type CustomerWithHistory = z.infer<typeof getCustomerAnswer>;

/**
 * A write's answer: the customer as it is now (unchanged by a write that
 * changed nothing), whether it was created or restored (the name of a
 * soft-deleted customer brings it back, same id), and the fields ignored.
 */
export const writeCustomerAnswer = z.strictObject({
  created: z.boolean(),
  restored: z.boolean(),
  customer: customerSchema,
  warnings: z.array(warningSchema),
});

const rowError = z.strictObject({ code: z.string(), message: z.string(), field: z.string().optional() });
export const upsertAccountsAnswer = z.strictObject({
  applied: count,
  failed: count,
  results: z.array(z.union([
    z.strictObject({ index: count, ok: z.literal(true), created: z.boolean(), restored: z.boolean(), id: z.uuid(), warnings: z.array(warningSchema) }),
    z.strictObject({ index: count, ok: z.literal(false), error: rowError }),
  ])),
});

export const deleteCustomerAnswer = z.strictObject({ deleted: z.literal(true), id: z.uuid() });
export const restoreCustomerAnswer = z.strictObject({ restored: z.literal(true), customer: customerSchema });
export const scoreCustomerAnswer = z.strictObject({ customer: customerSchema });
