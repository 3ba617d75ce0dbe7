// Every admin action, run by the role that may run it (an agency owner),
// succeeds and answers as documented — a positive test beside the refusals,
// so an action that fails for everyone (as list_api_keys once did, with 403
// for owners) cannot hide behind negative tests. Table-driven over the
// registry: an admin action registered later without a case fails here.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { type Auth, closeSuperuser, post, signIn, superuser } from "../api/api.ts";
import { act, makePerson, newAddress, type Person } from "./invitees.ts";

type Step = { action: string; data: () => Record<string, unknown>; check: (body: any) => void | Promise<void> };

describe("admin actions as an agency owner", () => {
  let owner: Auth;
  const run = Date.now().toString(36);
  const made: { clientId?: string; userId?: string; keyId?: string; invitationId?: string } = {};
  let member: Person;

  beforeAll(async () => {
    owner = await signIn("owner");
    member = await makePerson("admin-actions");
    made.userId = member.id;
  });
  afterAll(closeSuperuser);

  // In order: each step may use what an earlier one made.
  const steps: Step[] = [
    { action: "create_client", data: () => ({ name: `Admin actions ${run}` }), check: (b) => (made.clientId = b.client.id) },
    { action: "rename_client", data: () => ({ client_id: made.clientId, name: `Admin actions ${run} renamed` }),
      check: (b) => expect(b.client.name).toBe(`Admin actions ${run} renamed`) },
    { action: "invite_user", data: () => ({ email: newAddress("revoked") }), check: (b) => (made.invitationId = b.invitation.id) },
    { action: "list_invitations", data: () => ({}),
      check: (b) => expect(b.invitations.map((i: any) => i.id), "the new invitation is listed").toContain(made.invitationId) },
    { action: "revoke_invitation", data: () => ({ id: made.invitationId }), check: (b) => expect(b.revoked).toBe(true) },
    // The person accepts (their own action), so that the owner's next steps have a member to work on.
    { action: "invite_user", data: () => ({ email: member.email, role: "member" }),
      check: async (b) => expect((await act(member.token, "accept_invitation", { id: b.invitation.id })).status).toBe(200) },
    { action: "list_people", data: () => ({}), check: (b) => expect(b.people.map((p: any) => p.email)).toContain(member.email) },
    { action: "assign_client", data: () => ({ user_id: made.userId, client_id: made.clientId, role: "viewer" }),
      check: (b) => expect(b.role).toBe("viewer") },
    { action: "unassign_client", data: () => ({ user_id: made.userId, client_id: made.clientId }), check: (b) => expect(b.unassigned).toBe(true) },
    { action: "set_agency_role", data: () => ({ user_id: made.userId, role: "admin" }), check: (b) => expect(b.role).toBe("admin") },
    { action: "create_api_key", data: () => ({ client_id: made.clientId, label: "Admin test" }), check: (b) => (made.keyId = b.api_key.id) },
    { action: "list_api_keys", data: () => ({ client_id: made.clientId }),
      check: (b) => expect(b.api_keys, "the new key is listed, with its rate limit").toEqual([
        expect.objectContaining({ id: made.keyId, label: "Admin test", rate_limit_per_minute: 600, revoked_at: null }),
      ]) },
    { action: "revoke_api_key", data: () => ({ id: made.keyId }), check: (b) => expect(b.revoked).toBe(true) },
    { action: "archive_client", data: () => ({ client_id: made.clientId }), check: (b) => expect(b.archived).toBe(true) },
    { action: "client_overview", data: () => ({}),
      check: (b) => expect(b.clients.find((c: any) => c.id === made.clientId), "the archived client is listed, marked")
        .toEqual(expect.objectContaining({ customers: 0, members: 0, archived_at: expect.any(String) })) },
    { action: "restore_client", data: () => ({ client_id: made.clientId }), check: (b) => expect(b.archived).toBe(false) },
    { action: "list_audit_log", data: () => ({ client_id: made.clientId }),
      check: (b) => expect(b.entries.map((e: any) => `${e.table} ${e.action} ${e.subject}`), "the owner's changes are in the log")
        .toEqual(expect.arrayContaining([`clients update Admin actions ${run} renamed`, "api_keys insert Admin test", "api_keys update Admin test"])) },
    { action: "remove_user", data: () => ({ user_id: made.userId }), check: (b) => expect(b.removed).toBe(true) },
  ];

  test("every action registered for owners and admins has a case here", async () => {
    const doc = await (await fetch(`${stack().url}/functions/v1/api-inbound/openapi.json`)).json();
    const adminOnly = Object.values(doc.paths as Record<string, { post: { "x-action": string; "x-roles"?: string[] } }>)
      .map((p) => p.post).filter((op) => op["x-roles"]?.join() === "owner,admin").map((op) => op["x-action"]).sort();
    expect(adminOnly.length, "the registry declares admin actions").toBeGreaterThan(5);
    expect([...new Set(steps.map((s) => s.action))].filter((a) => a !== "list_people").sort()).toEqual(adminOnly);
  });

  for (const step of steps) {
    test(`${step.action} succeeds for the owner`, async () => {
      const res = await post(owner, { action: step.action, data: step.data() });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      await step.check(res.body);
    });
  }

  test("what the owner did is in the database as answered", async () => {
    const [client] = await superuser()`select name, archived_at from public.clients where id = ${made.clientId!}`;
    expect(client).toEqual({ name: `Admin actions ${run} renamed`, archived_at: null });
    const [key] = await superuser()`select revoked_at from public.api_keys where id = ${made.keyId!}`;
    expect(key.revoked_at).not.toBeNull();
  });
});
