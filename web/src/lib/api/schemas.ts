// The shapes the dashboard reads back from api-inbound. Requests are checked
// by the function with the schemas in shared/api; answers are checked here, so
// a contract drift shows up as one clear error instead of `undefined` cells.
import { z } from "zod";
import { bandValues, sortFields } from "@shared/api/actions.ts";

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

/** What every api-inbound failure looks like. */
export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
