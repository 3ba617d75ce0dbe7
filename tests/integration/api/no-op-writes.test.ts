// A write that changes nothing changes nothing (SPEC §11): no updated_at
// move, no version, no history row, no hook delivery, no audit row — and the
// answer still carries the customer. A real change moves version and
// change_id once per write, its rescore included.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeSuperuser, endpoint, get, makeClient, post, superuser } from "./api.ts";

describe("writes that change nothing", () => {
  let client: Awaited<ReturnType<typeof makeClient>>;
  const push = { name: "Steady Co", logins: 12, adoption: 60, tickets: 1, nps: 8, days: 5, growth: "mild", mrr: "$2,500", renewal_date: "2027-01-31T00:00:00Z", tags: "a,b" };

  /** What a change leaves behind, for this client. */
  async function traces(id: string) {
    const db = superuser();
    const [c] = await db<{ updated_at: string; version: number; change_id: string; scored_at: string }[]>`
      select updated_at::text, version, change_id::text, scored_at::text from public.customers where id = ${id}`;
    const [{ history }] = await db`select count(*)::int as history from public.score_history where customer_id = ${id}`;
    const [{ audit }] = await db`select count(*)::int as audit from public.audit_log where row_id = ${id}`;
    const [{ outbox }] = await db`select count(*)::int as outbox from public.notification_outbox where client_id = ${client.id}`;
    return { ...c, history, audit, outbox };
  }

  beforeAll(async () => {
    client = await makeClient();
    // A subscriber, so that a hook delivery would be queued by any change (the receiver need not exist: nothing is drained).
    await superuser()`insert into public.webhook_subscriptions (client_id, event, target_url) values (${client.id}, 'customer.updated', 'http://127.0.0.1:9/hook')`;
  });
  afterAll(closeSuperuser);

  test("three identical pushes after the first leave updated_at, version, history, hooks and audit as they were", async () => {
    const first = await post(client.auth, { action: "upsert_account", data: push });
    expect(first.status).toBe(201);
    const id = first.body.customer.id;
    const before = await traces(id);
    for (let i = 0; i < 3; i++) {
      const again = await post(client.auth, { action: "upsert_account", data: push });
      expect(again.status).toBe(200);
      expect(again.body.customer, "the answer still carries the customer, unchanged").toStrictEqual(first.body.customer);
    }
    expect(await traces(id)).toStrictEqual(before);
  });

  test("an identical update_health, score_customer and a repeated days value change nothing either", async () => {
    const id = (await post(client.auth, { action: "upsert_account", data: { name: "Steady Co" } })).body.customer.id;
    const before = await traces(id);
    await post(client.auth, { action: "update_health", data: { id, field: "logins", value: "12" } });
    await post(client.auth, { action: "update_health", data: { id, field: "days", value: 5 } });
    await post(client.auth, { action: "score_customer", data: { id } });
    expect(await traces(id)).toStrictEqual(before);
  });

  test("a real change moves version by one and gives a new change_id, with one history row and one delivery", async () => {
    const id = (await post(client.auth, { action: "upsert_account", data: { name: "Steady Co" } })).body.customer.id;
    const before = await traces(id);
    const res = await post(client.auth, { action: "upsert_account", data: { name: "Steady Co", logins: 13 } });
    const after = await traces(id);
    expect(res.body.customer, "the answer shows the new change").toMatchObject({ version: before.version + 1, change_id: Number(after.change_id) });
    expect(after.version, "the write and its rescore are one change").toBe(before.version + 1);
    expect(after.change_id).not.toBe(before.change_id);
    expect(after.updated_at > before.updated_at, "updated_at moved").toBe(true);
    expect(after.history - before.history, "one history row").toBe(1);
    expect(after.outbox - before.outbox, "one hook delivery").toBe(1);
    const got = await get(client.auth, { action: "get_customer", id });
    const micro = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
    expect(got.body.history[0].created_at, "history instants are written as every other: UTC, microseconds, Z").toMatch(micro);
    expect(got.body.customer.updated_at).toMatch(micro);
  });
});

describe("names and soft-deleted customers", () => {
  let client: Awaited<ReturnType<typeof makeClient>>;
  beforeAll(async () => {
    client = await makeClient();
  });
  afterAll(closeSuperuser);

  test("a name of another case finds the customer without renaming it, unless the name is the only change asked for", async () => {
    const id = (await post(client.auth, { action: "upsert_account", data: { name: "Acme Corp", logins: 3 } })).body.customer.id;
    const update = await post(client.auth, { action: "upsert_account", data: { name: "acme corp", logins: 4 } });
    expect(update.body.customer).toMatchObject({ id, name: "Acme Corp", logins: 4 });
    const rename = await post(client.auth, { action: "upsert_account", data: { name: "ACME Corp" } });
    expect(rename.body.customer, "only the name: a rename of its case").toMatchObject({ id, name: "ACME Corp" });
    const byId = await post(client.auth, { action: "upsert_account", data: { id, name: "Acme Corporation", logins: 5 } });
    expect(byId.body.customer, "by id, the name is the new name").toMatchObject({ id, name: "Acme Corporation", logins: 5 });
  });

  test("unknown fields are reported as warnings and written around; strict=true in the query refuses them and writes nothing", async () => {
    const tolerant = await post(client.auth, { action: "upsert_account", data: { name: "Extra Co", logins: 2, colour: "red" } });
    expect(tolerant.status).toBe(201);
    expect(tolerant.body.warnings).toEqual([{ field: "colour", message: expect.stringMatching(/ignored/) }]);
    const res = await fetch(`${endpoint()}?strict=true`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": client.apiKey },
      body: JSON.stringify({ action: "upsert_account", data: { name: "Strict Co", colour: "red" } }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe("colour");
    const [{ n }] = await superuser()`select count(*)::int as n from public.customers where client_id = ${client.id} and name = 'Strict Co'`;
    expect(n, "nothing written").toBe(0);
  });
});
