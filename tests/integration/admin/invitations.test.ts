// Invitations instead of attaching accounts: invite_user answers the same
// for an address with an account and one without, an existing account joins
// only when its owner accepts, and only the person invited can accept.
// Before, invite_user answered a known address with `created: false` and no
// password (a new one with a temporary password) and made it a member at once.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { act, invitationToken, mailTo, makePerson, newAddress, type Person, type Reply, signInAs } from "./invitees.ts";

const sql = postgres(stack().dbUrl, { max: 2, onnotice: () => {} });
const run = Date.now().toString(36);

type Agency = { id: string; name: string; clientId: string; owner: Person; admin: Person; member: Person };

/** An agency with one client, an owner, an admin and a member (assigned to the client as viewer). */
async function makeAgency(label: string): Promise<Agency> {
  const [owner, admin, member] = [await makePerson(`owner-${label}`), await makePerson(`admin-${label}`), await makePerson(`member-${label}`)];
  const name = `Invitations ${label} ${run}`;
  const [agency] = await sql`insert into public.agencies (name) values (${name}) returning id`;
  const [client] = await sql`insert into public.clients (agency_id, name) values (${agency.id}, ${`Client ${label} ${run}`}) returning id`;
  for (const [p, role] of [[owner, "owner"], [admin, "admin"], [member, "member"]] as const) {
    await sql`insert into public.agency_members (agency_id, user_id, role) values (${agency.id}, ${p.id}, ${role})`;
  }
  await sql`insert into public.client_members (client_id, user_id, role) values (${client.id}, ${member.id}, 'viewer')`;
  return { id: agency.id, name, clientId: client.id, owner, admin, member };
}

const membershipOf = async (agencyId: string, userId: string) =>
  (await sql`select role from public.agency_members where agency_id = ${agencyId} and user_id = ${userId}`)[0]?.role ?? null;

const clientIdsOf = async (p: Person) => ((await act(p.token, "list_clients")).body.clients as { id: string }[]).map((c) => c.id);

/** An invitation's answer with what differs per invitation (its id, address and instants) taken out. */
const shapeOf = (r: Reply) => {
  const { id: _id, email: _email, created_at: _c, expires_at: _e, ...rest } = r.body.invitation ?? {};
  return { status: r.status, keys: Object.keys(r.body).sort(), invitationKeys: Object.keys(r.body.invitation ?? {}).sort(), rest };
};

let a: Agency;
let b: Agency;

beforeAll(async () => {
  a = await makeAgency("a");
  b = await makeAgency("b");
});
afterAll(() => sql.end());

