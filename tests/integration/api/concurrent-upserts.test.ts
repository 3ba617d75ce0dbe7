// Zapier retries and parallel zaps push the same new account at once. Every
// caller must succeed and one customer must exist; before, 20 parallel
// upsert_account of one new name gave 9 × 409, and parallel identical
// upsert_accounts batches failed whole.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeSuperuser, makeClient, post, superuser } from "./api.ts";

describe("concurrent upserts of one new name", () => {
  let client: Awaited<ReturnType<typeof makeClient>>;
  beforeAll(async () => {
    client = await makeClient({ rateLimitPerMinute: 100_000 });
  });
  afterAll(closeSuperuser);

  const count = async (name: string) =>
    (await superuser()`select count(*)::int as n from public.customers where client_id = ${client.id} and name_key = lower(${name})`)[0].n;

  test("20 parallel upsert_account calls all succeed, and one customer exists", async () => {
    const name = "Race Condition Co";
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      post(client.auth, { action: "upsert_account", data: { name, logins: i, adoption: 50 } })));
    expect(replies.map((r) => r.status).filter((s) => s >= 300), "no caller failed").toEqual([]);
    expect(replies.filter((r) => r.status === 201), "exactly one created it").toHaveLength(1);
    expect(new Set(replies.map((r) => r.body.customer.id)).size, "all answered the same customer").toBe(1);
    expect(await count(name)).toBe(1);
  });

  test("5 parallel identical upsert_accounts batches all apply every row, and each name exists once", async () => {
    const accounts = Array.from({ length: 10 }, (_, i) => ({ name: `Batch Race ${i}`, logins: i, tickets: 1 }));
    const replies = await Promise.all(Array.from({ length: 5 }, () => post(client.auth, { action: "upsert_accounts", data: { accounts } })));
    for (const r of replies) {
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ applied: 10, failed: 0 });
    }
    for (const { name } of accounts) expect(await count(name), name).toBe(1);
  });
});
