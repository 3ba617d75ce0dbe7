// CSV import (SPEC §9): the page parses and cleans a file in a worker and
// sends its valid rows here in batches. import_customers writes one batch in
// one transaction, each row by upsert_account's own rules and code, and
// scores the batch together; the customers' triggers audit every change.
// The remembered column mapping of a client is read and saved here too.
import { upsertAccountInput, type UpsertAccountInput } from "@shared/customers/inputs.ts";
import {
  backfillHistoryAnswer, backfillHistoryInput, importCustomersAnswer, importCustomersInput, importMappingAnswer,
  saveImportMappingInput, snapshotDate,
} from "@shared/import/inputs.ts";
import {
  effectiveSettings, npsCategoryOf, scoreSignals, type ScoringProfile, scoringProfileSchema, type Settings, settingsSchema, signalNames,
} from "@shared/index.ts";
import { z } from "zod";
import type { Tx } from "../../_shared/db.ts";
import { HttpError, validationError } from "../../_shared/http.ts";
import { clientAction, editors, readers } from "../../_shared/registry.ts";
import { loadScoringConfig, rescoreCustomers } from "../../_shared/rescore.ts";
import { columnsOf, writeColumns } from "./customers-write.ts";

type Result = z.infer<typeof importCustomersAnswer>["results"][number];

/** Whom a row names, as upsert_account finds customers: its id, else its name in any case. */
const keyOf = (row: UpsertAccountInput) => (row.id ? `id:${row.id}` : `name:${row.name!.toLowerCase()}`);

type Row = { index: number; row: UpsertAccountInput };
type Outcome = { index: number; id: string; created: boolean; changed: boolean; reason: string | null };

const refusal = (index: number, error: { field?: string; message: string }): Result =>
  ({ index, outcome: "refused", error: { field: error.field ?? "name", message: error.message } });

/**
 * Names no customer of the client has, live or deleted, inserted together:
 * one statement per set of columns instead of three a row (each statement
 * pays for the RLS helpers: a batch of 500 new names took seconds row by
 * row). A name that another request inserted meanwhile is left for the
 * row-by-row path, as are rows whose columns the server refuses.
 */
async function insertNew(tx: Tx, clientId: string, rows: Row[], results: Result[]): Promise<{ done: Outcome[]; rest: Row[] }> {
  const keys = rows.map((r) => r.row.name!.toLowerCase());
  const [live, deleted] = await Promise.all([
    tx`select name_key from public.customers where client_id = ${clientId} and deleted_at is null and name_key = any(${keys}::text[])`,
    tx`select name_key from public.customers where client_id = ${clientId} and deleted_at is not null and name_key = any(${keys}::text[])`,
  ]);
  const known = new Set([...live, ...deleted].map((r) => r.name_key as string));
  const fresh = rows.filter((r) => !known.has(r.row.name!.toLowerCase()));
  const rest = rows.filter((r) => known.has(r.row.name!.toLowerCase()));
  const groups = new Map<string, { row: Row; cols: Record<string, unknown> }[]>();
  await Promise.all(fresh.map(async (r) => {
    try {
      const cols = { ...(await columnsOf(tx, clientId, r.row)), client_id: clientId, name: r.row.name };
      const shape = Object.keys(cols).sort().join(",");
      groups.set(shape, [...(groups.get(shape) ?? []), { row: r, cols }]);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      results[r.index] = refusal(r.index, error);
    }
  }));
  const done: Outcome[] = [];
  for (const [shape, group] of groups) {
    const inserted = await tx`
      insert into public.customers ${tx(group.map((g) => g.cols), ...shape.split(","))}
      on conflict (client_id, name_key) where deleted_at is null do nothing
      returning id, name_key`;
    const ids = new Map(inserted.map((r) => [r.name_key as string, r.id as string]));
    for (const { row } of group) {
      const id = ids.get(row.row.name!.toLowerCase());
      if (id) done.push({ index: row.index, id, created: true, changed: true, reason: "signals" });
      else rest.push(row);
    }
  }
  return { done, rest };
}

/**
 * Writes a batch with upsert_account's rules and code. New names go in
 * together (insertNew); every other row is written as upsert_account writes
 * it, a row at a time per customer, so rows naming one customer (any case)
 * land on it in file order, the last winning, while rows of different
 * customers run concurrently on the batch's one connection (their
 * statements pipelined). A row the server refuses (a scoring profile the
 * client lacks) is refused before anything of it is written, so the batch
 * holds whole rows only; a row equal to the stored customer writes nothing,
 * so the same file twice changes nothing. Created rows are scored as
 * "import", changed signals as such.
 */
