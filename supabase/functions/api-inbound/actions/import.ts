// CSV import (SPEC §9): the page parses and cleans a file in a worker and
// sends its valid rows here in batches. import_customers writes one batch in
// one transaction, each row by upsert_account's own rules and code, and
// scores the batch together; the customers' triggers audit every change.
// The remembered column mapping of a client is read and saved here too.
import { upsertAccountInput } from "@shared/customers/inputs.ts";
import {
  importCustomersAnswer, importCustomersInput, importMappingAnswer, saveImportMappingInput,
} from "@shared/import/inputs.ts";
import { z } from "zod";
import type { Tx } from "../../_shared/db.ts";
import { HttpError, validationError } from "../../_shared/http.ts";
import { clientAction, editors, readers } from "../../_shared/registry.ts";
import { loadScoringConfig, rescoreCustomers } from "../../_shared/rescore.ts";
import { writeColumns } from "./customers-write.ts";

type Result = z.infer<typeof importCustomersAnswer>["results"][number];

/**
 * Writes a batch row by row, in file order, so that rows naming one
 * customer (any case) all land on it and the last one wins. A row the
 * server refuses (a scoring profile the client lacks) is checked before
 * anything of it is written, so the batch holds whole rows only; a row equal
 * to the stored customer writes nothing, so the same file twice changes
 * nothing. Created rows are rescored as "import", changed signals as such.
 */
async function importCustomers(tx: Tx, clientId: string, { accounts }: z.output<typeof importCustomersInput>) {
  const results: Result[] = [];
  const toRescore = { import: [] as string[], signals: [] as string[], manual: [] as string[] };
  for (const [index, raw] of accounts.entries()) {
    const parsed = upsertAccountInput.safeParse(typeof raw === "object" && raw !== null ? { ...raw, strict: true } : raw);
    if (!parsed.success) {
      const e = validationError(parsed.error);
      results.push({ index, outcome: "refused", error: { field: e.field ?? "name", message: e.message } });
      continue;
    }
    try {
      const r = await writeColumns(tx, clientId, parsed.data);
      const outcome = r.created ? "created" : r.changed ? "updated" : "unchanged";
      results.push({ index, outcome, id: r.id });
      if (r.created) toRescore.import.push(r.id);
      else if (r.reason) toRescore[r.reason === "manual" ? "manual" : "signals"].push(r.id);
    } catch (error) {
      if (!(error instanceof HttpError) || error.status >= 500) throw error;
      results.push({ index, outcome: "refused", error: { field: error.field ?? "name", message: error.message } });
    }
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
