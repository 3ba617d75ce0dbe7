// Input schemas of every api-inbound action, shared by the edge function (which
// validates) and the dashboard (which builds requests). One source of truth
// for the OpenAPI document too.
import { z } from "zod";
import { accountFieldNames, accountFields, customerName, lifecycles, tiers } from "./fields.ts";

/**
 * An object that refuses fields it does not know, naming each one as the
 * error's field (a strict object reports unknown keys with no field, so the
 * caller could not tell which of its fields was wrong).
 */
function closedObject<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject(shape).superRefine((obj, ctx) => {
    for (const key of Object.keys(obj)) {
      if (!Object.hasOwn(shape, key)) ctx.addIssue({ code: "custom", path: [key], message: "unknown field" });
    }
  }).meta({ additionalProperties: false });
}

const uuid = (field: string) => z.string({ error: `${field} must be an id` }).uuid({ error: `${field} must be a valid id (uuid)` });

/** Every account field optional; null clears a field (its signal becomes missing). */
const optionalAccountFields = Object.fromEntries(
  accountFieldNames.map((name) => [name, accountFields[name].nullable().optional()]),
) as { [K in keyof typeof accountFields]: z.ZodOptional<z.ZodNullable<(typeof accountFields)[K]>> };

/** A customer is addressed by id, or by name (case-insensitive), as in the reference. */
export const customerRef = z.object({
  id: uuid("id").optional(),
  name: customerName.optional(),
}).refine((r) => r.id || r.name, { error: "id or name is required", path: ["name"] });

export const upsertAccountInput = closedObject({
  id: uuid("id").optional(),
  name: customerName.optional(),
  ...optionalAccountFields,
}).refine((r) => r.id || r.name, { error: "name is required", path: ["name"] });
export type UpsertAccountInput = z.infer<typeof upsertAccountInput>;

export const upsertAccountsInput = closedObject({
  accounts: z.array(z.unknown(), { error: "accounts must be an array" })
    .min(1, { error: "accounts must not be empty" })
    .max(1000, { error: "accounts: at most 1000 rows per call" }),
});

export const updateHealthInput = closedObject({
  id: uuid("id").optional(),
  name: customerName.optional(),
  field: z.enum(accountFieldNames, { error: `field must be one of: ${accountFieldNames.join(", ")}` }),
  value: z.unknown(),
}).refine((r) => r.id || r.name, { error: "name is required", path: ["name"] });

export const statusAliases: Record<string, string> = {
  risk: "atrisk", "at-risk": "atrisk", at_risk: "atrisk", "at risk": "atrisk",
};
export const bandValues = ["critical", "atrisk", "watch", "healthy", "expansion"] as const;
export const sortFields = ["updated_at", "name", "score", "mrr", "arr", "created_at"] as const;

/** 2026-02-30 parses in JavaScript (as 2 March); it is not a date. */
function isCalendarDate(s: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);

export const listCustomersQuery = z.object({
  client_id: uuid("client_id").optional(),
  status: z.preprocess((v) => { const s = lower(v); return typeof s === "string" ? statusAliases[s] ?? s : s; },
    z.enum(bandValues, { error: `status must be one of: ${bandValues.join(", ")}` })).optional(),
  lifecycle: z.preprocess(lower, z.enum(lifecycles, { error: `lifecycle must be one of: ${lifecycles.join(", ")}` })).optional(),
  tier: z.preprocess(lower, z.enum(tiers, { error: `tier must be one of: ${tiers.join(", ")}` })).optional(),
  manager: z.string().trim().min(1).max(120).optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  search: z.string().trim().max(200).optional(),
  updated_since: z.string({ error: "updated_since must be an ISO 8601 date-time" })
    .refine((s) => !Number.isNaN(Date.parse(s)) && isCalendarDate(s.slice(0, 10)), {
      error: "updated_since must be an ISO 8601 date-time (e.g. 2026-03-01T00:00:00Z)",
    }).optional(),
  sort: z.preprocess(lower, z.enum(sortFields, { error: `sort must be one of: ${sortFields.join(", ")}` })).default("updated_at"),
  order: z.preprocess(lower, z.enum(["asc", "desc"], { error: "order must be asc or desc" })).default("desc"),
  limit: z.coerce.number({ error: "limit must be a number" }).int({ error: "limit must be a whole number" })
    .min(1, { error: "limit must be between 1 and 500" }).max(500, { error: "limit must be between 1 and 500" }).default(50),
  offset: z.coerce.number({ error: "offset must be a number" }).int({ error: "offset must be a whole number" })
    .min(0, { error: "offset must be 0 or more" }).max(1_000_000, { error: "offset is at most 1000000; use cursor" }).default(0),
  cursor: z.string().max(500).optional(),
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

export const hookEvents = ["customer.updated", "customer.status_changed"] as const;
export const subscribeInput = closedObject({
  target_url: z.string({ error: "target_url is required" }).url({ error: "target_url must be an http(s) URL" })
    .refine((u) => /^https?:\/\//.test(u), { error: "target_url must be an http(s) URL" }),
  event: z.enum(hookEvents, { error: `event must be one of: ${hookEvents.join(", ")}` }),
});
export const unsubscribeInput = closedObject({ id: uuid("id") });

export const actionNames = [
  "list_customers", "get_customer", "upsert_account", "upsert_accounts", "update_health",
  "delete_customer", "restore_customer", "score_customer", "subscribe", "unsubscribe", "list_clients",
] as const;
export type ActionName = (typeof actionNames)[number];
