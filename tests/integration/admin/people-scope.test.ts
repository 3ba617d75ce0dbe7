// Who a member may see on the people list: only those who share a client with
// them (and the agency's owners and admins). Before, any member, even a
// viewer, listed every e-mail, role and last sign-in of the agency.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;
const people: Record<"viewerA" | "managerA" | "memberB", { email: string; token: string }> = {} as never;

/** A member of the world's agency, assigned to `clientId` with `role`, signed in. */
async function member(label: string, clientId: string, role: "viewer" | "manager") {
  const { url, serviceRoleKey, anonKey } = stack();
  const email = `${label}.${w.suffix}@people-scope.test`;
  const password = `pw-${randomBytes(8).toString("hex")}`;
  const admin = { apikey: serviceRoleKey, authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" };
  const user = await (await fetch(`${url}/auth/v1/admin/users`, { method: "POST", headers: admin, body: JSON.stringify({ email, password, email_confirm: true }) })).json();
  await w.sql`insert into public.agency_members (agency_id, user_id, role) values (${w.agencyId}, ${user.id}, 'member')`;
  await w.sql`insert into public.client_members (client_id, user_id, role) values (${clientId}, ${user.id}, ${role})`;
  const session = await (await fetch(`${url}/auth/v1/token?grant_type=password`, {
    method: "POST", headers: { apikey: anonKey, "content-type": "application/json" }, body: JSON.stringify({ email, password }),
  })).json();
  return { email, token: session.access_token as string };
}

const emailsSeenBy = async (token: string) => {
  const res = await w.post("api-inbound", { action: "list_people", data: {} }, { authorization: `Bearer ${token}` });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body.people as { email: string }[]).map((p) => p.email).sort();
};

beforeAll(async () => {
  w = await makeWorld("people-scope");
  const [other] = await w.sql`insert into public.clients (agency_id, name) values (${w.agencyId}, ${`Other ${w.suffix}`}) returning id`;
  people.viewerA = await member("viewer-a", w.clientId, "viewer");
  people.managerA = await member("manager-a", w.clientId, "manager");
  people.memberB = await member("member-b", other.id, "manager");
});
afterAll(async () => {
  await w?.end();
});

describe("the people list", () => {
  const ownerEmail = () => `owner.people-scope.${w.suffix}@scoring.test`;

  test("a viewer sees the owner, themself and who shares their client — not the other client's member", async () => {
    expect(await emailsSeenBy(people.viewerA.token)).toEqual([people.managerA.email, ownerEmail(), people.viewerA.email].sort());
  });

  test("a member of the other client sees only the owner and themself", async () => {
    expect(await emailsSeenBy(people.memberB.token)).toEqual([people.memberB.email, ownerEmail()].sort());
  });

  test("the owner still sees everyone", async () => {
    expect(await emailsSeenBy(w.ownerToken)).toEqual(
      [ownerEmail(), people.viewerA.email, people.managerA.email, people.memberB.email].sort());
  });
});