async function importCustomers(tx: Tx, clientId: string, { accounts }: z.output<typeof importCustomersInput>) {
  const results: Result[] = new Array(accounts.length);
  const toRescore = { import: [] as string[], signals: [] as string[], manual: [] as string[] };
  const byCustomer = new Map<string, Row[]>();
  for (const [index, raw] of accounts.entries()) {
    const parsed = upsertAccountInput.safeParse(typeof raw === "object" && raw !== null ? { ...raw, strict: true } : raw);
    if (!parsed.success) {
      results[index] = refusal(index, validationError(parsed.error));
      continue;
    }
    const key = keyOf(parsed.data);
    byCustomer.set(key, [...(byCustomer.get(key) ?? []), { index, row: parsed.data }]);
  }
  const groups = [...byCustomer.values()];
  const singles = groups.filter((g) => g.length === 1 && !g[0].row.id).map((g) => g[0]);
  const { done, rest } = singles.length ? await insertNew(tx, clientId, singles, results) : { done: [], rest: [] };
  const outcomes: Outcome[] = [...done];
  const oneByOne = [...groups.filter((g) => g.length > 1 || g[0].row.id), ...rest.map((r) => [r])];
  await Promise.all(oneByOne.map(async (rows) => {
    for (const { index, row } of rows) {
      try {
        outcomes.push({ index, ...(await writeColumns(tx, clientId, row)) });
      } catch (error) {
        if (!(error instanceof HttpError) || error.status >= 500) throw error;
        results[index] = refusal(index, error);
      }
    }
  }));
  for (const o of outcomes) {
    results[o.index] = { index: o.index, outcome: o.created ? "created" : o.changed ? "updated" : "unchanged", id: o.id };
    if (o.created) toRescore.import.push(o.id);
    else if (o.reason) toRescore[o.reason === "manual" ? "manual" : "signals"].push(o.id);
  }
  const config = await loadScoringConfig(tx, clientId);
  for (const reason of ["import", "signals", "manual"] as const) {
    // One customer may be created and then updated in the same batch: it is scored once, as created.
    const ids = [...new Set(toRescore[reason])].filter((id) => reason === "import" || !toRescore.import.includes(id));
    if (ids.length > 0) await rescoreCustomers(tx, { clientId, ids, reason, config });
  }
  const count = (o: Result["outcome"]) => results.filter((r) => r.outcome === o).length;
  return { created: count("created"), updated: count("updated"), unchanged: count("unchanged"), refused: count("refused"), results };
}

type ConfigVersion = { version: number; from: number; settings: Settings; profiles: Map<string, ScoringProfile> };

/** Every configuration version the client has had, oldest first, as config_history keeps them. */
async function configVersions(tx: Tx, clientId: string): Promise<ConfigVersion[]> {
  const withAll = (w: Record<string, number>) => ({ ...Object.fromEntries(signalNames.map((n) => [n, 0])), ...w });
  const rows = await tx`select version, settings, profiles, created_at from public.config_history where client_id = ${clientId} order by version`;
  return rows.map((r) => ({
    version: r.version,
    from: new Date(r.created_at).getTime(),
    settings: settingsSchema.parse({
      weights: withAll(r.settings.weights), bands: r.settings.bands, mappings: r.settings.mappings, cadence: r.settings.cadence,
      renewalWindows: r.settings.renewal_windows, signalThresholds: r.settings.signal_thresholds, expansion: r.settings.expansion,
    }),
    profiles: new Map((r.profiles as { id: string; name: string; weights: Record<string, number>; mappings: unknown; bands: unknown }[])
      .map((p) => [p.id, scoringProfileSchema.parse({ name: p.name, weights: withAll(p.weights), mappings: p.mappings, bands: p.bands ?? undefined })])),
  }));
}

type BackfillResult = z.infer<typeof backfillHistoryAnswer>["results"][number];

/**
 * Historical backfill: each snapshot is a customer's signals on a past date,
 * scored with the configuration in force that day (the last version saved
 * by then; the first one for days before it) and the customer's profile in
 * that version, and stored in score_history at noon UTC of the date with
 * reason "backfill". One per customer and day: loading the same file again
 * adds nothing (score_history_backfill_day). The customers must exist (the
 * page imports them first); their current fields are not touched.
 */
