// The writing actions: upsert_account(s), update_health, delete/restore and
// score_customer. Each rescores in the same transaction as its write.
import {
  deleteCustomerAnswer, restoreCustomerAnswer, scoreCustomerAnswer, upsertAccountsAnswer, writeCustomerAnswer,
} from "@shared/customers/answers.ts";
import { accountFieldNames, accountFields, signalFieldNames } from "@shared/customers/fields.ts";
import {
  customerRef, type CustomerRef, updateHealthInput, upsertAccountInput, upsertAccountsInput, type UpsertAccountInput,
} from "@shared/customers/inputs.ts";
import { npsCategoryOf } from "@shared/index.ts";
import type { Warning } from "@shared/common/objects.ts";
import type { z } from "zod";
import type { Tx } from "../../_shared/db.ts";
import { HttpError, validationError } from "../../_shared/http.ts";
import { clientAction, editors } from "../../_shared/registry.ts";
import { loadScoringConfig, rescoreCustomers, type ScoreReason } from "../../_shared/rescore.ts";
import { customerJson, effectiveDaysSql } from "../customer-json.ts";
import { findCustomer } from "./customers-read.ts";

type Columns = Record<string, unknown>;

/** A write that RLS filtered to nothing must not answer as if it happened. */
function touched(rows: readonly unknown[]) {
  if (rows.length === 0) throw new HttpError(403, "forbidden", "you may not change this customer", "id");
}

/** API field names → columns. `days` restarts the decay baseline; nps may be a category. */
export async function columnsOf(tx: Tx, clientId: string, input: UpsertAccountInput): Promise<Columns> {
  const cols: Columns = {};
  const direct = ["logins", "adoption", "tickets", "csat", "growth", "mrr", "arr", "tier", "lifecycle", "manager",
    "tags", "renewal_date", "next_touch", "sentiment", "note"] as const;
  for (const f of direct) if (input[f] !== undefined) cols[f] = input[f];
  if (input.tags === null) cols.tags = [];
  if (input.since !== undefined) cols.customer_since = input.since;
  if (input.days !== undefined) {
    cols.days_since_contact = input.days;
    cols.contact_baseline_at = input.days === null ? null : new Date();
  }
  if (input.nps !== undefined) {
    const nps = input.nps;
    cols.nps = typeof nps === "number" ? nps : null;
    cols.nps_category = typeof nps === "number" ? npsCategoryOf(nps) : nps;
  }
  if (input.scoring_profile !== undefined) {
    if (input.scoring_profile === null || input.scoring_profile === "") cols.scoring_profile_id = null;
    else {
      const [p] = await tx`select id from public.scoring_profiles where client_id = ${clientId} and lower(name) = lower(${input.scoring_profile})`;
      if (!p) throw new HttpError(400, "invalid_input", `scoring_profile: no profile named "${input.scoring_profile}"`, "scoring_profile");
      cols.scoring_profile_id = p.id;
    }
  }
  if (input.score !== undefined) {
    cols.score_manual = input.score !== null;
    if (input.score !== null) cols.score = input.score;
  } else if (signalFieldNames.some((f) => input[f] !== undefined)) {
    // "A manual score overrides the computed one until signals change."
    cols.score_manual = false;
  }
  return cols;
}

/** Why this write rescores, or null when nothing the score depends on changed. */
function rescoreReason(input: UpsertAccountInput, created: boolean): ScoreReason | null {
  if (input.score !== undefined) return "manual";
  if (created || signalFieldNames.some((f) => input[f] !== undefined)) return "signals";
  if (input.scoring_profile !== undefined || input.lifecycle !== undefined) return "signals";
  return null;
}

/** Whether the write asks for nothing but a name: then a name of another case renames. */
const onlyName = (input: UpsertAccountInput) => accountFieldNames.every((f) => input[f] === undefined);

/**
 * Writes one account's columns and says whether anything changed and, if the
 * score depends on it, why it needs a rescore (the callers rescore in the
 * same transaction). By id, else by name in any case: a new name creates the
 * account, the name of a soft-deleted one restores it (same id) with the new
 * values. A write that changes nothing is no change: the customers' change
 * trigger skips it, and then nothing is rescored (import_customers counts such rows unchanged).
 */
