// Inputs and answers of the bulk actions on selected customers (the
// Customers page's bulk bar): tags, lifecycle, manager, delete, restore.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { closedObject } from "../common/objects.ts";
import { accountFields } from "./fields.ts";

/** At most this many customers per call: one page of 500, as list_customers' limit. */
export const bulkLimit = 500;

/** The selected customers; repeats count once. */
const ids = z.array(uuid("ids"), { error: "ids must be an array of customer ids" })
  .min(1, { error: "ids must not be empty" })
  .max(bulkLimit, { error: `ids: at most ${bulkLimit} customers per call` })
  .transform((list) => [...new Set(list)]);

/** Tags to add or remove, as upsert_account takes them (an array or a comma-separated string). */
const tagList = accountFields.tags;

export const bulkUpdateCustomersInput = closedObject({
  ids,
  add_tags: tagList.optional(),
  remove_tags: tagList.optional(),
  lifecycle: accountFields.lifecycle.optional(),
  /** null (or "") takes the manager off. */
  manager: accountFields.manager.nullable().optional(),
}).refine((r) => r.add_tags?.length || r.remove_tags?.length || r.lifecycle !== undefined || r.manager !== undefined, {
  error: "say what to change: add_tags, remove_tags, lifecycle or manager", path: ["add_tags"],
});
export type BulkUpdateCustomersInput = z.infer<typeof bulkUpdateCustomersInput>;

export const bulkIdsInput = closedObject({ ids });
export type BulkIdsInput = z.infer<typeof bulkIdsInput>;

/** Per selected customer: whether this call changed it (a value it already had changes nothing). */
const result = z.strictObject({ id: z.uuid(), changed: z.boolean() });

export const bulkUpdateCustomersAnswer = z.strictObject({ updated: z.number().int(), results: z.array(result) });
export const bulkDeleteCustomersAnswer = z.strictObject({ deleted: z.number().int(), results: z.array(result) });
export const bulkRestoreCustomersAnswer = z.strictObject({ restored: z.number().int(), results: z.array(result) });