describe("invite_user", () => {
  test("answers an address with an account exactly as one without (status, fields and e-mail alike)", async () => {
    const fresh = newAddress("fresh");
    const clients = [{ client_id: a.clientId, role: "viewer" }];
    const known = await act(a.owner.token, "invite_user", { email: b.member.email, role: "member", clients });
    const unknown = await act(a.owner.token, "invite_user", { email: fresh, role: "member", clients });
    expect(known.status, JSON.stringify(known.body)).toBe(201);
    expect(shapeOf(known), "nothing in the answer tells an account from none").toEqual(shapeOf(unknown));
    expect(JSON.stringify(known.body), "no password, token or user id is ever answered").not.toMatch(/password|token|user_id/);

    const [toKnown] = await mailTo(b.member.email);
    const [toFresh] = await mailTo(fresh);
    expect(toKnown.subject, "the same e-mail goes to both").toBe(toFresh.subject);
    expect(toKnown.text.replace(/token=\w+/, ""), "word for word, but for the token").toBe(toFresh.text.replace(/token=\w+/, ""));
  });

  test("does not make an existing account a member: it joins only when its owner accepts", async () => {
    const invited = await act(a.owner.token, "invite_user", {
      email: b.admin.email.toUpperCase(), role: "member", clients: [{ client_id: a.clientId, role: "manager" }],
    });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body.invitation.email, "the address is stored lower case").toBe(b.admin.email);
    expect(await membershipOf(a.id, b.admin.id), "not a member after the invitation").toBeNull();
    expect(await clientIdsOf(b.admin), "and sees none of the agency's clients").not.toContain(a.clientId);

    const mine = await act(b.admin.token, "list_my_invitations");
    expect(mine.body.invitations, "the person invited sees the invitation, with the agency's name").toContainEqual(expect.objectContaining({
      id: invited.body.invitation.id, agency_id: a.id, agency_name: a.name, role: "member", invited_by_email: a.owner.email,
    }));

    const accepted = await act(b.admin.token, "accept_invitation", { id: invited.body.invitation.id });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toEqual({ id: invited.body.invitation.id, agency_id: a.id, role: "member", accepted: true });
    expect(await membershipOf(a.id, b.admin.id), "a member once accepted").toBe("member");
    const clients = (await act(b.admin.token, "list_clients")).body.clients;
    expect(clients, "with the client assignment the invitation carried").toContainEqual(expect.objectContaining({ id: a.clientId, role: "manager" }));
    expect(await membershipOf(b.id, b.admin.id), "still an admin of their own agency").toBe("admin");

    const again = await act(b.admin.token, "accept_invitation", { id: invited.body.invitation.id });
    expect([again.status, again.body.error.code], "accepting twice is a 409 that says it was accepted").toEqual([409, "invitation_accepted"]);
    expect((await act(b.admin.token, "list_my_invitations")).body.invitations.map((i: { id: string }) => i.id),
      "and it is no longer listed as pending").not.toContain(invited.body.invitation.id);
  });

  test("refuses members, and admins who would invite an owner; an owner may", async () => {
    const email = newAddress("refused");
    const byMember = await act(a.member.token, "invite_user", { email });
    expect(byMember.status, "a member may not invite").toBe(403);
    const byAdmin = await act(a.admin.token, "invite_user", { email, role: "owner" });
    expect([byAdmin.status, byAdmin.body.error.field], "an admin may not invite an owner, naming the role").toEqual([403, "role"]);
    const [{ n }] = await sql`select count(*)::int as n from public.agency_invitations where email = ${email}`;
    expect(n, "no invitation was recorded for the refused calls").toBe(0);
    expect(await mailTo(email), "and no e-mail sent").toEqual([]);

    const byOwner = await act(a.owner.token, "invite_user", { email: b.owner.email, role: "owner" });
    expect(byOwner.status, "an owner invites an owner").toBe(201);
    expect((await act(b.owner.token, "accept_invitation", { id: byOwner.body.invitation.id })).status).toBe(200);
    expect(await membershipOf(a.id, b.owner.id), "who becomes an owner on accepting").toBe("owner");
  });

  test("refuses a client of another agency and a person already in the agency, by field", async () => {
    const foreign = await act(a.owner.token, "invite_user", { email: newAddress("foreign"), clients: [{ client_id: b.clientId, role: "viewer" }] });
    expect([foreign.status, foreign.body.error.field]).toEqual([404, "clients.0.client_id"]);
    const member = await act(a.owner.token, "invite_user", { email: a.member.email });
    expect([member.status, member.body.error.field], "an existing member of this agency (whom the admin sees anyway)").toEqual([409, "email"]);
  });

  test("inviting again replaces the pending invitation: the old link stops working", async () => {
    const email = newAddress("twice");
    const first = await act(a.owner.token, "invite_user", { email });
    const oldToken = await invitationToken(email);
    const second = await act(a.owner.token, "invite_user", { email, role: "admin" });
    expect(second.status).toBe(201);
    expect((await act(null, "open_invitation", { token: oldToken })).body.error.code, "the first link is revoked").toBe("invitation_revoked");
    const listed = (await act(a.owner.token, "list_invitations")).body.invitations;
    expect(listed.find((i: { id: string }) => i.id === first.body.invitation.id).state).toBe("revoked");
    expect(listed.find((i: { id: string }) => i.id === second.body.invitation.id)).toMatchObject({ state: "pending", role: "admin" });
  });
});

describe("accepting and declining", () => {
  test("nobody but the person invited can accept or decline, and their attempts change nothing", async () => {
    const invited = await act(a.owner.token, "invite_user", { email: b.member.email, role: "admin" });
    const id = invited.body.invitation.id;
    for (const stranger of [b.owner, a.member, a.admin]) {
      for (const action of ["accept_invitation", "decline_invitation"]) {
        const res = await act(stranger.token, action, { id });
        expect([res.status, res.body.error?.field], `${stranger.email} cannot ${action} another's invitation`).toEqual([404, "id"]);
      }
    }
    const [row] = await sql`select accepted_at, declined_at from public.agency_invitations where id = ${id}`;
    expect(row, "the invitation is still pending").toEqual({ accepted_at: null, declined_at: null });

    const declined = await act(b.member.token, "decline_invitation", { id });
    expect(declined.body, "the person invited declines it").toEqual({ id, declined: true });
    const late = await act(b.member.token, "accept_invitation", { id });
    expect([late.status, late.body.error.code], "a declined invitation cannot be accepted after").toEqual([409, "invitation_declined"]);
    expect(await membershipOf(a.id, b.member.id)).toBeNull();
  });

  test("a revoked or expired invitation is refused with 410 naming the reason", async () => {
    const person = await makePerson("late");
    const revoked = await act(a.admin.token, "invite_user", { email: person.email });
    expect((await act(a.admin.token, "revoke_invitation", { id: revoked.body.invitation.id })).body)
      .toEqual({ id: revoked.body.invitation.id, revoked: true });
    const afterRevoke = await act(person.token, "accept_invitation", { id: revoked.body.invitation.id });
    expect([afterRevoke.status, afterRevoke.body.error.code, afterRevoke.body.error.message])
      .toEqual([410, "invitation_revoked", "this invitation was revoked"]);

    const expired = await act(a.admin.token, "invite_user", { email: person.email });
    await sql`update public.agency_invitations set expires_at = now() - interval '1 minute' where id = ${expired.body.invitation.id}`;
    const afterExpiry = await act(person.token, "accept_invitation", { id: expired.body.invitation.id });
    expect([afterExpiry.status, afterExpiry.body.error.code, afterExpiry.body.error.message])
      .toEqual([410, "invitation_expired", "this invitation has expired"]);
    expect((await act(person.token, "list_my_invitations")).body.invitations, "neither is listed as pending").toEqual([]);
    expect(await membershipOf(a.id, person.id)).toBeNull();
  });
});

