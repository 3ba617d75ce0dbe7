// Every record action, table-driven: a viewer reads and is refused every
// write with 403 (nothing written); another agency's owner reaches none of
// our customer's records (404, nothing leaks, nothing written); an API key
// is refused (these are dashboard actions).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeRecordWorld, type RecordWorld, refusal } from "./record-world.ts";

let w: RecordWorld;
let customerId: string;
let noteId: string;
let contactId: string;

/** What each action is called with on our customer; ids filled in once the fixture exists. */
const calls: Record<string, { write: boolean; data: () => Record<string, unknown>; field: string }> = {
  list_notes: { write: false, data: () => ({ customer_id: customerId }), field: "customer_id" },
  add_note: { write: true, data: () => ({ customer_id: customerId, body: "Mallory was here" }), field: "customer_id" },
  edit_note: { write: true, data: () => ({ id: noteId, body: "Mallory was here" }), field: "id" },
  delete_note: { write: true, data: () => ({ id: noteId }), field: "id" },
  list_sentiment: { write: false, data: () => ({ customer_id: customerId }), field: "customer_id" },
  log_sentiment: { write: true, data: () => ({ customer_id: customerId, sentiment: "negative" }), field: "customer_id" },
  list_contacts: { write: false, data: () => ({ customer_id: customerId }), field: "customer_id" },
  save_contact: { write: true, data: () => ({ customer_id: customerId, id: contactId, name: "Mallory", is_primary: true }), field: "customer_id" },
  delete_contact: { write: true, data: () => ({ id: contactId }), field: "id" },
  list_score_history: { write: false, data: () => ({ customer_id: customerId }), field: "customer_id" },
};

/** Everything the record actions could change, for "nothing was written". */
async function recordFingerprint() {
  const [row] = await w.sql`
    select (select count(*) from public.customer_notes where customer_id = ${customerId})::int as notes,
           (select string_agg(body, '|' order by id) from public.customer_notes where customer_id = ${customerId}) as bodies,
           (select count(*) from public.sentiment_entries where customer_id = ${customerId})::int as sentiments,
           (select string_agg(name || is_primary, '|' order by id) from public.contacts where customer_id = ${customerId}) as contacts,
           (select updated_at::text from public.customers where id = ${customerId}) as customer`;
  return row;
}

beforeAll(async () => {
  w = await makeRecordWorld("record-access");
  customerId = await w.customer();
  noteId = (await w.as(w.owner, "add_note", { customer_id: customerId, body: "Kick-off call" })).body.note.id;
  contactId = (await w.as(w.owner, "save_contact", { customer_id: customerId, name: "Ada Lovelace" })).body.contact.id;
  await w.as(w.owner, "log_sentiment", { customer_id: customerId, sentiment: "positive" });
});
afterAll(() => w?.end());

describe("who may call the record actions", () => {
  for (const [action, c] of Object.entries(calls)) {
    if (c.write) {
      test(`${action}: a viewer is refused with 403 and nothing is written`, async () => {
        const before = await recordFingerprint();
        const res = await w.as(w.viewer, action, c.data());
        expect(refusal(res), `${action} as a viewer`).toEqual({ status: 403, field: "client_id" });
        expect(await recordFingerprint(), "nothing changed").toEqual(before);
      });
    } else {
      test(`${action}: a viewer reads it`, async () => {
        const res = await w.as(w.viewer, action, c.data());
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      });
    }

    test(`${action}: another agency's owner, on their own client, finds nothing of ours (404) and writes nothing`, async () => {
      const before = await recordFingerprint();
      const res = await w.as(w.other.ownerToken, action, c.data(), w.other.clientId);
      expect(refusal(res), `${action} across tenants`).toEqual({ status: 404, field: c.field });
      expect(JSON.stringify(res.body), "the answer carries none of our data").not.toMatch(/Kick-off|Ada Lovelace/);
      expect(await recordFingerprint(), "nothing changed").toEqual(before);
    });

    test(`${action}: another agency's owner naming our client is told there is no such client`, async () => {
      const res = await w.as(w.other.ownerToken, action, c.data());
      expect(refusal(res)).toEqual({ status: 404, field: "client_id" });
    });

    test(`${action}: an API key is refused, these are dashboard actions`, async () => {
      const res = await w.api(action, c.data());
      expect(refusal(res)).toEqual({ status: 403, field: "action" });
    });
  }
});