export async function writeColumns(tx: Tx, clientId: string, input: UpsertAccountInput, opts: { mustExist?: boolean } = {}) {
  const cols = await columnsOf(tx, clientId, input);
  const find = () => tx`
    select id, ${tx.unsafe(effectiveDaysSql)} as days from public.customers c
    where client_id = ${clientId} and deleted_at is null
      and ${input.id ? tx`id = ${input.id}` : tx`name_key = lower(${input.name!})`}
    for update`;
  let [existing] = await find();
  let restored = false;
  if (!existing && (input.id || opts.mustExist)) {
    throw new HttpError(404, "not_found", `no customer with this ${input.id ? "id" : "name"}`, input.id ? "id" : "name");
  }
  if (!existing) {
    [existing] = await tx`
      update public.customers c set deleted_at = null
      where id = (select id from public.customers where client_id = ${clientId} and deleted_at is not null
                    and name_key = lower(${input.name!}) order by deleted_at desc limit 1 for update)
        and not exists (select 1 from public.customers where client_id = ${clientId} and deleted_at is null and name_key = lower(${input.name!}))
      returning id, ${tx.unsafe(effectiveDaysSql)} as days`;
    restored = existing !== undefined;
  }
  if (!existing) {
    // Concurrent upserts of one new name: the loser of the race waits here
    // for the winner to commit and then finds its row, instead of a 409.
    const [row] = await tx`
      insert into public.customers ${tx({ ...cols, client_id: clientId, name: input.name })}
      on conflict (client_id, name_key) where deleted_at is null do nothing
      returning id`;
    if (row) return { id: row.id as string, created: true, restored, changed: true, reason: rescoreReason(input, true) };
    [existing] = await find();
    if (!existing) throw new HttpError(409, "conflict", "this name is being written by another request; retry", "name");
  }
  // "acme corp" finds "Acme Corp"; it renames only when addressed by id or
  // when the new spelling is all that is asked.
  if (input.name !== undefined && (input.id || onlyName(input))) cols.name = input.name;
  // The same days since contact again keeps the decay baseline: a repeat push is no change.
  if (input.days !== undefined && input.days === existing.days) {
    delete cols.days_since_contact;
    delete cols.contact_baseline_at;
  }
  const updated = Object.keys(cols).length > 0 &&
    (await tx`update public.customers set ${tx(cols)} where id = ${existing.id} returning id`).length > 0;
  const changed = restored || updated;
  return { id: existing.id as string, created: false, restored, changed, reason: changed ? rescoreReason(input, false) : null };
}

/** Creates or updates one account (by id, else by case-insensitive name) and rescores it. */
async function writeAccount(tx: Tx, clientId: string, input: UpsertAccountInput, opts: { mustExist?: boolean } = {}) {
  const { id, created, restored, reason } = await writeColumns(tx, clientId, input, opts);
  if (reason) await rescoreCustomers(tx, { clientId, ids: [id], reason });
  return { created, restored, customer: customerJson(await findCustomer(tx, clientId, { id })), warnings: input.warnings };
}

/** update_health: one field, named by `field`, validated by that field's own rule. */
async function updateHealth(tx: Tx, clientId: string, { id, name, field, value, warnings }: z.output<typeof updateHealthInput>) {
  const parsed = accountFields[field].nullable().safeParse(value);
  if (!parsed.success) throw validationError(parsed.error, [field]);
  return writeAccount(tx, clientId, { id, name, [field]: parsed.data, warnings } as UpsertAccountInput, { mustExist: true });
}

/**
 * upsert_accounts: up to 1,000 rows. Each row is validated; the valid ones are
 * written together in this transaction and scored in one set-based pass.
 */