async function backfillHistory(tx: Tx, clientId: string, { snapshots }: z.output<typeof backfillHistoryInput>) {
  const results: BackfillResult[] = [];
  const today = new Date().toISOString().slice(0, 10);
  const versions = await configVersions(tx, clientId);
  const rows: { index: number; ref: UpsertAccountInput; date: string }[] = [];
  for (const [index, raw] of snapshots.entries()) {
    const { date, ...fields } = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const day = snapshotDate.safeParse(date);
    const parsed = upsertAccountInput.safeParse({ ...fields, strict: true });
    if (!day.success) results.push({ index, outcome: "refused", error: { field: "date", message: day.error.issues[0].message } });
    else if (day.data >= today) results.push({ index, outcome: "refused", error: { field: "date", message: "date must be before today: a backfill loads the past" } });
    else if (!parsed.success) {
      const e = validationError(parsed.error);
      results.push({ index, outcome: "refused", error: { field: e.field ?? "name", message: e.message } });
    }
    else rows.push({ index, ref: parsed.data, date: day.data });
  }
  const names = rows.filter((r) => !r.ref.id).map((r) => r.ref.name!.toLowerCase());
  const ids = rows.filter((r) => r.ref.id).map((r) => r.ref.id!);
  const customers = await tx`
    select id, name_key, scoring_profile_id from public.customers
    where client_id = ${clientId} and deleted_at is null and (name_key = any(${names}::text[]) or id = any(${ids}::uuid[]))`;
  const byKey = new Map(customers.flatMap((c) => [[`id:${c.id}`, c], [`name:${c.name_key}`, c]]));
  const history: Record<string, unknown>[] = [];
  const placed: { index: number; customer: string; at: string }[] = [];
  for (const { index, ref, date } of rows) {
    const customer = byKey.get(keyOf(ref));
    if (!customer) {
      results.push({ index, outcome: "refused", error: { field: ref.id ? "id" : "name", message: "no customer of that name: import the customer first, then its history" } });
      continue;
    }
    const at = `${date}T12:00:00.000Z`;
    const time = Date.parse(at);
    const config = versions.filter((v) => v.from <= time + 43_200_000).at(-1) ?? versions[0];
    const nps = ref.nps ?? null;
    const signals = {
      logins: ref.logins ?? null, adoption: ref.adoption ?? null, tickets: ref.tickets ?? null, csat: ref.csat ?? null,
      days: ref.days ?? null, growth: ref.growth ?? null,
      nps: typeof nps === "number" ? nps : null, npsCategory: typeof nps === "number" ? npsCategoryOf(nps) : nps,
    };
    const profile = customer.scoring_profile_id ? config.profiles.get(customer.scoring_profile_id) : undefined;
    const result = scoreSignals(signals, effectiveSettings(config.settings, profile), { bestImprovement: false });
    history.push({
      client_id: clientId, customer_id: customer.id, created_at: at, reason: "backfill", config_version: config.version,
      score: result.score === null ? null : Math.round(result.score * 10_000) / 10_000, status: result.band,
      signals: { logins: signals.logins, adoption: signals.adoption, tickets: signals.tickets, nps: signals.nps, nps_category: signals.npsCategory,
        csat: signals.csat, days: signals.days, growth: signals.growth },
    });
    placed.push({ index, customer: customer.id, at });
  }
  const added = history.length === 0 ? [] : await tx`
    insert into public.score_history ${tx(history, "client_id", "customer_id", "created_at", "reason", "config_version", "score", "status", "signals")}
    on conflict (customer_id, created_at) where reason = 'backfill' do nothing
    returning customer_id, private.iso_instant(created_at) as at`;
  const fresh = new Set(added.map((r) => `${r.customer_id} ${Date.parse(r.at)}`));
  for (const p of placed) results.push({ index: p.index, outcome: fresh.has(`${p.customer} ${Date.parse(p.at)}`) ? "added" : "already", id: p.customer });
  results.sort((a, b) => a.index - b.index);
  const count = (o: BackfillResult["outcome"]) => results.filter((r) => r.outcome === o).length;
  return { added: count("added"), already: count("already"), refused: count("refused"), results };
}

async function importMapping(tx: Tx, clientId: string) {
  const [row] = await tx`select columns from public.import_mappings where client_id = ${clientId}`;
  return { columns: (row?.columns ?? {}) as Record<string, string | null> };
}

async function saveImportMapping(tx: Tx, clientId: string, { columns }: z.output<typeof saveImportMappingInput>) {
  const [row] = await tx`
    insert into public.import_mappings (client_id, columns, updated_by) values (${clientId}, ${tx.json(columns)}, auth.uid())
    on conflict (client_id) do update set columns = excluded.columns, updated_by = excluded.updated_by
      where import_mappings.columns is distinct from excluded.columns
    returning columns`;
  return { columns: (row?.columns ?? columns) as Record<string, string | null> };
}

export const importActions = {
  import_customers: clientAction({
    write: true, roles: editors,
    summary: `Import up to 500 cleaned CSV rows (upsert_account's fields) in one transaction; per-row outcome created, updated, unchanged or refused`,
    input: importCustomersInput, answer: importCustomersAnswer,
    run: ({ tx, clientId, input }) => importCustomers(tx, clientId, input),
  }),
  backfill_history: clientAction({
    write: true, roles: editors,
    summary: "Load up to 500 past snapshots (a date and signals per customer) into score history, scored with the settings in force then",
    input: backfillHistoryInput, answer: backfillHistoryAnswer,
    run: ({ tx, clientId, input }) => backfillHistory(tx, clientId, input),
  }),
  get_import_mapping: clientAction({
    write: false, roles: readers, access: "user",
    summary: "The column mapping the client's last import used (header key → field, null for ignored)",
    input: z.object({}), answer: importMappingAnswer,
    run: ({ tx, clientId }) => importMapping(tx, clientId),
  }),
  save_import_mapping: clientAction({
    write: true, roles: editors, access: "user",
    summary: "Remember the column mapping for the client's next import",
    input: saveImportMappingInput, answer: importMappingAnswer,
    run: ({ tx, clientId, input }) => saveImportMapping(tx, clientId, input),
  }),
};
