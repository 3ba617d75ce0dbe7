// A client's backup (SPEC §9): one JSON file of everything that belongs to
// the client, with its kind and format version; the tables it holds are
// listed here, once, for the backup, the restore and the tests alike.
import { z } from "zod";

export const backupKind = "pulseboard.client-backup";
export const backupVersion = 1;

/**
 * One table of the backup. `columns` are saved and restored as they are;
 * an `id` is saved to link rows and replaced by a new one on restore (the
 * same ids may still exist in the client backed up), and each `refs` column
 * is pointed at the new id of the row it named. `order` (SQL over the
 * table as `t`) makes the file's row order stable from backup to backup.
 * `one`: the client's single row (its settings), updated, not inserted.
 * `idBy`: a table whose ids the API role may not write gets new ones from
 * the database, matched back to the saved rows by this column.
 * Columns the database stamps itself (versions, change ids, updated_at,
 * authors) are left out: a restore gets its own. `restoredAs`: columns not
 * saved but set on restore by SQL, e.g. a schedule's author to whoever
 * restores it (a scheduled report is rendered as its author).
 */
export type BackupTable = {
  name: string;
  /** What its rows are called in a sentence ("3 customers, 1 alert rules"). */
  label: string;
  columns: readonly string[];
  id?: true;
  idBy?: string;
  refs?: Readonly<Record<string, string>>;
  order?: string;
  one?: true;
  restoredAs?: Readonly<Record<string, string>>;
};

/** Tables in the order a restore writes them (a table after those it refers to). Another table is one line here. */
export const backupTables: readonly BackupTable[] = [
  { name: "client_settings", label: "settings", one: true, columns: ["weights", "bands", "mappings", "cadence", "renewal_windows", "signal_thresholds", "expansion"] },
  { name: "scoring_profiles", label: "scoring profiles", id: true, idBy: "name", columns: ["name", "weights", "mappings", "bands"], order: "lower(t.name)" },
  {
    name: "customers", label: "customers", id: true, refs: { scoring_profile_id: "scoring_profiles" }, order: "t.created_at, t.name_key, t.deleted_at nulls first, t.id",
    columns: ["name", "manager", "tier", "mrr", "arr", "lifecycle", "tags", "renewal_date", "next_touch", "customer_since", "sentiment",
      "note", "scoring_profile_id", "logins", "adoption", "tickets", "nps", "nps_category", "csat", "days_since_contact",
      "contact_baseline_at", "growth", "score", "status", "score_manual", "score_missing", "previous_score", "scored_at",
      "created_at", "deleted_at"],
  },
  { name: "contacts", label: "contacts", id: true, refs: { customer_id: "customers" }, order: "t.created_at, t.name, t.email, t.id",
    columns: ["customer_id", "name", "role", "email", "phone", "is_primary", "created_at"] },
  { name: "customer_notes", label: "notes", id: true, refs: { customer_id: "customers" }, order: "t.created_at, t.body, t.id",
    columns: ["customer_id", "body", "created_at"] },
  { name: "sentiment_entries", label: "sentiment entries", id: true, refs: { customer_id: "customers" }, order: "t.created_at, t.sentiment, t.note, t.id",
    columns: ["customer_id", "sentiment", "note", "created_at"] },
  { name: "score_history", label: "score history entries", refs: { customer_id: "customers" },
    order: "t.created_at, (select c.name_key from public.customers c where c.id = t.customer_id), t.id",
    columns: ["customer_id", "score", "status", "reason", "signals", "config_version", "created_at"] },
  { name: "webhook_subscriptions", label: "hook subscriptions", order: "t.event, t.target_url", columns: ["event", "target_url"] },
  { name: "import_mappings", label: "import mapping", one: true, columns: ["columns"] },
  { name: "alert_rules", label: "alert rules", order: "t.name_key",
    columns: ["name", "event", "threshold", "enabled", "channel", "target", "schedule", "digest_time", "digest_day", "time_zone", "manager"] },
  { name: "play_items", label: "playbook items", refs: { customer_id: "customers" },
    order: "(select c.name_key from public.customers c where c.id = t.customer_id), t.play, t.item", columns: ["customer_id", "play", "item", "done"] },
  { name: "report_schedules", label: "report schedules", refs: { customer_id: "customers" }, restoredAs: { created_by: "auth.uid()" },
    order: "t.report, t.frequency, t.created_at, t.id", columns: ["report", "customer_id", "frequency", "recipients", "format", "enabled"] },
];

export type BackupRow = Record<string, unknown>;

/** The file: its kind and version first, so any reader can tell what it holds before reading the rest. */
export const backupFile = z.object({
  kind: z.string({ error: `kind must be "${backupKind}"` }).refine((k) => k === backupKind, {
    error: `kind must be "${backupKind}": this file is not a Pulseboard client backup`,
  }),
  version: z.number({ error: "version must be a number" }).refine((v) => v === backupVersion, {
    error: `version must be ${backupVersion}: this backup was written by another version of Pulseboard`,
  }),
  created_at: z.string(),
  client: z.object({ name: z.string() }),
  tables: z.object(Object.fromEntries(backupTables.map((t) => [
    t.name, z.array(z.record(z.string(), z.unknown()), { error: `tables.${t.name} must be a list of rows` }),
  ])) as Record<string, z.ZodArray<z.ZodRecord<z.ZodString, z.ZodUnknown>>>, { error: "tables is missing" }),
});
export type BackupFile = z.infer<typeof backupFile>;

/**
 * A backup's content with its ids replaced by their place (`customers#3`),
 * and the file's own stamps left out: what two backups of the same data
 * share whatever client they were taken from.
 */
export function comparableContent(file: BackupFile): Record<string, BackupRow[]> {
  const alias = new Map<string, string>();
  const out: Record<string, BackupRow[]> = {};
  for (const t of backupTables) {
    out[t.name] = file.tables[t.name].map((row, i) => {
      if (t.id && typeof row.id === "string") alias.set(row.id, `${t.name}#${i}`);
      const copy: BackupRow = { ...row };
      if (t.id) copy.id = alias.get(String(row.id));
      for (const ref of Object.keys(t.refs ?? {})) if (copy[ref] != null) copy[ref] = alias.get(String(copy[ref])) ?? "unknown";
      return copy;
    });
  }
  return out;
}

/** Rows per table, for the restore's confirmation. */
export const rowCounts = (file: BackupFile) => Object.fromEntries(backupTables.map((t) => [t.name, file.tables[t.name].length]));

/** What a restore answers: rows written per table. */
export const restoreAnswer = z.strictObject({ restored: z.record(z.string(), z.number().int()) });
