// The shapes the dashboard reads back from api-inbound. Requests are checked
// by the function with the schemas in shared/api; answers are checked here, so
// a contract drift shows up as one clear error instead of `undefined` cells.
import { z } from "zod";
import { sortFields } from "@shared/customers/inputs.ts";
import { bandNames as bandValues } from "@shared/scoring/bands.ts";
import { signalNames } from "@shared/scoring/settings.ts";

export type Band = (typeof bandValues)[number];
export type SortField = (typeof sortFields)[number];
export type SortOrder = "asc" | "desc";

/** Postgres numerics may arrive as strings ("1250.00"); read them as numbers. */
const amount = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
  z.number().refine(Number.isFinite),
).nullish().transform((v) => v ?? null);

const text = z.string().nullish().transform((v) => v ?? null);

export const clientRoles = ["owner", "admin", "manager", "viewer"] as const;

export const clientSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(clientRoles),
});
export type Client = z.infer<typeof clientSchema>;

export const listClientsResponse = z.object({ clients: z.array(clientSchema) });

export const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  manager: text,
  tier: text,
  mrr: amount,
  arr: amount,
  lifecycle: text,
  tags: z.array(z.string()).nullish().transform((v) => v ?? []),
  renewal_date: text,
  score: amount,
  status: z.enum(bandValues).nullish().transform((v) => v ?? null),
  logins: amount,
  adoption: amount,
  tickets: amount,
  nps: z.union([z.number(), z.string()]).nullish().transform((v) => v ?? null),
  csat: amount,
  days: amount,
  growth: text,
  updated_at: text,
});
export type Customer = z.infer<typeof customerSchema>;

export const listCustomersResponse = z.object({
  customers: z.array(customerSchema),
  total: z.number().int().nonnegative(),
  limit: z.number().int(),
  offset: z.number().int(),
  next_cursor: z.string().nullish(),
});
export type CustomerPage = z.infer<typeof listCustomersResponse>;

/** One signal's share of the score, as the engine explains it (shared/scoring/score.ts). */
export const explanationRowSchema = z.object({
  signal: z.enum(signalNames),
  raw: z.union([z.number(), z.string()]).nullable(),
  mapped: z.number().nullable(),
  weight: z.number(),
  effectiveWeight: z.number(),
  contribution: z.number(),
});
export type ExplanationRow = z.infer<typeof explanationRowSchema>;

export const improvementSchema = z.object({
  signal: z.enum(signalNames),
  to: z.union([z.number(), z.string()]),
  gain: z.number(),
});
export type Improvement = z.infer<typeof improvementSchema>;

/** A customer with its score explained: the list fields plus what get_customer adds. */
export const customerDetailSchema = customerSchema.extend({
  score_exact: amount,
  score_manual: z.boolean().nullish().transform((v) => v ?? false),
  nps_category: text,
  missing_signals: z.array(z.string()).nullish().transform((v) => v ?? []),
  explanation: z.array(explanationRowSchema),
  best_improvement: improvementSchema.nullable(),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

export const historyEntrySchema = z.object({
  score: amount,
  status: z.enum(bandValues).nullish().transform((v) => v ?? null),
  reason: text,
  config_version: z.number().nullish().transform((v) => v ?? null),
  created_at: z.string(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const getCustomerResponse = z.object({
  customer: customerDetailSchema,
  history: z.array(historyEntrySchema),
});
export type CustomerWithHistory = z.infer<typeof getCustomerResponse>;

/** What every api-inbound failure looks like. */
export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
