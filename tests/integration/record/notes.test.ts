// Notes: newest first with author and time; only the author edits or
// deletes a note, another editor of the client is refused; bad input names
// the field; every write is in the audit log.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeRecordWorld, type RecordWorld, refusal } from "./record-world.ts";

let w: RecordWorld;
let customerId: string;

beforeAll(async () => {
  w = await makeRecordWorld("record-notes");
  customerId = await w.customer();
});
afterAll(() => w?.end());

const bodyOf = async (id: string) => (await w.sql`select body from public.customer_notes where id = ${id}`)[0]?.body;

describe("notes", () => {
  test("an editor adds notes; they list newest first with the author's e-mail, and say which are the caller's", async () => {
    const first = await w.as(w.owner, "add_note", { customer_id: customerId, body: "Kick-off call" });
    expect(first.status, "a new note answers 201").toBe(201);
    expect(first.body.note).toMatchObject({ body: "Kick-off call", author_email: w.owner.email, mine: true, customer_id: customerId });
    const second = await w.as(w.manager, "add_note", { customer_id: customerId, body: "  Sent the QBR deck  " });
    expect(second.body.note.body, "the body is stored trimmed").toBe("Sent the QBR deck");

    const listed = await w.as(w.owner, "list_notes", { customer_id: customerId });
    expect(listed.body.notes.map((n: { body: string }) => n.body), "newest first").toEqual(["Sent the QBR deck", "Kick-off call"]);
    expect(listed.body.notes.map((n: { mine: boolean }) => n.mine), "only the owner's own note is theirs").toEqual([false, true]);
    expect(listed.body.notes[0].author_email).toBe(w.manager.email);
    expect(Date.parse(listed.body.notes[0].created_at), "each note has its time").not.toBeNaN();
  });

  test("the author edits and deletes their own note", async () => {
    const { id } = (await w.as(w.owner, "add_note", { customer_id: customerId, body: "Draft" })).body.note;
    const edited = await w.as(w.owner, "edit_note", { id, body: "Renewal call booked for March" });
    expect(edited.status).toBe(200);
    expect(edited.body.note.body).toBe("Renewal call booked for March");
    expect(await bodyOf(id)).toBe("Renewal call booked for March");
    const deleted = await w.as(w.owner, "delete_note", { id });
    expect(deleted.body).toEqual({ deleted: true, id });
    expect(await bodyOf(id), "the note is gone").toBeUndefined();
  });

  test("another editor of the client may neither edit nor delete someone else's note (403 naming id), and it stays", async () => {
    const { id } = (await w.as(w.owner, "add_note", { customer_id: customerId, body: "Owner's words" })).body.note;
    expect(refusal(await w.as(w.manager, "edit_note", { id, body: "Rewritten" }))).toEqual({ status: 403, field: "id" });
    expect(refusal(await w.as(w.manager, "delete_note", { id }))).toEqual({ status: 403, field: "id" });
    expect(await bodyOf(id), "the owner's note is unchanged").toBe("Owner's words");
  });

  test("the database itself lets only the author change a note, whatever the code does", async () => {
    const { id } = (await w.as(w.owner, "add_note", { customer_id: customerId, body: "Policy check" })).body.note;
    /** Rows an update as `user` (the functions' role, the user's claims) touches; always rolled back. */
    const changedBy = async (user: string) => {
      let touched = -1;
      await w.sql.begin(async (tx) => {
        await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: user, role: "authenticated" })}, true),
                        set_config('role', 'pulseboard_api', true)`;
        touched = (await tx`update public.customer_notes set body = 'Overwritten' where id = ${id} returning id`).length;
        throw new Error("rollback");
      }).catch(() => {});
      return touched;
    };
    expect(await changedBy(w.owner.id), "the author's update touches the row").toBe(1);
    expect(await changedBy(w.manager.id), "another editor's update touches no row").toBe(0);
    expect(await bodyOf(id)).toBe("Policy check");
  });

  test("a missing customer is 404; bad input is 400 naming the field", async () => {
    expect(refusal(await w.as(w.owner, "add_note", { customer_id: "00000000-0000-4000-8000-000000000000", body: "x" })))
      .toEqual({ status: 404, field: "customer_id" });
    expect(refusal(await w.as(w.owner, "add_note", { customer_id: customerId, body: "   " }))).toEqual({ status: 400, field: "body" });
    expect(refusal(await w.as(w.owner, "add_note", { customer_id: customerId, body: "x".repeat(5001) }))).toEqual({ status: 400, field: "body" });
    expect(refusal(await w.as(w.owner, "add_note", { customer_id: "acme", body: "x" }))).toEqual({ status: 400, field: "customer_id" });
    expect(refusal(await w.as(w.owner, "add_note", { customer_id: customerId, body: "x", author_id: w.manager.id })))
      .toEqual({ status: 400, field: "author_id" });
    expect(refusal(await w.as(w.owner, "edit_note", { id: "nope", body: "x" }))).toEqual({ status: 400, field: "id" });
    expect(refusal(await w.as(w.owner, "edit_note", { id: "00000000-0000-4000-8000-000000000000", body: "x" })))
      .toEqual({ status: 404, field: "id" });
  });

  test("adding, editing and deleting a note are audited as the user", async () => {
    const { id } = (await w.as(w.owner, "add_note", { customer_id: customerId, body: "Audited" })).body.note;
    await w.as(w.owner, "edit_note", { id, body: "Audited, edited" });
    await w.as(w.owner, "delete_note", { id });
    const rows = await w.sql`select action, actor, actor_user_id from public.audit_log
                             where table_name = 'customer_notes' and row_id = ${id} order by id`;
    expect(rows.map((r) => r.action)).toEqual(["insert", "update", "delete"]);
    expect(rows.every((r) => r.actor === "user" && r.actor_user_id === w.owner.id), "each as the owner").toBe(true);
  });
});
