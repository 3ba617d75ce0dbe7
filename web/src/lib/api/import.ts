// The import and export calls of the dashboard: batches of cleaned rows, the
// client's remembered column mapping, and the CSV exports as files.
import type { ImportField } from "@shared/import/columns.ts";
import { backfillHistoryAnswer, importCustomersAnswer, importMappingAnswer } from "@shared/import/inputs.ts";
import { fetchFile, request, send } from "./client.ts";

/** One batch of rows (upsert_account's fields), written in one transaction. */
export const importCustomers = (clientId: string, accounts: unknown[]) =>
  send("import_customers", { client_id: clientId, accounts }, importCustomersAnswer);

/** One batch of past snapshots (a customer's signals and a date each), loaded into score history. */
export const backfillHistory = (clientId: string, snapshots: unknown[]) =>
  send("backfill_history", { client_id: clientId, snapshots }, backfillHistoryAnswer);

export const getImportMapping = (clientId: string, signal?: AbortSignal) =>
  request("get_import_mapping", { client_id: clientId }, importMappingAnswer, signal);

export const saveImportMapping = (clientId: string, columns: Record<string, ImportField | null>) =>
  send("save_import_mapping", { client_id: clientId, columns }, importMappingAnswer);

/** The customers CSV (`list`, with calculated columns) or the bulksheet, filtered as list_customers is. */
export const exportCustomers = (clientId: string, kind: "list" | "bulksheet", filters: Record<string, string | number | undefined> = {}) =>
  fetchFile("/export.csv", { ...filters, client_id: clientId, kind });
