// The customer's record beyond its fields: notes (each edited only by its
// author), the sentiment log (whose latest entry is the customer's
// sentiment, set by a trigger in the same transaction), contacts (one
// primary) and the score history, paged. Dashboard actions, as the signed-in
// user under RLS; the audit triggers record every write.
import {
  contactAnswer, deletedAnswer, listContactsAnswer, listNotesAnswer, listScoreHistoryAnswer, listSentimentAnswer,
  logSentimentAnswer, noteAnswer,
} from "@shared/record/answers.ts";
import {
  addNoteInput, customerRecordInput, deleteByIdInput, editNoteInput, listScoreHistoryInput, logSentimentInput,
  saveContactInput, type SaveContactInput,
} from "@shared/record/inputs.ts";
import type { Tx } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { clientAction, editors, readers } from "../../_shared/registry.ts";

/** The customer the records hang on: live and of this client, else 404 (another client's is simply not found). */
async function requireCustomer(tx: Tx, clientId: string, customerId: string) {
  const [row] = await tx`
    select id, sentiment from public.customers where id = ${customerId} and client_id = ${clientId} and deleted_at is null`;
  if (!row) throw new HttpError(404, "not_found", "no customer with this id", "customer_id");
  return row as { id: string; sentiment: string | null };
}

/** Every record action is the dashboard's: signed-in users, readers list, editors write. */
const read = { write: false, roles: readers, access: "user" } as const;
const write = { write: true, roles: editors, access: "user" } as const;

/** One customer's rows of a record table (at most 500), in `order`; the columns write instants as every answer does (µs, Z). */
async function recordsOf(tx: Tx, clientId: string, customerId: string, table: string, columns: typeof noteColumns, order: string) {
  const rows = await tx`
    select ${columns(tx)} from ${tx(`public.${table}`)}
    where client_id = ${clientId} and customer_id = ${customerId}
    order by ${tx.unsafe(order)} limit 500`;
  return rows;
}

// ── Notes ────────────────────────────────────────────────────────────────

const noteColumns = (tx: Tx) =>
  tx`id, customer_id, body, author_email, coalesce(author_id = auth.uid(), false) as mine,
      private.iso_instant(created_at) as created_at, private.iso_instant(updated_at) as updated_at`;

/** A note of this client the caller may change: 404 when there is none, 403 when someone else wrote it. */
async function ownNote(tx: Tx, clientId: string, id: string) {
  const [note] = await tx`
    select coalesce(author_id = auth.uid(), false) as mine from public.customer_notes
    where id = ${id} and client_id = ${clientId}`;
  if (!note) throw new HttpError(404, "not_found", "no note with this id", "id");
  if (!note.mine) throw new HttpError(403, "forbidden", "you may change only the notes you wrote", "id");
}

/** RLS may still refuse (the author is no longer an editor): say so rather than answer as if done. */
function changed<T>(rows: readonly T[]): T {
  if (rows.length === 0) throw new HttpError(403, "forbidden", "you may change only the notes you wrote", "id");
  return rows[0];
}

const noteActions = {
  list_notes: clientAction({
    summary: "A customer's notes, newest first, each with its author and whether it is the caller's",
    ...read,
    input: customerRecordInput, answer: listNotesAnswer,
    async run({ tx, clientId, input }) {
      await requireCustomer(tx, clientId, input.customer_id);
      return { notes: await recordsOf(tx, clientId, input.customer_id, "customer_notes", noteColumns, "created_at desc, id desc") };
    },
  }),
  add_note: clientAction({
    summary: "Add a note to a customer, written by the caller",
    ...write,
    input: addNoteInput, answer: noteAnswer,
    async run({ tx, clientId, input }) {
      await requireCustomer(tx, clientId, input.customer_id);
      const [note] = await tx`
        insert into public.customer_notes (client_id, customer_id, body)
        values (${clientId}, ${input.customer_id}, ${input.body})
        returning ${noteColumns(tx)}`;
      return { created: true, note: note };
    },
  }),
  edit_note: clientAction({
    summary: "Rewrite one of the caller's own notes",
    ...write,
    input: editNoteInput, answer: noteAnswer,
    async run({ tx, clientId, input }) {
      await ownNote(tx, clientId, input.id);
      const note = changed(await tx`
        update public.customer_notes set body = ${input.body} where id = ${input.id} and client_id = ${clientId}
        returning ${noteColumns(tx)}`);
      return { created: false, note: note };
    },
  }),
  delete_note: clientAction({
    summary: "Delete one of the caller's own notes",
    ...write,
    input: deleteByIdInput, answer: deletedAnswer,
    async run({ tx, clientId, input }) {
      await ownNote(tx, clientId, input.id);
      changed(await tx`delete from public.customer_notes where id = ${input.id} and client_id = ${clientId} returning id`);
      return { deleted: true, id: input.id };
    },
  }),
};

// ── Sentiment ────────────────────────────────────────────────────────────

const sentimentColumns = (tx: Tx) => tx`id, customer_id, sentiment, note, author_email, private.iso_instant(created_at) as created_at`;