describe("an agency's invitations", () => {
  test("owners and admins list and revoke their own agency's, never another's", async () => {
    const inB = await act(b.owner.token, "invite_user", { agency_id: b.id, email: newAddress("of-b") });
    const listB = await act(a.admin.token, "list_invitations", { agency_id: b.id });
    expect(listB.status, "an admin of A cannot list B's invitations").toBe(404);
    const revokeB = await act(a.admin.token, "revoke_invitation", { id: inB.body.invitation.id });
    expect([revokeB.status, revokeB.body.error.field], "nor revoke one").toEqual([404, "id"]);
    const [row] = await sql`select revoked_at from public.agency_invitations where id = ${inB.body.invitation.id}`;
    expect(row.revoked_at, "B's invitation is untouched").toBeNull();

    const listA = (await act(a.admin.token, "list_invitations")).body;
    expect(listA.agency_id).toBe(a.id);
    expect(listA.invitations.every((i: { agency_id: string }) => i.agency_id === a.id), "A's list holds only A's").toBe(true);
    expect((await act(a.member.token, "list_invitations")).status, "a member cannot list them").toBe(403);
  });

  test("an admin cannot revoke an owner invitation; an owner can", async () => {
    const invited = await act(a.owner.token, "invite_user", { email: newAddress("owner-to-be"), role: "owner" });
    const byAdmin = await act(a.admin.token, "revoke_invitation", { id: invited.body.invitation.id });
    expect(byAdmin.status).toBe(403);
    expect((await act(a.owner.token, "revoke_invitation", { id: invited.body.invitation.id })).status).toBe(200);
  });
});

describe("the invitation link", () => {
  test("lets a person without an account choose a password, join and sign in; the link works once", async () => {
    const email = newAddress("newcomer");
    await act(a.admin.token, "invite_user", { email, role: "member", clients: [{ client_id: a.clientId, role: "viewer" }] });
    const token = await invitationToken(email);

    const opened = await act(null, "open_invitation", { token });
    expect(opened.body, "the link's page shows what it offers, without signing in").toEqual({
      email, agency_name: a.name, role: "member", expires_at: expect.any(String),
    });
    const short = await act(null, "join_with_invitation", { token, password: "short" });
    expect([short.status, short.body.error.field]).toEqual([400, "password"]);

    const password = `chosen-${run}`;
    const joined = await act(null, "join_with_invitation", { token, password });
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toEqual({ email, agency_id: a.id, accepted: true });
    const session = await signInAs(email, password);
    expect(session.status, "the new account signs in with the password chosen").toBe(200);
    const clients = (await act(session.token!, "list_clients")).body.clients;
    expect(clients, "and sees the client it was invited to").toEqual([expect.objectContaining({ id: a.clientId, role: "viewer" })]);

    const reused = await act(null, "join_with_invitation", { token, password: "another password" });
    expect([reused.status, reused.body.error.code], "the link cannot be used twice").toEqual([409, "invitation_accepted"]);
  });

  test("cannot set the password of an account that exists: its owner signs in and accepts instead", async () => {
    const person = await makePerson("has-account");
    await act(a.admin.token, "invite_user", { email: person.email });
    const token = await invitationToken(person.email);
    const res = await act(null, "join_with_invitation", { token, password: "taken over!" });
    expect([res.status, res.body.error.message]).toEqual([409, "this e-mail already has an account: sign in to accept the invitation"]);
    expect((await signInAs(person.email, "taken over!")).status, "the password was not changed").toBe(400);
    expect((await signInAs(person.email, person.password)).status, "the old one still works").toBe(200);
    expect(await membershipOf(a.id, person.id), "and nothing was accepted").toBeNull();
  });

  test("an unknown or malformed token is refused by field, and the link actions need no sign-in", async () => {
    const unknown = await act(null, "open_invitation", { token: "0".repeat(64) });
    expect([unknown.status, unknown.body.error.field]).toEqual([404, "token"]);
    const malformed = await act(null, "join_with_invitation", { token: "abc", password: "long enough password" });
    expect([malformed.status, malformed.body.error.field]).toEqual([400, "token"]);
  });
});
