// Owners and admins manage people, clients and API keys through api-inbound;
// members cannot; owner rules hold; every change is in the audit log.
import { createClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { invitationToken } from "./invitees.ts";

const { url, anonKey, dbUrl, demo } = stack();
const api = `${url}/functions/v1/api-inbound`;
const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
const run = Date.now().toString(36);

async function signIn(email: string, password: string): Promise<string> {
  const client = createClient(url, anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error) throw error;
  return data.session!.access_token;
}

async function call(token: string, action: string, data: Record<string, unknown> = {}) {
  const res = await fetch(api, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ action, data }),
  });
  return { status: res.status, body: await res.json() };
}

describe("people and clients, managed from the dashboard", () => {
  let owner: string;
  let member: string;
  const ownerUser = demo.users.find((u) => u.role === "owner")!;
  const memberUser = demo.users.find((u) => u.role === "member")!;

  beforeAll(async () => {
    owner = await signIn(ownerUser.email, ownerUser.password);
    member = await signIn(memberUser.email, memberUser.password);
  });
  afterAll(() => sql.end());

  test("an owner invites a person, who joins through the mailed link and sees only the assigned client", async () => {
    const client = demo.clients[1];
    const email = `invitee-${run}@example.test`;
    const invited = await call(owner, "invite_user", { email, role: "member", clients: [{ client_id: client.id, role: "viewer" }] });
    expect(invited.status, "the invitation is recorded").toBe(201);
    const password = `chosen-${run}`;
    const joined = await call("", "join_with_invitation", { token: await invitationToken(email), password });
    expect(joined.status, "the person chooses a password through the link").toBe(200);

    const token = await signIn(email, password);
    const [{ id: userId }] = await sql`select id from auth.users where email = ${email}`;
    const clients = await call(token, "list_clients");
    expect(clients.body.clients.map((c: { id: string }) => c.id), "the invitee sees exactly the assigned client").toEqual([client.id]);
    expect(clients.body.clients[0].role, "with the client role given at invitation").toBe("viewer");

    const write = await fetch(api, {
      method: "POST", headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: "upsert_account", data: { client_id: client.id, name: `Viewer write ${run}` } }),
    });
    expect(write.status, "a viewer cannot create customers").toBe(403);

    const [audit] = await sql`select actor, actor_user_id from audit_log
                              where table_name = 'agency_members' and action = 'insert' and after ->> 'user_id' = ${userId}`;
    expect(audit, "the membership is in the audit log").toBeDefined();
    expect(audit.actor, "recorded as done by a user").toBe("user");
  });

  test("a member cannot invite people, create clients or see API keys", async () => {
    const invite = await call(member, "invite_user", { email: `nope-${run}@example.test` });
    expect(invite.status, "members may not invite").toBe(403);
    const [exists] = await sql`select 1 from public.agency_invitations where email = ${`nope-${run}@example.test`}`;
    expect(exists, "no invitation was recorded for a refused call").toBeUndefined();
    expect((await call(member, "create_client", { name: `Member client ${run}` })).status, "members may not add clients").toBe(403);
    expect((await call(member, "list_api_keys", { client_id: demo.clients[0].id })).status, "members may not list keys").toBe(403);
  });

  test("an admin cannot grant ownership, and the last owner cannot step down", async () => {
    const email = `admin-${run}@example.test`;
    await call(owner, "invite_user", { email, role: "admin" });
    const password = `chosen-${run}`;
    await call("", "join_with_invitation", { token: await invitationToken(email), password });
    const admin = await signIn(email, password);
    const [{ id: adminId }] = await sql`select id from auth.users where email = ${email}`;
    const promote = await call(admin, "set_agency_role", { user_id: adminId, role: "owner" });
    expect(promote.status, "an admin cannot make anyone an owner").toBe(403);

    const ownerId = (await sql`select id from auth.users where email = ${ownerUser.email}`)[0].id;
    const demote = await call(owner, "set_agency_role", { user_id: ownerId, role: "admin" });
    expect(demote.status, "the only owner cannot become an admin").toBe(400);
    expect(demote.body.error.message).toMatch(/at least one owner/);
    const [still] = await sql`select role from agency_members where user_id = ${ownerId}`;
    expect(still.role, "the owner is still the owner").toBe("owner");

    const removed = await call(owner, "remove_user", { user_id: adminId });
    expect(removed.status, "an owner removes the admin").toBe(200);
    expect((await call(admin, "list_clients")).body.clients, "a removed person sees no clients").toEqual([]);
  });

  test("an owner adds, renames and archives a client; the archived client's key stops working", async () => {
    const created = await call(owner, "create_client", { name: `Echo Labs ${run}` });
    expect(created.status, "the client is created").toBe(201);
    const clientId = created.body.client.id;
    const renamed = await call(owner, "rename_client", { client_id: clientId, name: `Echo Labs Renamed ${run}` });
    expect(renamed.body.client.name, "the new name is stored").toBe(`Echo Labs Renamed ${run}`);

    const key = await call(owner, "create_api_key", { client_id: clientId, label: "Zapier" });
    expect(key.body.api_key.key, "the raw key is returned once").toMatch(/^pb_[0-9a-f]{40}$/);
    const [stored] = await sql`select key_hash from api_keys where id = ${key.body.api_key.id}`;
    expect(stored.key_hash, "only the hash is stored").not.toContain(key.body.api_key.key);

    const before = await fetch(`${api}?action=list_customers`, { headers: { "x-api-key": key.body.api_key.key } });
    expect(before.status, "the new key works").toBe(200);
    await call(owner, "archive_client", { client_id: clientId });
    const after = await fetch(`${api}?action=list_customers`, { headers: { "x-api-key": key.body.api_key.key } });
    expect(after.status, "a key of an archived client is refused").toBe(401);

    const actions = await sql`select table_name, action from audit_log where client_id = ${clientId} and actor = 'user' order by id`;
    expect(actions.map((a) => `${a.table_name}.${a.action}`), "every step is audited").toEqual(
      expect.arrayContaining(["clients.insert", "clients.update", "api_keys.insert"]),
    );
  });

  test("a revoked key is refused at once", async () => {
    const key = await call(owner, "create_api_key", { client_id: demo.clients[1].id, label: `Temp ${run}` });
    expect((await call(owner, "revoke_api_key", { id: key.body.api_key.id })).status).toBe(200);
    const res = await fetch(`${api}?action=list_customers`, { headers: { "x-api-key": key.body.api_key.key } });
    expect(res.status, "the revoked key answers 401").toBe(401);
    expect((await res.json()).error.field, "naming the header").toBe("x-api-key");
  });

  test("a key in use is refused on its very next request once revoked, and that request writes nothing", async () => {
    // After its first request of the minute a key is admitted from the
    // instance's own count; revocation must still take effect at once.
    const key = await call(owner, "create_api_key", { client_id: demo.clients[1].id, label: `Busy ${run}` });
    const headers = { "x-api-key": key.body.api_key.key, "content-type": "application/json" };
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${api}?action=list_customers&limit=1`, { headers })).status, "the key works while live").toBe(200);
    }
    expect((await call(owner, "revoke_api_key", { id: key.body.api_key.id })).status).toBe(200);
    const read = await fetch(`${api}?action=list_customers&limit=1`, { headers });
    expect(read.status, "the next read answers 401").toBe(401);
    const name = `Written by a revoked key ${run}`;
    const write = await fetch(api, { method: "POST", headers, body: JSON.stringify({ action: "upsert_account", data: { name } }) });
    expect(write.status, "the next write answers 401").toBe(401);
    const [{ n }] = await sql`select count(*)::int as n from public.customers where name = ${name}`;
    expect(n, "and nothing was written").toBe(0);
  });
});
