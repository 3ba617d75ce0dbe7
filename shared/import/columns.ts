// The columns an import file may have: what each CSV header means, matched by
// the names of SPEC §9 after normalising case, spaces, punctuation, units and symbols.

/**
 * The fields a column can fill: upsert_account's own field names, plus `id`
 * (the bulksheet's), `months_to_renewal` (the template's), `score` (a manual
 * override, as upsert_account takes it) and, for a
 * historical backfill, the snapshot's `date` and `last_contact_date`.
 */
export const importFields = [
  "id", "name", "manager", "mrr", "arr", "logins", "adoption", "tickets", "nps", "csat", "days", "renewal_date",
  "months_to_renewal", "growth", "tier", "tags", "lifecycle", "since", "next_touch", "scoring_profile", "note", "sentiment",
  "score", "date", "last_contact_date",
] as const;
export type ImportField = (typeof importFields)[number];

/** What the page shows for each field in its mapping choices. */
export const fieldLabels: Record<ImportField, string> = {
  id: "Customer id", name: "Customer name", manager: "Manager (CSM)", mrr: "MRR", arr: "ARR", logins: "Logins (30 days)",
  adoption: "Feature adoption %", tickets: "Open tickets", nps: "NPS (score or category)", csat: "CSAT (1–5)",
  days: "Days since contact", renewal_date: "Renewal date", months_to_renewal: "Months to renewal", growth: "Growth signal",
  tier: "Tier", tags: "Tags", lifecycle: "Lifecycle", since: "Customer since", next_touch: "Next touch",
  scoring_profile: "Scoring profile", note: "Note", sentiment: "Sentiment", score: "Manual score (overrides)", date: "Snapshot date (backfill)",
  last_contact_date: "Last contact date",
};

/** The names each field is recognised by (SPEC §9 and the reference's table), written as people write headers. */
const synonyms: Record<ImportField, string[]> = {
  id: ["id", "customer id", "account id"],
  name: ["name", "company", "company name", "customer", "customer name", "account", "account name", "client"],
  manager: ["manager", "csm", "owner", "rep", "account manager", "customer success manager", "account owner"],
  mrr: ["mrr", "revenue", "monthly recurring revenue", "monthly revenue"],
  arr: ["arr", "annual recurring revenue", "annual revenue"],
  logins: ["logins", "logins_30d", "login_frequency", "login count", "monthly logins"],
  adoption: ["adoption", "feature_adoption_pct", "feature adoption", "adoption rate"],
  tickets: ["tickets", "open_tickets", "support tickets", "open support tickets"],
  nps: ["nps", "nps_category", "nps score", "net promoter score"],
  csat: ["csat", "csat score", "customer satisfaction"],
  days: ["days", "days_since_contact", "days since last contact", "days since touch"],
  renewal_date: ["renewal_date", "renews on", "renewal", "renews", "contract renewal", "contract end"],
  months_to_renewal: ["months_to_renewal", "months until renewal"],
  growth: ["growth", "growth_signal"],
  tier: ["tier", "segment", "customer tier", "plan tier"],
  tags: ["tags", "tag", "labels"],
  lifecycle: ["lifecycle", "stage", "lifecycle stage"],
  since: ["since", "customer_since", "customer start", "start date", "client since"],
  next_touch: ["next_touch", "next contact", "next touch date", "next call"],
  scoring_profile: ["scoring_profile", "profile"],
  note: ["note", "notes", "comment", "comments"],
  sentiment: ["sentiment"],
  score: ["score", "health score", "manual score"],
  date: ["date", "snapshot date", "as of", "as of date", "recorded on"],
  last_contact_date: ["last_contact_date", "last contact", "last contacted", "last touch"],
};

/** Words that carry no meaning in a header: "Customer Name" is the customer, "MRR (USD)" the MRR. */
const fillers = new Set(["the", "of", "in", "a", "number", "no", "num", "count", "total", "pct", "percent", "percentage",
  "usd", "amount", "value", "name", "date", "on"]);

/**
 * A header as a key: lower case, accents, symbols and punctuation dropped,
 * parenthesised units ("(30d)", "($)") and day windows ("last 30 days")
 * left out, then filler words; all fillers ("Name", "Date") keep their words.
 */
export function headerKey(header: string): string {
  const words = header.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/%/g, " pct ")
    .replace(/[^a-z0-9]+/g, " ")
    .replace(/\b(in )?(the )?(last |past )?\d+ ?(d|days?)\b/g, " ")
    .trim().split(/\s+/).filter(Boolean);
  const meaningful = words.filter((w) => !fillers.has(w));
  return (meaningful.length ? meaningful : words).join(" ");
}

/** Each synonym's key → its field; a key claimed by two fields is a mistake the unit tests catch. */
export const fieldByKey: ReadonlyMap<string, ImportField> = new Map(
  importFields.flatMap((field) => [field, ...synonyms[field]].map((s) => [headerKey(s), field] as const)),
);

/** Every synonym key with the fields that claim it (for the test that none is claimed twice). */
export function synonymClaims(): Map<string, ImportField[]> {
  const claims = new Map<string, ImportField[]>();
  for (const field of importFields) {
    for (const s of new Set([field, ...synonyms[field]].map(headerKey))) claims.set(s, [...(claims.get(s) ?? []), field]);
  }
  return claims;
}

/** A column's place in the mapping: the field it fills, or null when ignored. */
export type ColumnMapping = (ImportField | null)[];

/**
 * The field of each header: a remembered choice for that header first (a
 * client's earlier remap, by header key; null there means "ignore"), else
 * the synonym match, else ignored. A field is filled by its first column
 * only: a second "Company" column is left ignored, for the user to decide.
 */
export function matchHeaders(headers: readonly string[], remembered: Readonly<Record<string, ImportField | null>> = {}): ColumnMapping {
  const taken = new Set<ImportField>();
  return headers.map((header) => {
    const key = headerKey(header);
    const field = Object.hasOwn(remembered, key) ? remembered[key] : fieldByKey.get(key) ?? null;
    if (!field || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

/** The template's columns (SPEC §9), in its order. */
export const templateColumns = [
  "name", "manager", "mrr", "arr", "logins_30d", "feature_adoption_pct", "open_tickets", "nps_category", "days_since_contact",
  "renewal_date", "months_to_renewal", "growth_signal", "tier", "tags", "lifecycle", "customer_since", "next_touch",
  "scoring_profile", "note", "sentiment",
] as const;
