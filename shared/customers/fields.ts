// Field rules of the public API, written once: the reference API's names and
// ranges, with error messages that name the field and the rule.
import { z } from "zod";
import { calendarDateOf } from "../common/dates.ts";
import { lifecycles } from "../scoring/lifecycle.ts";
import { growthNames, npsCategoryNames } from "../scoring/signals.ts";

/** Zapier often sends numbers as strings ("22"); accept those, nothing looser. */
function numeric(field: string, rule: { min?: number; max?: number; int?: boolean }) {
  const range = rule.min !== undefined && rule.max !== undefined
    ? `between ${rule.min} and ${rule.max}`
    : rule.min !== undefined ? `${rule.min} or more` : "a number";
  const message = `${field} must be ${rule.int ? "a whole number " : "a number "}${range}`.replace("a number a number", "a number");
  return z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v),
    z.number({ error: message }).meta({ description: message, minimum: rule.min, maximum: rule.max }).refine(
      (n) => Number.isFinite(n) && (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max) &&
        (!rule.int || Number.isInteger(n)),
      { error: message },
    ),
  );
}

/** A calendar date; a date-time stands for its UTC calendar date (see calendarDateOf). */
function isoDate(field: string) {
  return z.preprocess(
    (v) => (typeof v === "string" ? calendarDateOf(v) ?? v : v),
    z.string({ error: `${field} must be a date (YYYY-MM-DD)` })
      .refine((d) => calendarDateOf(d) === d, { error: `${field} must be a real date (YYYY-MM-DD)` }),
  );
}

/**
 * Money as zaps send it: a number, or a string with an optional `$`,
 * thousands separators (`,` or spaces) and decimals — `"$5,000"`,
 * `"12 500.50"`. Anything else (`"5.000,00"`, `"1,00"`) is refused, not guessed.
 */
function money(field: string) {
  const rule = numeric(field, { min: 0, max: 999_999_999_999 });
  return z.preprocess((v) => {
    if (typeof v !== "string") return v;
    const m = /^\s*\$?\s*(\d{1,3}(?:[, ]\d{3})+|\d+)(\.\d+)?\s*$/.exec(v);
    return m ? Number(m[1].replace(/[, ]/g, "") + (m[2] ?? "")) : v;
  }, rule);
}

function oneOf<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  return z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.enum(values, { error: `${field} must be one of: ${values.join(", ")}` }),
  );
}

export { lifecycles };
export const tiers = ["smb", "mid", "enterprise"] as const;
export const sentiments = ["positive", "neutral", "negative"] as const;

/** The signal fields: pushing any of them rescores the customer. */
// Upper bounds are the columns' own (integer, numeric(14,2)), and days keeps
// room for the elapsed days added to it on every read.
export const signalFields = {
  logins: numeric("logins", { min: 0, max: 1_000_000_000, int: true }),
  adoption: numeric("adoption", { min: 0, max: 100 }),
  tickets: numeric("tickets", { min: 0, max: 1_000_000_000, int: true }),
  nps: z.union([numeric("nps", { min: 0, max: 10 }), oneOf("nps", npsCategoryNames)], {
    error: "nps must be a number between 0 and 10 or one of: promoter, passive, detractor",
  }),
  csat: numeric("csat", { min: 1, max: 5 }),
  days: numeric("days", { min: 0, max: 100_000, int: true }),
  growth: oneOf("growth", growthNames),
};
export const signalFieldNames = Object.keys(signalFields) as (keyof typeof signalFields)[];

/** Tags as an array or a comma-separated string, stored trimmed and unique. */
const tags = z.union([
  z.array(z.string({ error: "tags must be strings" }).max(60, { error: "a tag is at most 60 characters" })),
  z.string().transform((s) => s.split(",")),
], { error: "tags must be an array of strings or a comma-separated string" })
  .transform((list) => [...new Set(list.map((t) => t.trim()).filter(Boolean))])
  .refine((list) => list.length <= 50, { error: "tags: at most 50 tags" });

/** The account fields of the reference API (plus a few of ours). */
export const accountFields = {
  ...signalFields,
  mrr: money("mrr"),
  arr: money("arr"),
  tier: oneOf("tier", tiers),
  lifecycle: oneOf("lifecycle", lifecycles),
  manager: z.string({ error: "manager must be a string" }).trim().max(120, { error: "manager is at most 120 characters" }),
  tags,
  renewal_date: isoDate("renewal_date"),
  next_touch: isoDate("next_touch"),
  since: isoDate("since"),
  sentiment: oneOf("sentiment", sentiments),
  note: z.string({ error: "note must be a string" }).max(5000, { error: "note is at most 5000 characters" }),
  scoring_profile: z.string({ error: "scoring_profile must be a profile name" }).trim().max(80),
  score: numeric("score", { min: 0, max: 100 }),
};
export type AccountFieldName = keyof typeof accountFields;
export const accountFieldNames = Object.keys(accountFields) as AccountFieldName[];

export const customerName = z.string({ error: "name is required and must be a string" })
  .trim().min(1, { error: "name must not be empty" }).max(200, { error: "name is at most 200 characters" });
