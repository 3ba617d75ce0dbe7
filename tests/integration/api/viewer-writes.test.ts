// A viewer may read a client and write nothing — and is told so. Row-level
// security alone refused silently: a viewer's delete answered 200
// {"deleted": true} and deleted nothing, an update answered 404 "no customer
// with this id". Every write a caller may not make answers 403 naming why.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { makeWorld, type Reply, type World } from "../scoring/world.ts";

let w: World;
let viewer: string;
let customerId: string;

async function asViewer(fn: string, body: unknown): Promise<Reply> {
  return w.post(fn, body, { authorization: `Bearer ${viewer}` });
}

beforeAll(async () => {
  w = await makeWorld("viewer");
  customerId = (await w.api("upsert_account", { name: `Viewed Co ${w.suffix}`, logins: 20, adoption: 60 })).body.customer.id;
  const { url, serviceRoleKey, anonKey } = stack();
  const email = `viewer.${w.suffix}@viewer.test`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const admin = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" };
  const user = await (await fetch(`${url}/auth/v1/admin/users`, { method: "POST", headers: admin, body: JSON.stringify({ email, password, email_confirm: true }) })).json();
  await w.sql`insert into public.agency_members (agency_id, user_id, role) values (${w.agencyId}, ${user.id}, 'member')`;
  await w.sql`insert into public.client_members (client_id, user_id, role) values (${w.clientId}, ${user.id}, 'viewer')`;
  const session = await (await fetch(`${url}/auth/v1/token?grant_type=password`, {
    method: "POST", headers: { apikey: anonKey, "content-type": "application/json" }, body: JSON.stringify({ email, password }),
  })).json();
  viewer = session.access_token;
});
afterAll(async () => {
  await w?.end();
});

const stored = async () => (await w.sql`select deleted_at, manager from public.customers where id = ${customerId}`)[0];

describe("a viewer's writes", () => {
  test("the viewer can read the customer", async () => {
    const res = await asViewer("api-inbound", { action: "get_customer", data: { client_id: w.clientId, id: customerId } });
    expect(res.status).toBe(200);
  });

  test("delete_customer answers 403 naming why, and the customer stays", async () => {
    const res = await asViewer("api-inbound", { action: "delete_customer", data: { client_id: w.clientId, id: customerId } });
    expect({ status: res.status, code: res.body.error?.code, field: res.body.error?.field }).toEqual({ status: 403, code: "forbidden", field: "client_id" });
    expect(res.body.error.message).toMatch(/only read/);
    expect((await stored()).deleted_at, "not deleted").toBeNull();
  });

  test("an update of an existing customer answers 403, not 404, and changes nothing", async () => {
    const res = await asViewer("api-inbound", { action: "update_health", data: { client_id: w.clientId, id: customerId, field: "manager", value: "Mallory" } });
    expect(res.status).toBe(403);
    expect((await stored()).manager).toBeNull();
  });

  test("a scoring save answers 403 too", async () => {
    const res = await asViewer("scoring", { action: "rescore_customer", client_id: w.clientId, customer_id: customerId });
    expect(res.status).toBe(403);
  });
});