const sentimentActions = {
  list_sentiment: clientAction({
    summary: "A customer's sentiment log, newest first, and its current sentiment",
    ...read,
    input: customerRecordInput, answer: listSentimentAnswer,
    async run({ tx, clientId, input }) {
      const customer = await requireCustomer(tx, clientId, input.customer_id);
      const entries = await recordsOf(tx, clientId, input.customer_id, "sentiment_entries", sentimentColumns, "created_at desc, id desc");
      return { sentiment: customer.sentiment, entries };
    },
  }),
  log_sentiment: clientAction({
    summary: "Log positive, neutral or negative sentiment with a note; it becomes the customer's sentiment",
    ...write,
    input: logSentimentInput, answer: logSentimentAnswer,
    async run({ tx, clientId, input }) {
      await requireCustomer(tx, clientId, input.customer_id);
      const [entry] = await tx`
        insert into public.sentiment_entries (client_id, customer_id, sentiment, note)
        values (${clientId}, ${input.customer_id}, ${input.sentiment}, ${input.note ?? null})
        returning ${sentimentColumns(tx)}`;
      // Set by the entry's trigger, in this transaction.
      const { sentiment } = await requireCustomer(tx, clientId, input.customer_id);
      return { created: true, sentiment, entry: entry };
    },
  }),
};

// ── Contacts ─────────────────────────────────────────────────────────────

const contactColumns = (tx: Tx) => tx`id, customer_id, name, role, email, phone, is_primary,
  private.iso_instant(created_at) as created_at, private.iso_instant(updated_at) as updated_at`;

/** Creates or edits a contact; a new primary unsets the previous one first, in this transaction. */
async function saveContact(tx: Tx, clientId: string, input: SaveContactInput) {
  await requireCustomer(tx, clientId, input.customer_id);
  if (input.is_primary) {
    await tx`
      update public.contacts set is_primary = false
      where customer_id = ${input.customer_id} and client_id = ${clientId} and is_primary
        and id is distinct from ${input.id ?? null}::uuid`;
  }
  const fields = {
    name: input.name, role: input.role ?? null, email: input.email ?? null, phone: input.phone ?? null,
    ...(input.is_primary !== undefined ? { is_primary: input.is_primary } : {}),
  };
  try {
    if (input.id) {
      const [contact] = await tx`
        update public.contacts set ${tx(fields)}
        where id = ${input.id} and customer_id = ${input.customer_id} and client_id = ${clientId}
        returning ${contactColumns(tx)}`;
      if (!contact) throw new HttpError(404, "not_found", "no contact with this id for this customer", "id");
      return { created: false, contact: contact };
    }
    const [contact] = await tx`
      insert into public.contacts ${tx({ ...fields, client_id: clientId, customer_id: input.customer_id })}
      returning ${contactColumns(tx)}`;
    return { created: true, contact: contact };
  } catch (error) {
    // Another save made a different contact primary at the same moment.
    if ((error as { constraint_name?: string }).constraint_name === "contacts_one_primary_per_customer") {
      throw new HttpError(409, "conflict", "another contact was just made primary; reload and try again", "is_primary");
    }
    throw error;
  }
}

const contactActions = {
  list_contacts: clientAction({
    summary: "A customer's contacts, the primary one first",
    ...read,
    input: customerRecordInput, answer: listContactsAnswer,
    async run({ tx, clientId, input }) {
      await requireCustomer(tx, clientId, input.customer_id);
      return { contacts: await recordsOf(tx, clientId, input.customer_id, "contacts", contactColumns, "is_primary desc, lower(name), id") };
    },
  }),
  save_contact: clientAction({
    summary: "Add a contact to a customer, or edit one (with id); is_primary makes it the one primary contact",
    ...write,
    input: saveContactInput, answer: contactAnswer,
    run: ({ tx, clientId, input }) => saveContact(tx, clientId, input),
  }),
  delete_contact: clientAction({
    summary: "Delete a contact",
    ...write,
    input: deleteByIdInput, answer: deletedAnswer,
    async run({ tx, clientId, input }) {
      const rows = await tx`delete from public.contacts where id = ${input.id} and client_id = ${clientId} returning id`;
      if (rows.length === 0) throw new HttpError(404, "not_found", "no contact with this id", "id");
      return { deleted: true, id: input.id };
    },
  }),
};

// ── Score history ────────────────────────────────────────────────────────

const historyActions = {
  list_score_history: clientAction({
    summary: "A customer's score history with each entry's signal snapshot, newest first, paged",
    ...read,
    input: listScoreHistoryInput, answer: listScoreHistoryAnswer,
    async run({ tx, clientId, input }) {
      await requireCustomer(tx, clientId, input.customer_id);
      const where = tx`where client_id = ${clientId} and customer_id = ${input.customer_id}`;
      const entries = await tx`
        select id::text, score::float8 as score, status, reason, signals, config_version, private.iso_instant(created_at) as created_at
        from public.score_history ${where}
        order by created_at desc, id desc limit ${input.limit} offset ${input.offset}`;
      const [{ total }] = await tx`select count(*)::int as total from public.score_history ${where}`;
      return { entries, total, limit: input.limit, offset: input.offset };
    },
  }),
};

export const customerRecordActions = { ...noteActions, ...sentimentActions, ...contactActions, ...historyActions };
