// The Score Customer form's fields (SPEC §3 and the reference's "Scoring a
// Customer"): every one as text, as the form holds it, and how that text
// becomes the API's fields and the engine's signals — through the shared
// field rules, so the form refuses exactly what upsert_account would.
import type { Customer } from "@shared/customers/answers.ts";
import { signalFields, signalFieldNames } from "@shared/customers/fields.ts";
import { upsertAccountInput } from "@shared/customers/inputs.ts";
import { npsCategoryOf, type Signals } from "@shared/index.ts";

export const accountFieldNames = [
  "name", "tier", "mrr", "arr", "renewal_date", "lifecycle", "manager", "tags", "sentiment", "scoring_profile",
] as const;
export const formFieldNames = [...accountFieldNames, ...signalFieldNames] as const;
export type FormFieldName = (typeof formFieldNames)[number];

/** What the form holds: text, "" for empty. */
export type FormValues = Record<FormFieldName, string>;

export const emptyValues: FormValues = Object.fromEntries(formFieldNames.map((n) => [n, ""])) as FormValues;

/** A stored customer as the form's text (an NPS category stands in for a missing number). */
export function valuesOf(c: Customer): FormValues {
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return {
    name: c.name, tier: text(c.tier), mrr: text(c.mrr), arr: text(c.arr), renewal_date: text(c.renewal_date),
    lifecycle: c.lifecycle, manager: text(c.manager), tags: c.tags.join(", "), sentiment: text(c.sentiment),
    scoring_profile: text(c.scoring_profile),
    logins: text(c.logins), adoption: text(c.adoption), tickets: text(c.tickets), nps: text(c.nps ?? c.nps_category),
    csat: text(c.csat), days: text(c.days), growth: text(c.growth),
  };
}

/** Tags compare as a set of trimmed names, so "a, b" and "a,b" are no change. */
function same(name: FormFieldName, a: string, b: string): boolean {
  if (name !== "tags") return a.trim() === b.trim();
  const list = (s: string) => [...new Set(s.split(",").map((t) => t.trim()).filter(Boolean))].sort().join(",");
  return list(a) === list(b);
}

/**
 * The fields to send: those that differ from `base` (the stored customer's
 * text, or empty for a new one), an emptied field as null (tags as []). The
 * lifecycle cannot be emptied: a customer always has one.
 */
export function changedFields(values: FormValues, base: FormValues): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of formFieldNames) {
    if (name === "name" || same(name, values[name], base[name])) continue;
    const value = values[name].trim();
    if (value === "" && name === "lifecycle") continue;
    fields[name] = value === "" ? (name === "tags" ? [] : null) : value;
  }
  return fields;
}

export type FieldErrors = Partial<Record<string, string>>;

/** The shared input schema's verdict, one message per field it names (the first for each). */
export function fieldErrorsOf(name: string, fields: Record<string, unknown>): FieldErrors {
  const parsed = upsertAccountInput.safeParse({ name: name.trim() === "" ? undefined : name, ...fields });
  // The form names its customer: a blank name is refused even beside other
  // errors (the schema checks "id or name" only once the fields parse).
  const errors: FieldErrors = name.trim() === "" ? { name: "name is required" } : {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "name");
    errors[field] ??= issue.message;
  }
  return errors;
}

/**
 * The engine's signals from the form's text. A value the API would refuse is
 * left out (the preview says so), as an empty one is; an NPS number also
 * gives its category, as the server stores it.
 */
export function signalsOfValues(values: FormValues): { signals: Signals; invalid: string[] } {
  const signals: Signals = {};
  const invalid: string[] = [];
  for (const name of signalFieldNames) {
    const text = values[name].trim();
    if (text === "") continue;
    const parsed = signalFields[name].safeParse(text);
    if (!parsed.success) {
      invalid.push(name);
      continue;
    }
    const value = parsed.data;
    if (name === "nps") {
      if (typeof value === "number") Object.assign(signals, { nps: value, npsCategory: npsCategoryOf(value) });
      else signals.npsCategory = value as Signals["npsCategory"];
    } else (signals as Record<string, unknown>)[name] = value;
  }
  return { signals, invalid };
}
