// Input schemas of the customer actions (read and write), shared by the edge
// function (which validates), the dashboard (which builds requests) and the
// OpenAPI document.
import { z } from "zod";
import { isCalendarDate } from "../common/dates.ts";
import { uuid } from "../common/ids.ts";
import { closedObject, strictFlag, tolerantObject } from "../common/objects.ts";
import { bandNames } from "../scoring/bands.ts";
import { accountFieldNames, accountFields, customerName, lifecycles, tiers } from "./fields.ts";
import { extraSortFields, listFilterFields } from "./list-filters.ts";

/** Every account field optional; null clears a field (its signal becomes missing). */
const optionalAccountFields = Object.fromEntries(
  accountFieldNames.map((name) => [name, accountFields[name].nullable().optional()]),
) as { [K in keyof typeof accountFields]: z.ZodOptional<z.ZodNullable<(typeof accountFields)[K]>> };

/** A customer is addressed by id, or by name (case-insensitive), as in the reference. */
export const customerRef = z.object({
  id: uuid("id").optional(),
  name: customerName.optional(),
}).refine((r) => r.id || r.name, { error: "id or name is required", path: ["name"] });
export type CustomerRef = z.infer<typeof customerRef>;

/** Unknown fields are ignored and reported in the answer's `warnings`, or refused with `strict: true`. */
export const upsertAccountInput = tolerantObject({
  id: uuid("id").optional(),
  name: customerName.optional(),
  ...optionalAccountFields,
}).refine((r) => r.id || r.name, { error: "name is required", path: ["name"] });
export type UpsertAccountInput = z.infer<typeof upsertAccountInput>;

/** `strict` here applies to every row. */
export const upsertAccountsInput = closedObject({
  strict: strictFlag,
  accounts: z.array(z.unknown(), { error: "accounts must be an array" })
    .min(1, { error: "accounts must not be empty" })
    .max(1000, { error: "accounts: at most 1000 rows per call" }),
});

export const updateHealthInput = tolerantObject({
  id: uuid("id").optional(),
  name: customerName.optional(),
  field: z.enum(accountFieldNames, { error: `field must be one of: ${accountFieldNames.join(", ")}` }),
  value: z.unknown(),
}).refine((r) => r.id || r.name, { error: "name is required", path: ["name"] });

export const statusAliases: Record<string, string> = {
  risk: "atrisk", "at-risk": "atrisk", at_risk: "atrisk", "at risk": "atrisk",
};
export const sortFields = ["updated_at", "name", "score", "mrr", "arr", "created_at", ...extraSortFields] as const;

const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : v);

/**
 * One value or a comma-separated list of them (`status=atrisk,critical`),
 * each checked; the filter matches any of them.
 */
function anyOf<const T extends readonly [string, ...string[]]>(field: string, values: T, alias: (v: string) => string = (v) => v) {
  const error = `${field} must be one of (or a comma-separated list of): ${values.join(", ")}`;
  return z.preprocess(
    (v) => (typeof v === "string" ? [...new Set(v.split(",").map((s) => alias(s.trim().toLowerCase())))] : v),
    z.array(z.string(), { error })
      .refine((list) => list.length > 0 && list.every((s) => (values as readonly string[]).includes(s)), { error })
      .transform((list) => list as T[number][]),
  );
}

/** A whole number as a number or in decimal digits: "0x10", "1e2" and [5] are not counts. */
const wholeNumber = (field: string, min: number, max: number, tooMany: string) => z.preprocess(
  (v) => (typeof v === "string" && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : v),
  z.number({ error: `${field} must be a whole number` }).int({ error: `${field} must be a whole number` })
    .min(min, { error: tooMany }).max(max, { error: tooMany }),
);

/** Unknown parameters are refused by name: `stauts=critical` must not quietly list everyone. */
export const listCustomersQuery = closedObject({
  client_id: uuid("client_id").optional(),
  status: anyOf("status", bandNames, (s) => statusAliases[s] ?? s).optional(),
  lifecycle: anyOf("lifecycle", lifecycles).optional(),
  tier: anyOf("tier", tiers).optional(),
  manager: z.string().trim().min(1).max(120).optional(),
  tag: z.string().trim().min(1).max(60).optional(),
  search: z.string().trim().max(200).optional(),
  updated_since: z.string({ error: "updated_since must be an ISO 8601 date-time" })
    .refine((s) => !Number.isNaN(Date.parse(s)) && isCalendarDate(s.slice(0, 10)), {
      error: "updated_since must be an ISO 8601 date-time (e.g. 2026-03-01T00:00:00Z)",
    }).optional(),
  sort: z.preprocess(lower, z.enum(sortFields, { error: `sort must be one of: ${sortFields.join(", ")}` })).default("updated_at"),
  order: z.preprocess(lower, z.enum(["asc", "desc"], { error: "order must be asc or desc" })).default("desc"),
  limit: wholeNumber("limit", 1, 500, "limit must be between 1 and 500").default(50),
  offset: wholeNumber("offset", 0, 1_000_000, "offset must be between 0 and 1000000 (use cursor beyond)").default(0),
  cursor: z.string().max(500).optional(),
  /** `only`: the soft-deleted customers instead of the live ones (to restore one). */
  deleted: z.preprocess(lower, z.enum(["exclude", "only"], { error: "deleted must be exclude or only" })).default("exclude"),
  /** `none`: no total (null), for a caller that counts apart, e.g. the dashboard while someone types. */
  count: z.preprocess(lower, z.enum(["exact", "none"], { error: "count must be exact or none" })).default("exact"),
  ...listFilterFields,
});
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

/**
 * count_customer_tabs: the Customers page's tab counts for a search and the
 * column filters, in one request; the tabs themselves (band, churned) are
 * what it counts, so no status, lifecycle or page is asked.
 */
const { exclude_lifecycle: _excluded, ...tabFilterFields } = listFilterFields;
const listShape = listCustomersQuery.shape;
export const countCustomerTabsQuery = closedObject({
  client_id: listShape.client_id, tier: listShape.tier, manager: listShape.manager, tag: listShape.tag, search: listShape.search,
  ...tabFilterFields,
});
export type CountCustomerTabsQuery = z.infer<typeof countCustomerTabsQuery>;

export type SortField = (typeof sortFields)[number];
export type SortOrder = ListCustomersQuery["order"];
