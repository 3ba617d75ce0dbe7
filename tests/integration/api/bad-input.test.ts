// Every bad input gets a 4xx JSON error {error: {code, message, field}} that
// names the field, and nothing is written (SPEC §11).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { type Reply, closeSuperuser, demoKey, endpoint, fingerprint, get, makeClient, post, superuser } from "./api.ts";

const key = () => demoKey(0);
const upsert = (data: Record<string, unknown>) => () => post(key(), { action: "upsert_account", data });
const update = (field: string, value: unknown) => () => post(key(), { action: "update_health", data: { name: "Acme Corp", field, value } });
const list = (params: Record<string, string>) => () => get(key(), { action: "list_customers", ...params });

type Case = { name: string; send: () => Promise<Reply>; status: number; field: string | undefined };

const cases: Case[] = [
  { name: "an unknown action", send: () => post(key(), { action: "drop_tables", data: {} }), status: 400, field: "action" },
  { name: "no action at all", send: () => get(key(), ""), status: 400, field: "action" },
  { name: "an action that is not a string", send: () => post(key(), JSON.stringify({ action: 5 })), status: 400, field: "action" },
  { name: "upsert_account without a name", send: upsert({ mrr: 5000 }), status: 400, field: "name" },
  { name: "a blank name", send: upsert({ name: "   " }), status: 400, field: "name" },
  { name: "a name that is a number", send: upsert({ name: 42 }), status: 400, field: "name" },
  { name: "a name over 200 characters", send: upsert({ name: "x".repeat(201) }), status: 400, field: "name" },
  { name: "adoption 150", send: upsert({ name: "Acme Corp", adoption: 150 }), status: 400, field: "adoption" },
  { name: "nps 11", send: upsert({ name: "Acme Corp", nps: 11 }), status: 400, field: "nps" },
  { name: "csat 0", send: upsert({ name: "Acme Corp", csat: 0 }), status: 400, field: "csat" },
  { name: "negative MRR", send: upsert({ name: "Acme Corp", mrr: -1 }), status: 400, field: "mrr" },
  { name: "MRR beyond what the column holds", send: upsert({ name: "Acme Corp", mrr: 1e15 }), status: 400, field: "mrr" },
  { name: "logins of 1e300", send: upsert({ name: "Acme Corp", logins: 1e300 }), status: 400, field: "logins" },
  { name: "fractional logins", send: upsert({ name: "Acme Corp", logins: 2.5 }), status: 400, field: "logins" },
  { name: "logins as a word", send: upsert({ name: "Acme Corp", logins: "many" }), status: 400, field: "logins" },
  { name: "logins as a boolean", send: upsert({ name: "Acme Corp", logins: true }), status: 400, field: "logins" },
  { name: "days near the integer limit", send: upsert({ name: "Acme Corp", days: 2147483647 }), status: 400, field: "days" },
  { name: "a score over 100", send: upsert({ name: "Acme Corp", score: 101 }), status: 400, field: "score" },
  { name: "an unknown tier", send: upsert({ name: "Acme Corp", tier: "gold" }), status: 400, field: "tier" },
  { name: "an unknown lifecycle", send: upsert({ name: "Acme Corp", lifecycle: "zombie" }), status: 400, field: "lifecycle" },
  { name: "an unknown growth", send: upsert({ name: "Acme Corp", growth: "huge" }), status: 400, field: "growth" },
  { name: "an impossible date (2026-02-30)", send: upsert({ name: "Acme Corp", renewal_date: "2026-02-30" }), status: 400, field: "renewal_date" },
  { name: "a date in another format", send: upsert({ name: "Acme Corp", next_touch: "03/01/2026" }), status: 400, field: "next_touch" },
  { name: "an impossible since date", send: upsert({ name: "Acme Corp", since: "2026-13-01" }), status: 400, field: "since" },
  { name: "tags that are numbers", send: upsert({ name: "Acme Corp", tags: [1, 2] }), status: 400, field: "tags" },
  { name: "tags as an object", send: upsert({ name: "Acme Corp", tags: { vip: true } }), status: 400, field: "tags" },
  { name: "an unknown field in upsert_account with strict=true", send: upsert({ name: "Acme Corp", colour: "red", strict: true }), status: 400, field: "colour" },
  { name: "client_id of a key's own data in the wrong shape", send: upsert({ name: "Acme Corp", client_id: "nope" }), status: 400, field: "client_id" },
  { name: "an unknown scoring profile", send: upsert({ name: "Acme Corp", scoring_profile: "Nope" }), status: 400, field: "scoring_profile" },
  { name: "a NUL character in a note", send: upsert({ name: "Acme Corp", note: "a\u0000b" }), status: 400, field: "note" },
  { name: "input nested absurdly deep", send: upsert({ name: "Acme Corp", note: JSON.parse("[".repeat(100) + "]".repeat(100)) }), status: 400, field: "note" },
  { name: "an unknown id", send: upsert({ id: "00000000-0000-4000-8000-000000000000", mrr: 1 }), status: 404, field: "id" },
  { name: "an id that is not a uuid", send: upsert({ id: "42", mrr: 1 }), status: 400, field: "id" },
  { name: "an unknown field in update_health", send: update("colour", "red"), status: 400, field: "field" },
  { name: "update_health with a value out of its field's range", send: update("adoption", 150), status: 400, field: "adoption" },
  { name: "update_health with an extra key and strict", send: () => post(key(), { action: "update_health", data: { name: "Acme Corp", field: "logins", value: 1, extra: 2, strict: "true" } }), status: 400, field: "extra" },
  { name: "update_health of a customer that does not exist", send: () => post(key(), { action: "update_health", data: { name: "No Such Co", field: "logins", value: 1 } }), status: 404, field: "name" },
  { name: "malformed JSON", send: () => post(key(), '{"action":"upsert_account","data":{"name":"Acme Corp",'), status: 400, field: "body" },
  { name: "a JSON array as the body", send: () => post(key(), "[1,2]"), status: 400, field: "body" },
  { name: "data that is not an object", send: () => post(key(), { action: "upsert_account", data: ["Acme Corp"] }), status: 400, field: "data" },
  { name: "a body over 1 MB", send: () => post(key(), JSON.stringify({ action: "upsert_account", data: { name: "Acme Corp", note: "x".repeat(1_100_000) } })), status: 413, field: "body" },
  { name: "a write by GET", send: () => get(key(), { action: "upsert_account", name: "Acme Corp", mrr: "1" }), status: 405, field: "method" },
  { name: "list with limit 501", send: list({ limit: "501" }), status: 400, field: "limit" },
  { name: "list with limit 0", send: list({ limit: "0" }), status: 400, field: "limit" },
  { name: "list with a negative offset", send: list({ offset: "-1" }), status: 400, field: "offset" },
  { name: "list with an unknown sort", send: list({ sort: "password" }), status: 400, field: "sort" },
  { name: "list with an unknown order", send: list({ order: "sideways" }), status: 400, field: "order" },
  { name: "list with an unknown status", send: list({ status: "doomed" }), status: 400, field: "status" },
  { name: "list with an unknown tier", send: list({ tier: "gold" }), status: 400, field: "tier" },
  { name: "list with updated_since 2026-02-30", send: list({ updated_since: "2026-02-30T00:00:00Z" }), status: 400, field: "updated_since" },
  { name: "list with updated_since that is not a date", send: list({ updated_since: "yesterday" }), status: 400, field: "updated_since" },
  { name: "list with a forged cursor", send: list({ cursor: "eyJzIjoidXBkYXRlZF9hdCIsIm8iOiJkZXNjIiwidiI6Inh5eiIsImlkIjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwIn0" }), status: 400, field: "cursor" },
  { name: "get_customer with neither id nor name", send: () => get(key(), { action: "get_customer" }), status: 400, field: "name" },
  { name: "get_customer with a NUL in the name", send: () => get(key(), "action=get_customer&name=%00"), status: 400, field: "name" },
  { name: "upsert_accounts with accounts that is not an array", send: () => post(key(), { action: "upsert_accounts", data: { accounts: "all" } }), status: 400, field: "accounts" },
  { name: "subscribe to a non-http URL", send: () => post(key(), { action: "subscribe", data: { target_url: "javascript:alert(1)", event: "customer.updated" } }), status: 400, field: "target_url" },
  { name: "subscribe to an unknown event", send: () => post(key(), { action: "subscribe", data: { target_url: "https://example.com/hook", event: "customer.eaten" } }), status: 400, field: "event" },
  { name: "list_clients with an API key", send: () => get(key(), { action: "list_clients" }), status: 403, field: "action" },
  { name: "another client's id as client_id", send: () => get(key(), { action: "list_customers", client_id: stack().demo.clients[1].id }), status: 404, field: "client_id" },
  { name: "a missing key", send: async () => ({ ...(await rawGet({})) }), status: 401, field: "x-api-key" },
  { name: "a wrong key", send: () => get({ apiKey: "pb_0000000000000000000000000000000000000000" }, { action: "list_customers" }), status: 401, field: "x-api-key" },
  { name: "a forged bearer token", send: () => get({ token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bad" }, { action: "list_customers" }), status: 401, field: "authorization" },
];

async function rawGet(headers: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${endpoint()}?action=list_customers`, { headers });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

describe("bad input is refused with a JSON error naming the field, and nothing is written", () => {
  afterAll(closeSuperuser);

  test.each(cases)("$name → $status on $field", async ({ send, status, field }) => {
    const before = await fingerprint();
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.body.error, "the error has a code and a message").toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(res.body.error.field, "the error names the field").toBe(field);
    expect(JSON.stringify(res.body), "no internals leak").not.toMatch(/postgres|stack|at \w+ \(/i);
    expect(await fingerprint(), "customers and score history are unchanged").toEqual(before);
  });

  describe("a revoked key", () => {
    let client: Awaited<ReturnType<typeof makeClient>>;
    beforeAll(async () => {
      client = await makeClient();
      await superuser()`update public.api_keys set revoked_at = now() where id = ${client.keyId}`;
    });

    test("is refused with 401 for reads and writes alike, and writes nothing", async () => {
      const before = await fingerprint();
      const read = await get(client.auth, { action: "list_customers" });
      const write = await post(client.auth, { action: "upsert_account", data: { name: "Ghost" } });
      for (const res of [read, write]) {
        expect(res.status).toBe(401);
        expect(res.body.error.field).toBe("x-api-key");
      }
      expect(await fingerprint()).toEqual(before);
    });
  });

  test("a batch of valid and invalid fields is refused whole: the valid fields are not written either", async () => {
    const [acme] = await superuser()`select id, mrr::float8 as mrr, logins from public.customers where client_id = ${stack().demo.clients[0].id} and name = 'Acme Corp'`;
    const res = await post(key(), { action: "upsert_account", data: { name: "Acme Corp", mrr: 123456, logins: 7, nps: 11 } });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("nps");
    const [after] = await superuser()`select mrr::float8 as mrr, logins from public.customers where id = ${acme.id}`;
    expect(after, "mrr and logins kept their values").toEqual({ mrr: acme.mrr, logins: acme.logins });
  });
});
