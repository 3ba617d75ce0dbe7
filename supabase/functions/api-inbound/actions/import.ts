// CSV import (SPEC §9): the page parses and cleans a file in a worker and
// sends its valid rows here in batches. import_customers writes one batch in
// one transaction, each row by upsert_account's own rules and code, and
// scores the batch together; the customers' triggers audit every change.
// The remembered column mapping of a client is read and saved here too.
import { upsertAccountInput, type UpsertAccountInput } from "@shared/customers/inputs.ts";
import {
  importCustomersAnswer, importCustomersInput, importMappingAnswer, saveImportMappingInput,
} from "@shared/import/inputs.ts";
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