async function upsertAccounts(tx: Tx, clientId: string, { accounts, strict }: z.output<typeof upsertAccountsInput>) {
  type Result = { index: number; ok: true; created: boolean; restored: boolean; id: string; warnings: Warning[] } | { index: number; ok: false; error: unknown };
  const results: Result[] = [];
  const toRescore = { signals: [] as string[], manual: [] as string[] };
  for (const [index, raw] of accounts.entries()) {
    const parsed = upsertAccountInput.safeParse(strict && typeof raw === "object" && raw !== null ? { ...raw, strict } : raw);
    if (!parsed.success) {
      const e = validationError(parsed.error);
      results.push({ index, ok: false, error: { code: e.code, message: e.message, field: e.field } });
      continue;
    }
    // Rows that pass validation are written without savepoints: a thousand
    // subtransactions overflow Postgres' subtransaction cache and make every
    // later statement crawl. What the database could still refuse is checked
    // first (names by lookup, profiles by name), so a refusal here means the
    // whole batch is refused, never half-written.
    try {
      const r = await writeColumns(tx, clientId, parsed.data);
      results.push({ index, ok: true, created: r.created, restored: r.restored, id: r.id, warnings: parsed.data.warnings });
      if (r.reason === "manual") toRescore.manual.push(r.id);
      else if (r.reason) toRescore.signals.push(r.id);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      results.push({ index, ok: false, error: { code: error.code, message: error.message, field: error.field } });
    }
  }
  // The whole batch is scored at once, in this transaction: one set-based write.
  const config = await loadScoringConfig(tx, clientId);
  for (const reason of ["signals", "manual"] as const) {
    if (toRescore[reason].length > 0) await rescoreCustomers(tx, { clientId, ids: toRescore[reason], reason, config });
  }
  const applied = results.filter((r) => r.ok).length;
  return { applied, failed: results.length - applied, results };
}

/** delete_customer: soft, recoverable with restore_customer. */
async function deleteCustomer(tx: Tx, clientId: string, ref: CustomerRef) {
  const row = await findCustomer(tx, clientId, ref);
  touched(await tx`update public.customers set deleted_at = now() where id = ${row.id} returning id`);
  return { deleted: true, id: row.id };
}

async function restoreCustomer(tx: Tx, clientId: string, ref: CustomerRef) {
  const row = await findCustomer(tx, clientId, ref, { deleted: true });
  const [clash] = await tx`select 1 from public.customers where client_id = ${clientId} and deleted_at is null and name_key = lower(${row.name})`;
  if (clash) throw new HttpError(409, "conflict", "another live customer already has this name", "name");
  touched(await tx`update public.customers set deleted_at = null where id = ${row.id} returning id`);
  return { restored: true, customer: customerJson(await findCustomer(tx, clientId, { id: row.id })) };
}

/** score_customer: a full rescore with the saved weights; it ends a manual override. */
async function scoreCustomer(tx: Tx, clientId: string, ref: CustomerRef) {
  const row = await findCustomer(tx, clientId, ref);
  if (row.score_manual) await tx`update public.customers set score_manual = false where id = ${row.id}`;
  await rescoreCustomers(tx, { clientId, ids: [row.id], reason: "signals" });
  return { customer: customerJson(await findCustomer(tx, clientId, { id: row.id })) };
}

const write = { write: true, roles: editors } as const;

export const customerWriteActions = {
  upsert_account: clientAction({
    ...write, summary: "Create or update a customer by name (case-insensitive) or id; signal fields rescore",
    input: upsertAccountInput, answer: writeCustomerAnswer,
    run: ({ tx, clientId, input }) => writeAccount(tx, clientId, input),
  }),
  upsert_accounts: clientAction({
    ...write, summary: "Up to 1,000 upsert_account rows; per-row errors, valid rows applied together",
    input: upsertAccountsInput, answer: upsertAccountsAnswer,
    run: ({ tx, clientId, input }) => upsertAccounts(tx, clientId, input),
  }),
  update_health: clientAction({
    ...write, summary: "Update one field of a customer; signal fields rescore",
    input: updateHealthInput, answer: writeCustomerAnswer,
    run: ({ tx, clientId, input }) => updateHealth(tx, clientId, input),
  }),
  delete_customer: clientAction({
    ...write, summary: "Soft-delete a customer (recoverable with restore_customer)",
    input: customerRef, answer: deleteCustomerAnswer,
    run: ({ tx, clientId, input }) => deleteCustomer(tx, clientId, input),
  }),
  restore_customer: clientAction({
    ...write, summary: "Restore a soft-deleted customer",
    input: customerRef, answer: restoreCustomerAnswer,
    run: ({ tx, clientId, input }) => restoreCustomer(tx, clientId, input),
  }),
  score_customer: clientAction({
    ...write, summary: "Force a full rescore with the saved weights; ends a manual override",
    input: customerRef, answer: scoreCustomerAnswer,
    run: ({ tx, clientId, input }) => scoreCustomer(tx, clientId, input),
  }),
};
