// Contacts: add, edit, delete; at most one primary per customer, a new
// primary unsetting the old one in the same transaction; bad input names
// the field; a change of the primary mark is audited.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeRecordWorld, type RecordWorld, refusal } from "./record-world.ts";

let w: RecordWorld;
let customerId: string;

beforeAll(async () => {
  w = await makeRecordWorld("record-contacts");
  customerId = await w.customer();
});
afterAll(() => w?.end());

const primaries = async (id: string) =>
  (await w.sql`select name from public.contacts where customer_id = ${id} and is_primary order by name`).map((r) => r.name);

describe("contacts", () => {
  test("an editor adds, edits and deletes a contact", async () => {
    const added = await w.as(w.manager, "save_contact", {
      customer_id: customerId, name: "Grace Hopper", role: "CTO", email: "grace@example.com", phone: "+1 555 0100",
    });
    expect(added.status).toBe(201);
    expect(added.body.contact).toMatchObject({ name: "Grace Hopper", role: "CTO", email: "grace@example.com", is_primary: false });
    const { id } = added.body.contact;
    const edited = await w.as(w.manager, "save_contact", { customer_id: customerId, id, name: "Grace B. Hopper", role: "", email: "" });
    expect(edited.status).toBe(200);
    expect(edited.body.contact, "empty fields clear").toMatchObject({ id, name: "Grace B. Hopper", role: null, email: null, phone: null });
    const deleted = await w.as(w.manager, "delete_contact", { id });
    expect(deleted.body).toEqual({ deleted: true, id });
    expect((await w.as(w.viewer, "list_contacts", { customer_id: customerId })).body.contacts).toEqual([]);
  });

  test("making a contact primary unsets the previous primary: one primary, listed first", async () => {
    const c = await w.customer();
    const ada = (await w.as(w.owner, "save_contact", { customer_id: c, name: "Ada", is_primary: true })).body.contact;
    const bob = (await w.as(w.owner, "save_contact", { customer_id: c, name: "Bob" })).body.contact;
    expect(await primaries(c)).toEqual(["Ada"]);
    await w.as(w.owner, "save_contact", { customer_id: c, id: bob.id, name: "Bob", is_primary: true });
    expect(await primaries(c), "Bob replaced Ada").toEqual(["Bob"]);
    await w.as(w.owner, "save_contact", { customer_id: c, id: bob.id, name: "Bob Jr" });
    expect(await primaries(c), "an edit that does not say otherwise keeps the mark").toEqual(["Bob Jr"]);
    const listed = (await w.as(w.owner, "list_contacts", { customer_id: c })).body.contacts;
    expect(listed.map((x: { name: string; is_primary: boolean }) => [x.name, x.is_primary])).toEqual([["Bob Jr", true], ["Ada", false]]);
    expect(ada.id).not.toBe(bob.id);
  });

  test("the database refuses a second primary whatever the code does", async () => {
    const c = await w.customer();
    await w.as(w.owner, "save_contact", { customer_id: c, name: "First", is_primary: true });
    const error = await w.sql`insert into public.contacts (client_id, customer_id, name, is_primary) values (${w.clientId}, ${c}, 'Second', true)`
      .then(() => null, (e) => e.code);
    expect(error, "unique violation").toBe("23505");
  });

  test("a contact of another customer cannot be edited through this one (404), and stays", async () => {
    const elsewhere = await w.customer();
    const { id } = (await w.as(w.owner, "save_contact", { customer_id: elsewhere, name: "Stays" })).body.contact;
    expect(refusal(await w.as(w.owner, "save_contact", { customer_id: customerId, id, name: "Moved" }))).toEqual({ status: 404, field: "id" });
    expect((await w.sql`select name, customer_id from public.contacts where id = ${id}`)[0]).toEqual({ name: "Stays", customer_id: elsewhere });
  });

  test("bad input is 400 naming the field", async () => {
    const bad = (data: Record<string, unknown>) => w.as(w.owner, "save_contact", { customer_id: customerId, name: "Ok", ...data });
    expect(refusal(await bad({ name: " " }))).toEqual({ status: 400, field: "name" });
    expect(refusal(await bad({ email: "not-an-email" }))).toEqual({ status: 400, field: "email" });
    expect(refusal(await bad({ phone: "1".repeat(41) }))).toEqual({ status: 400, field: "phone" });
    expect(refusal(await bad({ is_primary: "yes" }))).toEqual({ status: 400, field: "is_primary" });
    expect(refusal(await bad({ id: "42" }))).toEqual({ status: 400, field: "id" });
    expect(refusal(await w.as(w.owner, "delete_contact", { id: "00000000-0000-4000-8000-000000000000" }))).toEqual({ status: 404, field: "id" });
  });

  test("a change of the primary mark alone is audited", async () => {
    const c = await w.customer();
    const { id } = (await w.as(w.owner, "save_contact", { customer_id: c, name: "Marked" })).body.contact;
    await w.as(w.owner, "save_contact", { customer_id: c, id, name: "Marked", is_primary: true });
    const [row] = await w.sql`select before, after from public.audit_log where table_name = 'contacts' and row_id = ${id} and action = 'update'`;
    expect(row, "the update is in the audit log").toBeDefined();
    expect({ before: row.before, after: row.after }).toEqual({ before: { is_primary: false }, after: { is_primary: true } });
  });
});
