// One client's key or user can never reach another client's customers: every
// attempt is a 404 that says nothing of the other client's data.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { type Auth, closeSuperuser, demoKey, get, post, signIn, superuser } from "./api.ts";

describe("tenancy through api-inbound", () => {
  const a = () => stack().demo.clients[0];
  const b = () => stack().demo.clients[1];
  let bCustomer: { id: string; name: string };
  let bBefore: unknown;
  let member: Auth;
  let owner: Auth;

  const bRow = async () => (await superuser()`select *, score::text as score from public.customers where id = ${bCustomer.id}`)[0];

  beforeAll(async () => {
    const rows = await superuser()`select id, name from public.customers where client_id = ${b().id} and deleted_at is null order by name limit 1`;
    bCustomer = rows[0] as unknown as { id: string; name: string };
    bBefore = await bRow();
    member = await signIn("member");
    owner = await signIn("owner");
  });
  afterAll(closeSuperuser);

  const attempts: [string, (auth: Auth, extra?: Record<string, string>) => Promise<{ status: number; body: any }>][] = [
    ["get_customer", (auth, extra) => get(auth, { action: "get_customer", id: bCustomer.id, ...extra })],
    ["update_health", (auth, extra) => post(auth, { action: "update_health", data: { id: bCustomer.id, field: "logins", value: 0, ...extra } })],
    ["upsert_account by id", (auth, extra) => post(auth, { action: "upsert_account", data: { id: bCustomer.id, mrr: 1, ...extra } })],
    ["delete_customer", (auth, extra) => post(auth, { action: "delete_customer", data: { id: bCustomer.id, ...extra } })],
    ["score_customer", (auth, extra) => post(auth, { action: "score_customer", data: { id: bCustomer.id, ...extra } })],
  ];

  for (const [name, attempt] of attempts) {
    test(`client A's key gets 404 for ${name} on client B's customer id, and B's customer is untouched`, async () => {
      const res = await attempt(demoKey(0));
      expect(res.status).toBe(404);
      expect(res.body.error.field).toBe("id");
      expect(JSON.stringify(res.body), "the answer carries none of B's data").not.toContain(bCustomer.name);
      expect(await bRow()).toEqual(bBefore);
    });
  }

  test("client A's key cannot find client B's customer by name either", async () => {
    const res = await get(demoKey(0), { action: "get_customer", name: bCustomer.name });
    // Names can coincide across clients; if A has one of that name, it must be A's own.
    if (res.status === 200) expect(res.body.customer.id).not.toBe(bCustomer.id);
    else expect(res.status).toBe(404);
  });

  test("client A's key lists only A's customers", async () => {
    const res = await get(demoKey(0), { action: "list_customers", limit: 500 });
    const [{ n }] = await superuser()`select count(*)::int as n from public.customers where client_id = ${a().id} and deleted_at is null`;
    expect(res.body.total).toBe(n);
    const ids: string[] = res.body.customers.map((c: { id: string }) => c.id);
    const foreign = await superuser()`select count(*)::int as n from public.customers where id = any(${ids}::uuid[]) and client_id <> ${a().id}`;
    expect(foreign[0].n, "no listed customer belongs to another client").toBe(0);
  });

  test("a user who is a member of only client A gets 404 for client B's client_id", async () => {
    const list = await get(member, { action: "list_customers", client_id: b().id });
    expect(list.status).toBe(404);
    expect(list.body.error.field).toBe("client_id");
    const write = await post(member, { action: "update_health", data: { client_id: b().id, id: bCustomer.id, field: "logins", value: 0 } });
    expect(write.status).toBe(404);
    expect(await bRow()).toEqual(bBefore);
  });

  for (const [name, attempt] of attempts) {
    test(`a member of A gets 404 for ${name} on B's customer id, even naming A as client_id`, async () => {
      const res = await attempt(member, { client_id: a().id });
      expect(res.status).toBe(404);
      expect(await bRow()).toEqual(bBefore);
    });
  }

  test("a member of A works on A without naming client_id, since A is their only client", async () => {
    const res = await get(member, { action: "list_customers", limit: 1 });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(a().customers);
  });

  test("list_clients shows a member only the clients they are assigned to, with their role", async () => {
    const res = await get(member, { action: "list_clients" });
    expect(res.status).toBe(200);
    expect(res.body.clients).toEqual([{ id: a().id, name: a().name, role: "manager", archived: false }]);
  });

  test("list_clients shows the agency owner every client of the agency as owner", async () => {
    const res = await get(owner, { action: "list_clients" });
    const ids = res.body.clients.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining([a().id, b().id]));
    expect(res.body.clients.every((c: { role: string }) => c.role === "owner")).toBe(true);
    const [{ n }] = await superuser()`
      select count(*)::int as n from public.clients where agency_id = (select agency_id from public.clients where id = ${a().id})`;
    expect(ids.length, "exactly the agency's clients").toBe(n);
  });

  test("an owner with several clients must name client_id, and then reads that client", async () => {
    const none = await get(owner, { action: "list_customers" });
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe("client_id");
    const named = await get(owner, { action: "get_customer", id: bCustomer.id, client_id: b().id });
    expect(named.status).toBe(200);
    expect(named.body.customer.id).toBe(bCustomer.id);
  });
});
