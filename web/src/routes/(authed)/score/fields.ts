// How each field of the Score Customer form reads: its label, control and
// hint. The rules behind them are the API's own (score-fields.ts).
import { lifecycles, sentiments, tiers } from "@shared/customers/fields.ts";
import { growthNames } from "@shared/index.ts";
import type { FormFieldName } from "./score-fields.ts";

export type Control =
  | { kind: "text" | "number" | "date"; inputmode?: "decimal" | "numeric" }
  | { kind: "choice"; choices: readonly string[]; labels?: Record<string, string>; empty: string };

export type FieldView = { name: FormFieldName; label: string; control: Control; hint?: string };

const number = (inputmode: "decimal" | "numeric" = "decimal"): Control => ({ kind: "number", inputmode });

export const accountFields: FieldView[] = [
  { name: "tier", label: "Tier", control: { kind: "choice", choices: tiers, labels: { smb: "SMB", mid: "Mid-Market", enterprise: "Enterprise" }, empty: "–" } },
  { name: "mrr", label: "MRR ($)", control: number() },
  { name: "arr", label: "ARR ($)", control: number() },
  { name: "renewal_date", label: "Renewal date", control: { kind: "date" } },
  { name: "lifecycle", label: "Lifecycle", control: { kind: "choice", choices: lifecycles, labels: { atrisk: "at risk" }, empty: "–" } },
  { name: "manager", label: "Manager", control: { kind: "text" } },
  { name: "tags", label: "Tags", control: { kind: "text" }, hint: "Comma-separated" },
  { name: "sentiment", label: "Sentiment", control: { kind: "choice", choices: sentiments, empty: "–" } },
];

export const signalFields: FieldView[] = [
  { name: "logins", label: "Logins (last 30 days)", control: number("numeric") },
  { name: "adoption", label: "Adoption (%)", control: number(), hint: "0–100" },
  { name: "tickets", label: "Open tickets", control: number("numeric") },
  { name: "nps", label: "NPS", control: { kind: "text" }, hint: "0–10, or promoter / passive / detractor" },
  { name: "csat", label: "CSAT", control: number(), hint: "1–5" },
  { name: "days", label: "Days since contact", control: number("numeric") },
  { name: "growth", label: "Growth", control: { kind: "choice", choices: growthNames, empty: "–" } },
];
