// Inputs and answers of the import actions: a batch of cleaned rows, the
// per-client remembered column mapping, and a batch of history snapshots.
import { z } from "zod";
import { isCalendarDate } from "../common/dates.ts";
import { closedObject } from "../common/objects.ts";
import { importFields } from "./columns.ts";

/** Rows per import call: one batch is one transaction, all of it or none. */
export const importBatchLimit = 500;

const rows = (field: string) => z.array(z.unknown(), { error: `${field} must be an array` })
  .min(1, { error: `${field} must not be empty` })
  .max(importBatchLimit, { error: `${field}: at most ${importBatchLimit} rows per call` });

/** Each account is upsert_account's input (by id, else name in any case), checked again by its rules. */
export const importCustomersInput = closedObject({ accounts: rows("accounts") });

/** What each row did: a row the same as the stored customer is unchanged (nothing written). */
export const importOutcomes = ["created", "updated", "unchanged", "refused"] as const;
const rowResult = z.strictObject({
  index: z.number().int(),
  outcome: z.enum(importOutcomes),
  id: z.uuid().optional(),
  error: z.strictObject({ field: z.string(), message: z.string() }).optional(),
});
export const importCustomersAnswer = z.strictObject({
  created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), refused: z.number().int(),
  results: z.array(rowResult),
});
export type ImportCustomersAnswer = z.infer<typeof importCustomersAnswer>;

/** A remembered mapping: header key (headerKey) → the field it fills, or null for "ignore". */
const mapping = z.record(z.string().max(200), z.enum(importFields).nullable(), { error: "columns must map header keys to fields" })
  .refine((m) => Object.keys(m).length <= 200, { error: "columns: at most 200 headers" });
export const saveImportMappingInput = closedObject({ columns: mapping });
export const importMappingAnswer = z.strictObject({ columns: mapping });

/**
 * A backfill batch: each snapshot is a customer's signals on a past date
 * (upsert_account's signal fields, by id or name); `date` must be before today.
 */
export const backfillHistoryInput = closedObject({ snapshots: rows("snapshots") });
export const snapshotDate = z.string({ error: "date is required (YYYY-MM-DD)" })
  .refine(isCalendarDate, { error: "date must be a real date (YYYY-MM-DD)" });
export const backfillHistoryAnswer = z.strictObject({
  added: z.number().int(), already: z.number().int(), refused: z.number().int(), results: z.array(rowResult.extend({
    outcome: z.enum(["added", "already", "refused"]),
  })),
});
export type BackfillHistoryAnswer = z.infer<typeof backfillHistoryAnswer>;
