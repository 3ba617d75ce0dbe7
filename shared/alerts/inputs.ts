// Input schemas of the alert and recovery-case actions, shared by the edge function, the dashboard and the OpenAPI document.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";
import { alertCategories, alertSeverities } from "./rules.ts";

export const alertStates = ["active", "snoozed", "dismissed", "resolved"] as const;
export type AlertState = (typeof alertStates)[number];

/** How the Alerts page and integrations order a list. */
export const alertSorts = ["priority", "category", "customer", "mrr", "raised_at"] as const;
export type AlertSort = (typeof alertSorts)[number];

export const snoozeDays = [1, 7, 30] as const;

/** One of a list, case-insensitive, as a query string sends it. */
const oneOf = <T extends readonly [string, ...string[]]>(field: string, values: T) => z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
  z.enum(values, { error: `${field} must be one of: ${values.join(", ")}` }),
);

/** A whole number in decimal digits, as a number or in the query string. */
const whole = (field: string, min: number, max: number) => z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : v),
  z.number({ error: `${field} must be a whole number` }).int({ error: `${field} must be a whole number` })
    .min(min, { error: `${field} must be between ${min} and ${max}` }).max(max, { error: `${field} must be between ${min} and ${max}` }),
);

/** Optional text a person typed; empty means none. */
const reason = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? null : v),
  z.string({ error: "reason must be text" }).trim().max(500, { error: "reason is at most 500 characters" }).nullable(),
).optional();

export const listAlertsInput = closedObject({
  state: oneOf("state", alertStates).default("active"),
  category: oneOf("category", alertCategories).optional(),
  severity: oneOf("severity", alertSeverities).optional(),
  customer_id: uuid("customer_id").optional(),
  sort: oneOf("sort", alertSorts).default("priority"),
  order: oneOf("order", ["asc", "desc"] as const).optional(),
  limit: whole("limit", 1, 500).default(100),
  offset: whole("offset", 0, 1_000_000).default(0),
});
export type ListAlertsInput = z.infer<typeof listAlertsInput>;

/** Up to 500 alerts at once (a bulk action over a selection). */
const alertIds = z.array(uuid("ids"), { error: "ids must be a list of alert ids" })
  .min(1, { error: "ids must name at least one alert" }).max(500, { error: "ids names at most 500 alerts" });

export const snoozeAlertsInput = closedObject({
  ids: alertIds,
  days: z.preprocess(
    (v) => (typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.literal(snoozeDays, { error: "days must be 1, 7 or 30" }),
  ),
  reason,
});
export const dismissAlertsInput = closedObject({ ids: alertIds, reason });
export const wakeAlertsInput = closedObject({ ids: alertIds });

export const recoveryOutcomes = ["recovered", "churned", "false_alarm"] as const;
export type RecoveryOutcome = (typeof recoveryOutcomes)[number];

export const listRecoveryCasesInput = closedObject({
  state: oneOf("state", ["open", "closed", "all"] as const).default("open"),
  customer_id: uuid("customer_id").optional(),
  limit: whole("limit", 1, 200).default(50),
  offset: whole("offset", 0, 1_000_000).default(0),
});

export const closeRecoveryCaseInput = closedObject({
  id: uuid("id"),
  outcome: oneOf("outcome", recoveryOutcomes),
  note: z.string({ error: "note is required and must be text" }).trim()
    .min(1, { error: "note must not be empty" }).max(2000, { error: "note is at most 2000 characters" }),
});
