// The edit form of the Overview: every field of the account as the form
// holds it (text), and the changes to send — only the fields that changed,
// in the API's names and formats, checked first by the API's own schema so
// an error names the field before anything is sent.
import type { CustomerDetail } from "@shared/customers/answers.ts";
import { upsertAccountInput } from "@shared/customers/inputs.ts";

/** A choice list shows each value by its label (the value itself when it has none). */
export type FieldKind = "text" | "number" | "date" | "textarea" | { choices: readonly string[]; labels?: Record<string, string> };
export type FormField = { name: string; label: string; kind: FieldKind; hint?: string };

export const accountFormFields: FormField[] = [
  { name: "name", label: "Name", kind: "text" },
  { name: "manager", label: "Manager", kind: "text" },
  { name: "tier", label: "Tier", kind: { choices: ["smb", "mid", "enterprise"], labels: { smb: "SMB", mid: "Mid-Market", enterprise: "Enterprise" } } },
  { name: "lifecycle", label: "Lifecycle", kind: { choices: ["onboarding", "active", "atrisk", "won", "churned"], labels: { atrisk: "at risk" } } },
  { name: "mrr", label: "MRR ($)", kind: "number" },
  { name: "arr", label: "ARR ($)", kind: "number" },
  { name: "renewal_date", label: "Renewal date", kind: "date" },
  { name: "next_touch", label: "Next touch", kind: "date" },
  { name: "since", label: "Customer since", kind: "date" },
  { name: "sentiment", label: "Sentiment", kind: { choices: ["positive", "neutral", "negative"] } },
  { name: "scoring_profile", label: "Scoring profile", kind: { choices: [] }, hint: "Empty (–): the client's settings" },
  { name: "score", label: "Manual score (0–100)", kind: "number", hint: "Overrides the computed score until a signal changes; empty: scored from the signals" },
  { name: "tags", label: "Tags", kind: "text", hint: "Comma-separated" },
  { name: "note", label: "Note", kind: "textarea" },
];

export const signalFormFields: FormField[] = [
  { name: "logins", label: "Logins (30 days)", kind: "number" },
  { name: "adoption", label: "Feature adoption %", kind: "number" },
  { name: "tickets", label: "Open tickets", kind: "number" },
  { name: "nps", label: "NPS (0–10)", kind: "number" },
  { name: "csat", label: "CSAT (1–5)", kind: "number" },
  { name: "days", label: "Days since last contact", kind: "number" },
  { name: "growth", label: "Growth signal", kind: { choices: ["none", "mild", "strong"] } },
];

export type FormValues = Record<string, string>;

/** The account fields with the scoring profile offered as a choice of the client's profiles (and the one set, if it is gone). */
export function accountFieldsWith(profiles: string[], current: string | null): FormField[] {
  const choices = [...new Set([...profiles, ...(current ? [current] : [])])];
  return accountFormFields.map((f) => (f.name === "scoring_profile" ? { ...f, kind: { choices } } : f));
}

/** The customer's fields as the form's starting text; the manual score only while the score is set by hand. */
export function formValuesOf(c: CustomerDetail): FormValues {
  const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  return {
    name: c.name, manager: text(c.manager), tier: text(c.tier), lifecycle: c.lifecycle, mrr: text(c.mrr), arr: text(c.arr),
    renewal_date: text(c.renewal_date), next_touch: text(c.next_touch), since: text(c.since), sentiment: text(c.sentiment),
    scoring_profile: text(c.scoring_profile), score: c.score_manual ? text(c.score) : "", tags: c.tags.join(", "), note: text(c.note),
    logins: text(c.logins), adoption: text(c.adoption), tickets: text(c.tickets), nps: typeof c.nps === "number" ? String(c.nps) : "",
    csat: text(c.csat), days: text(c.days), growth: text(c.growth),
  };
}

export type Changes = { ok: true; fields: Record<string, unknown> } | { ok: false; field: string; message: string };

/** The fields that changed, cleared ones as null; refused with the field's own message when the API would refuse them. */
export function changesOf(id: string, initial: FormValues, current: FormValues): Changes {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(current)) {
    if (value.trim() === initial[name]?.trim()) continue;
    fields[name] = value.trim() === "" ? (name === "tags" ? [] : null) : value.trim();
  }
  const parsed = upsertAccountInput.safeParse({ id, ...fields });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: String(issue.path[0] ?? "name"), message: issue.message };
  }
  return { ok: true, fields };
}
