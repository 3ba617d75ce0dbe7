// The writing actions beyond the reference's examples: idempotency keys,
// bulk upserts with per-row errors, soft delete and restore, forced rescore.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Auth, closeSuperuser, fingerprint, get, historyCount, makeClient, post, storedCustomer, superuser } from "./api.ts";

describe("writes through api-inbound", () => {
  let client: Awaited<ReturnType<typeof makeClient>>;
  let key: Auth;

  beforeAll(async () => {
    client = await makeClient();
    key = client.auth;
  });
  afterAll(closeSuperuser);

  describe("Idempotency-Key", () => {
    const body = { action: "upsert_account", data: { name: "Initech", logins: 12, adoption: 40 } };

    test("a replayed write gets the first answer again and writes once", async () => {
      const first = await post(key, body, { "idempotency-key": "create-initech" });
      expect(first.status).toBe(201);
      const id = first.body.customer.id;
      const after = await fingerprint(client.id);
      const replay = await post(key, body, { "idempotency-key": "create-initech" });
      expect(replay.status, "the replay answers as the first did").toBe(201);
      expect(replay.body, "with the same body").toEqual(first.body);
      expect(await historyCount(id), "one rescore, one history row").toBe(1);
      expect(await fingerprint(client.id), "the replay wrote nothing").toEqual(after);
    });

    test("the same key with a different body is refused with 422 and writes nothing", async () => {
      const before = await fingerprint(client.id);
      const res = await post(key, { action: "upsert_account", data: { name: "Initech", logins: 13 } }, { "idempotency-key": "create-initech" });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: "idempotency_mismatch", field: "idempotency-key" });
      expect(await fingerprint(client.id)).toEqual(before);
    });

    test("concurrent duplicates of one keyed write produce one customer and one answer", async () => {
      const dup = { action: "upsert_account", data: { name: "Hooli", logins: 5 } };
      const replies = await Promise.all(Array.from({ length: 6 }, () => post(key, dup, { "idempotency-key": "hooli-once" })));
      expect(replies.map((r) => r.status), "every duplicate gets the created answer").toEqual(Array(6).fill(201));
      const ids = new Set(replies.map((r) => r.body.customer.id));
      expect(ids.size, "all answers name the same customer").toBe(1);
      const [only] = [...ids];
      expect(await historyCount(only)).toBe(1);
    });

    test("a refused write does not use up its key", async () => {
      const bad = await post(key, { action: "upsert_account", data: { name: "Vandelay", adoption: 150 } }, { "idempotency-key": "vandelay" });
      expect(bad.status).toBe(400);
      const good = await post(key, { action: "upsert_account", data: { name: "Vandelay", adoption: 50 } }, { "idempotency-key": "vandelay" });
      expect(good.status, "the key is free for the corrected request").toBe(201);
    });
  });

  describe("upsert_accounts", () => {
    test("valid rows are applied and each invalid row gets its own error naming the field", async () => {
      const res = await post(key, {
        action: "upsert_accounts",
        data: {
          accounts: [
            { name: "Bulk One", logins: 10, tier: "smb" },
            { name: "Bulk Two", adoption: 150 },
            { mrr: 5 },
            { name: "Bulk Three", tier: "gold" },
            { name: "Bulk Four", bogus: 1 },
            { name: "bulk one", mrr: 700 },
            { name: "Bulk Five", renewal_date: "2026-02-30" },
            { name: "Bulk Six", nps: 9, tags: "a,b" },
          ],
        },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ applied: 4, failed: 4 });
      const byIndex = Object.fromEntries(res.body.results.map((r: { index: number }) => [r.index, r]));
      expect(byIndex[0]).toMatchObject({ ok: true, created: true });
      expect(byIndex[5], "a later row updates an earlier one by case-insensitive name").toMatchObject({ ok: true, created: false, id: byIndex[0].id });
      expect(byIndex[7]).toMatchObject({ ok: true, created: true });
      const fields = Object.fromEntries([1, 2, 3, 6].map((i) => [i, byIndex[i].error?.field]));
      expect(fields).toEqual({ 1: "adoption", 2: "name", 3: "tier", 6: "renewal_date" });
      expect(byIndex[4], "an unknown field is ignored and named").toMatchObject({ ok: true, created: true, warnings: [{ field: "bogus" }] });
      const one = await storedCustomer(byIndex[0].id);
      expect(one, "a name of another case with other fields does not rename").toMatchObject({ name: "Bulk One", logins: 10, tier: "smb" });
      expect(Number(one.mrr)).toBe(700);
      const names = (await superuser()`select lower(name) as n from public.customers where client_id = ${client.id} and name ilike 'bulk%'`).map((r) => r.n);
      expect(names.sort(), "only the valid rows exist").toEqual(["bulk four", "bulk one", "bulk six"]);
    });

    test("more than 1000 rows are refused as a whole, naming accounts, and nothing is written", async () => {
      const before = await fingerprint();
      const accounts = Array.from({ length: 1001 }, (_, i) => ({ name: `Too many ${i}` }));
      const res = await post(key, { action: "upsert_accounts", data: { accounts } });
      expect(res.status).toBe(400);
      expect(res.body.error.field).toBe("accounts");
      expect(await fingerprint()).toEqual(before);
    });

    test("1000 rows are accepted in one call", async () => {
      const accounts = Array.from({ length: 1000 }, (_, i) => ({ name: `Batch ${i}`, logins: i % 31, adoption: i % 101 }));
      const res = await post(key, { action: "upsert_accounts", data: { accounts } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ applied: 1000, failed: 0 });
      const [{ n }] = await superuser()`select count(*)::int as n from public.customers where client_id = ${client.id} and name like 'Batch %' and score is not null`;
      expect(n, "every row is stored and scored").toBe(1000);
    }, 180_000);
  });

  describe("delete_customer and restore_customer", () => {
    let id: string;

    test("a soft-deleted customer disappears from list and get but stays in the database", async () => {
      id = (await post(key, { action: "upsert_account", data: { name: "Soylent", logins: 3 } })).body.customer.id;
      const res = await post(key, { action: "delete_customer", data: { name: "soylent" } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deleted: true, id });
      expect((await get(key, { action: "get_customer", id })).status, "get by id is a 404").toBe(404);
      expect((await get(key, { action: "get_customer", name: "Soylent" })).status, "get by name is a 404").toBe(404);
      const list = await get(key, { action: "list_customers", limit: 500, sort: "name" });
      expect(list.body.customers.map((c: { id: string }) => c.id)).not.toContain(id);
      expect((await storedCustomer(id)).deleted_at, "the row is kept, marked deleted").not.toBeNull();
    });

    test("restore_customer brings the same customer back with its data", async () => {
      const res = await post(key, { action: "restore_customer", data: { id } });
      expect(res.status).toBe(200);
      expect(res.body.customer).toMatchObject({ id, name: "Soylent", logins: 3, deleted_at: null });
      expect((await get(key, { action: "get_customer", name: "Soylent" })).body.customer?.id).toBe(id);
    });

    test("upserting the name of a soft-deleted customer restores it, same id, with the new values, and says so", async () => {
      await post(key, { action: "delete_customer", data: { id } });
      const res = await post(key, { action: "upsert_account", data: { name: "SOYLENT", mrr: 321 } });
      expect(res.status, "restored, not created").toBe(200);
      expect(res.body).toMatchObject({ created: false, restored: true });
      expect(res.body.customer, "the same customer, its name kept, the new value applied").toMatchObject({ id, name: "Soylent", mrr: 321, deleted_at: null });
      const again = await post(key, { action: "restore_customer", data: { id } });
      expect(again.status, "nothing left to restore").toBe(404);
    });

    test("restoring is refused when a live customer has taken the name meanwhile", async () => {
      await post(key, { action: "delete_customer", data: { id } });
      await superuser()`insert into public.customers (client_id, name) select client_id, 'SOYLENT' from public.customers where id = ${id}`;
      const res = await post(key, { action: "restore_customer", data: { id } });
      expect(res.status).toBe(409);
      expect(res.body.error.field).toBe("name");
    });

    test("the list total follows a create, a soft delete and a restore at once", async () => {
      const total = async () => (await get(key, { action: "list_customers", limit: 1 })).body.total as number;
      const start = await total();
      expect(await total(), "asking again changes nothing").toBe(start);
      const id = (await post(key, { action: "upsert_account", data: { name: "Counted Co" } })).body.customer.id;
      expect(await total()).toBe(start + 1);
      await post(key, { action: "delete_customer", data: { id } });
      expect(await total()).toBe(start);
      await post(key, { action: "restore_customer", data: { id } });
      expect(await total()).toBe(start + 1);
    });

    test("writes need POST: delete_customer by GET is a 405 and deletes nothing", async () => {
      const before = await fingerprint(client.id);
      const res = await get(key, { action: "delete_customer", name: "Initech" });
      expect(res.status).toBe(405);
      expect(await fingerprint(client.id)).toEqual(before);
    });
  });

  test("score_customer ends a manual override and stores the computed score", async () => {
    const created = await post(key, { action: "upsert_account", data: { name: "Wonka", logins: 30, adoption: 100, tickets: 0 } });
    const computed = created.body.customer.score;
    const manual = await post(key, { action: "update_health", data: { name: "Wonka", field: "score", value: 5 } });
    expect(manual.body.customer).toMatchObject({ score: 5, score_manual: true, status: "critical" });
    const res = await post(key, { action: "score_customer", data: { name: "Wonka" } });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({ score: computed, score_manual: false, status: "expansion" });
    const [last] = await superuser()`select score::float8 as score, reason from public.score_history where customer_id = ${created.body.customer.id} order by id desc limit 1`;
    expect(Math.round(last.score), "history records the rescore").toBe(computed);
  });

  test("clearing a signal with null leaves it out of the score and names it missing", async () => {
    const res = await post(key, { action: "update_health", data: { name: "Wonka", field: "tickets", value: null } });
    expect(res.status).toBe(200);
    expect(res.body.customer.tickets).toBeNull();
    expect(res.body.customer.missing_signals).toContain("tickets");
  });
});
