// The list_customers filters beyond the reference's (the Customers page's
// column filters): ranges on numbers and dates, choices for growth and
// sentiment, text for manager and tags, and leaving churned accounts out.
import { z } from "zod";
import { isCalendarDate } from "../common/dates.ts";
import { growthNames } from "../scoring/signals.ts";
import { lifecycles, sentiments } from "./fields.ts";

/** A number as JSON or in decimal digits (query strings carry text); "1e3" and "0x10" are refused. */
const bound = (field: string) => z.preprocess(
  (v) => (typeof v === "string" && /^\s*-?\d{1,15}(\.\d{1,4})?\s*$/.test(v) ? Number(v) : v),
  z.number({ error: `${field} must be a number` }).refine(Number.isFinite, { error: `${field} must be a number` }),
).optional();

const day = (field: string) => z.string({ error: `${field} must be a date (YYYY-MM-DD)` })
  .refine(isCalendarDate, { error: `${field} must be a real date (YYYY-MM-DD)` }).optional();

/** One value or a comma-separated list of them, any case: `growth=mild,strong`. */
function choices<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  const message = `${field} must be one or more (comma-separated) of: ${values.join(", ")}`;
  return z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean) : v),
    // Checked as a whole, so the error names the parameter (not `growth.0`).
    z.array(z.string(), { error: message }).min(1, { error: message })
      .refine((list) => list.every((v) => (values as readonly string[]).includes(v)), { error: message })
      .transform((list) => list as T[number][]),
  ).optional();
}

/** The numeric columns a range may be put on, by the name of its `_min` / `_max` pair. */
export const rangeFields = ["score", "mrr", "arr", "logins", "adoption", "tickets", "nps", "days"] as const;
export type RangeField = (typeof rangeFields)[number];

/** The date columns a range may be put on, by the name of its `_from` / `_to` pair. */
export const dateRangeFields = ["renewal", "next_touch"] as const;
export type DateRangeField = (typeof dateRangeFields)[number];

const ranges = Object.fromEntries(rangeFields.flatMap((f) => [[`${f}_min`, bound(`${f}_min`)], [`${f}_max`, bound(`${f}_max`)]])) as
  Record<`${RangeField}_${"min" | "max"}`, ReturnType<typeof bound>>;
const dateRanges = Object.fromEntries(dateRangeFields.flatMap((f) => [[`${f}_from`, day(`${f}_from`)], [`${f}_to`, day(`${f}_to`)]])) as
  Record<`${DateRangeField}_${"from" | "to"}`, ReturnType<typeof day>>;

/** Spread at the end of listCustomersQuery: every key is one documented parameter (docs/api.md). */
export const listFilterFields = {
  ...ranges,
  ...dateRanges,
  growth: choices("growth", growthNames),
  sentiment: choices("sentiment", sentiments),
  /** Manager and tag text: contains, any case (`manager` and `tag` are exact). */
  manager_contains: z.string({ error: "manager_contains must be text" }).trim().min(1).max(120, { error: "manager_contains is at most 120 characters" }).optional(),
  tag_contains: z.string({ error: "tag_contains must be text" }).trim().min(1).max(60, { error: "tag_contains is at most 60 characters" }).optional(),
  /** The band tabs leave churned accounts out (they are not scored, their band is their last). */
  exclude_lifecycle: z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(lifecycles, { error: `exclude_lifecycle must be one of: ${lifecycles.join(", ")}` })).optional(),
};

/** The sort fields the Customers page adds to the reference's: every column it shows. */
export const extraSortFields = ["status", "tier", "lifecycle", "manager", "renewal_date", "next_touch",
  "logins", "adoption", "tickets", "nps", "days"] as const;
