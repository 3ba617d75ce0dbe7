// The record tests' world: the scoring tests' world (an agency, a client,
// its owner and API key) plus a second editor (a manager), a viewer, and a
// second agency's world for the tenancy checks; every call goes to
// api-inbound as one of these signed-in users.
import { randomBytes } from "node:crypto";
import { stack } from "../../stack/context.ts";
import { makeWorld, type Reply, type World } from "../scoring/world.ts";

export type Person = { id: string; email: string; token: string };

export type RecordWorld = World & {
  owner: Person;
  manager: Person;
  viewer: Person;
  /** Another agency's world: its owner must reach nothing of ours. */
  other: World;
  /** An action of api-inbound as `who`, on `clientId` (ours unless given). */
  as(who: Person | string, action: string, data?: Record<string, unknown>, clientId?: string): Promise<Reply>;
  /** A live customer of our client, made through the public API. */
  customer(name?: string, fields?: Record<string, unknown>): Promise<string>;
};

async function call(token: string, body: unknown): Promise<Reply> {
  const res = await fetch(`${stack().url}/functions/v1/api-inbound`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A user of the agency assigned to the client with `role`, signed in. */
async function member(w: World, role: "manager" | "viewer"): Promise<Person> {
  const { url, serviceRoleKey, anonKey } = stack();
  const email = `${role}.${w.suffix}@record.test`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const admin = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" };
  const user = await (await fetch(`${url}/auth/v1/admin/users`, {
    method: "POST", headers: admin, body: JSON.stringify({ email, password, email_confirm: true }),
  })).json();
  await w.sql`insert into public.agency_members (agency_id, user_id, role) values (${w.agencyId}, ${user.id}, 'member')`;
  await w.sql`insert into public.client_members (client_id, user_id, role) values (${w.clientId}, ${user.id}, ${role})`;
  const session = await (await fetch(`${url}/auth/v1/token?grant_type=password`, {
    method: "POST", headers: { apikey: anonKey, "content-type": "application/json" }, body: JSON.stringify({ email, password }),
  })).json();
  return { id: user.id, email, token: session.access_token };
}

export async function makeRecordWorld(label: string): Promise<RecordWorld> {
  const w = await makeWorld(label);
  const other = await makeWorld(`${label}-other`);
  const [{ email }] = await w.sql`select email from auth.users where id = ${w.ownerId}`;
  const owner = { id: w.ownerId, email, token: w.ownerToken };
  const [manager, viewer] = [await member(w, "manager"), await member(w, "viewer")];
  let n = 0;
  return {
    ...w, owner, manager, viewer, other,
    as: (who, action, data = {}, clientId = w.clientId) =>
      call(typeof who === "string" ? who : who.token, { action, data: { client_id: clientId, ...data } }),
    async customer(name = `Record Co ${w.suffix} ${++n}`, fields = { logins: 12, adoption: 40 }) {
      const res = await w.api("upsert_account", { name, ...fields });
      if (res.status >= 300) throw new Error(`upsert_account answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body.customer.id;
    },
    end: async () => {
      await Promise.all([w.end(), other.end()]);
    },
  };
}

/** The error's status and field, to compare in one assertion. */
export const refusal = (r: Reply) => ({ status: r.status, field: r.body?.error?.field });
