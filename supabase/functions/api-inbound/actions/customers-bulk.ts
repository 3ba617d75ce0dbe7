// Bulk actions on selected customers: tags added or removed, lifecycle,
// manager, soft delete and restore, up to 500 ids per call. Each call is one
// transaction and all or nothing: an id that is not a live (for restore: a
// deleted) customer of this client refuses the whole call (404 naming `ids`)
// and nothing is written, so the page never has to explain a half-done
// selection. The audit triggers record every changed row; lifecycle changes
// rescore at once (a churned customer is not scored).
import {
  bulkDeleteCustomersAnswer, bulkIdsInput, type BulkIdsInput, bulkRestoreCustomersAnswer, bulkUpdateCustomersAnswer,
  bulkUpdateCustomersInput, type BulkUpdateCustomersInput,
} from "@shared/customers/bulk.ts";
import type { Tx } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { clientAction, editors } from "../../_shared/registry.ts";
import { rescoreCustomers } from "../../_shared/rescore.ts";

/**
 * Locks the selected customers (live ones, or deleted ones for a restore)
 * and refuses the call unless every id is one: another client's id is as
 * unknown as a made-up one.
 */
async function lockSelected(tx: Tx, clientId: string, ids: string[], deleted: boolean) {
  const rows = await tx`
    select id from public.customers
    where client_id = ${clientId} and id = any(${ids}::uuid[])
      and ${deleted ? tx`deleted_at is not null` : tx`deleted_at is null`}
    for update`;
  if (rows.length < ids.length) {
    const found = new Set(rows.map((r) => r.id as string));
    const missing = ids.filter((id) => !found.has(id));
    throw new HttpError(404, "not_found",
      `no ${deleted ? "deleted" : "live"} customer of this client with id ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ` and ${missing.length - 3} more` : ""}; nothing was changed`,
      "ids");
  }
}

/** A write RLS filtered (it should not, after requireEditor) must not answer as done. */
function allWritten(changed: number, expected: number) {
  if (changed < expected) throw new HttpError(403, "forbidden", "you may not change these customers", "ids");
}

const resultsOf = (ids: string[], changed: Set<string>) => ids.map((id) => ({ id, changed: changed.has(id) }));

async function bulkUpdate(tx: Tx, clientId: string, input: BulkUpdateCustomersInput) {
  await lockSelected(tx, clientId, input.ids, false);
  const add = input.add_tags ?? [];
  const remove = input.remove_tags ?? [];
  const manager = input.manager === "" ? null : input.manager;
  // Tags keep their order, added ones last; a row whose values are already
  // these is left alone (no updated_at move, no audit row, no history).
  const rows = await tx`
    with next as (
      select c.id,
        array(select t from unnest(c.tags || ${add}::text[]) with ordinality u(t, n)
              where t <> all(${remove}::text[]) group by t order by min(n)) as tags,
        ${input.lifecycle !== undefined ? tx`${input.lifecycle}::text` : tx`c.lifecycle`} as lifecycle,
        ${manager !== undefined ? tx`${manager}::text` : tx`c.manager`} as manager
      from public.customers c where c.id = any(${input.ids}::uuid[])
    )
    update public.customers c set tags = n.tags, lifecycle = n.lifecycle, manager = n.manager
    from next n
    where c.id = n.id and (c.tags, c.lifecycle, c.manager) is distinct from (n.tags, n.lifecycle, n.manager)
    returning c.id, c.lifecycle`;
  const changed = new Set(rows.map((r) => r.id as string));
  if (input.lifecycle !== undefined && changed.size > 0) {
    await rescoreCustomers(tx, { clientId, ids: [...changed], reason: "signals" });
  }
  return { updated: changed.size, results: resultsOf(input.ids, changed) };
}

async function bulkDelete(tx: Tx, clientId: string, { ids }: BulkIdsInput) {
  await lockSelected(tx, clientId, ids, false);
  const rows = await tx`update public.customers set deleted_at = now() where id = any(${ids}::uuid[]) and deleted_at is null returning id`;
  allWritten(rows.length, ids.length);
  return { deleted: rows.length, results: resultsOf(ids, new Set(rows.map((r) => r.id as string))) };
}

async function bulkRestore(tx: Tx, clientId: string, { ids }: BulkIdsInput) {
  await lockSelected(tx, clientId, ids, true);
  // A name may be live once per client: refuse, naming it, rather than fail on the unique index.
  const [clash] = await tx`
    select d.name from public.customers d
    where d.id = any(${ids}::uuid[])
      and (exists (select 1 from public.customers l where l.client_id = ${clientId} and l.deleted_at is null and l.name_key = d.name_key)
           or (select count(*) from public.customers o where o.id = any(${ids}::uuid[]) and o.name_key = d.name_key) > 1)
    limit 1`;
  if (clash) throw new HttpError(409, "conflict", `"${clash.name}" would be a second live customer of that name; nothing was restored`, "ids");
  const rows = await tx`update public.customers set deleted_at = null where id = any(${ids}::uuid[]) returning id`;
  allWritten(rows.length, ids.length);
  return { restored: rows.length, results: resultsOf(ids, new Set(rows.map((r) => r.id as string))) };
}

const write = { write: true, roles: editors } as const;

export const customerBulkActions = {
  bulk_update_customers: clientAction({
    ...write, summary: "Add or remove tags, set lifecycle or manager on up to 500 customers, all or nothing",
    input: bulkUpdateCustomersInput, answer: bulkUpdateCustomersAnswer,
    run: ({ tx, clientId, input }) => bulkUpdate(tx, clientId, input),
  }),
  bulk_delete_customers: clientAction({
    ...write, summary: "Soft-delete up to 500 customers, all or nothing",
    input: bulkIdsInput, answer: bulkDeleteCustomersAnswer,
    run: ({ tx, clientId, input }) => bulkDelete(tx, clientId, input),
  }),
  bulk_restore_customers: clientAction({
    ...write, summary: "Restore up to 500 soft-deleted customers, all or nothing",
    input: bulkIdsInput, answer: bulkRestoreCustomersAnswer,
    run: ({ tx, clientId, input }) => bulkRestore(tx, clientId, input),
  }),
};
