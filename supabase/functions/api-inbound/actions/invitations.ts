// Invitations to an agency (SPEC §1, docs/decisions/009): an admin invites
// an e-mail address; the link goes by e-mail to that address; the person
// accepts signed in, or, without an account, chooses a password through the
// link. invite_user answers and behaves the same whether the address has an
// account or not, so it tells an admin nothing about other agencies' people.
import {
  acceptInvitationAnswer, declineInvitationAnswer, inviteUserAnswer, joinWithInvitationAnswer, listInvitationsAnswer,
  listMyInvitationsAnswer, openInvitationAnswer, revokeInvitationAnswer,
} from "@shared/admin/answers.ts";
import { adminInputs } from "@shared/admin/inputs.ts";
import { createAuthUser, deleteAuthUser } from "../../_shared/auth-admin.ts";
import { asPrincipal, type Tx } from "../../_shared/db.ts";
import { sendEmail } from "../../_shared/email.ts";
import { env } from "../../_shared/env.ts";
import { HttpError } from "../../_shared/http.ts";
import { sha256Hex } from "../../_shared/principal.ts";
import { agencyAdmins, callerAction, linkAction, readers } from "../../_shared/registry.ts";
import { administeredAgency, requireAdmin } from "../agency-access.ts";
import { invitationEmail } from "./invitation-email.ts";

const pending = "accepted_at is null and declined_at is null and revoked_at is null";

/** Why an invitation that is no longer pending cannot be answered: 410 when it is gone, 409 when it was answered. */
export function notPending(state: string, field: string): HttpError {
  const gone = state === "expired" || state === "revoked";
  const message = { expired: "this invitation has expired", revoked: "this invitation was revoked",
    accepted: "this invitation was already accepted", declined: "this invitation was declined" }[state] ?? `this invitation is ${state}`;
  return new HttpError(gone ? 410 : 409, `invitation_${state}`, message, field);
}

/** Runs the database's answer to an invitation, its refusals as 4xx naming the reason. */
async function answerInvitation(tx: Tx, id: string, accept: boolean) {
  try {
    const [row] = await tx`select agency_id, role from private.answer_invitation(${id}, ${accept})`;
    return row as { agency_id: string; role: "owner" | "admin" | "member" };
  } catch (error) {
    const { code, detail } = error as { code?: string; detail?: string };
    if (code === "P0002") throw new HttpError(404, "not_found", "no such invitation for you", "id");
    if (code === "22023") throw notPending(detail ?? "", "id");
    if (code === "23505") throw new HttpError(409, "conflict", "you are already a member of this agency", "id");
    throw error;
  }
}

/** An invitation by its link's token, still pending, or a 4xx naming why not. */
async function invitationByToken(tx: Tx, token: string) {
  const [row] = await tx`select * from private.invitation_by_token(${sha256Hex(token)})`;
  if (!row) throw new HttpError(404, "not_found", "no such invitation: check the link in your e-mail", "token");
  if (row.state !== "pending") throw notPending(row.state, "token");
  return row as { id: string; email: string; agency_name: string; role: "owner" | "admin" | "member"; expires_at: Date };
}

/** The clients to assign on acceptance must be the agency's own. */
async function requireAgencyClients(tx: Tx, agency: string, clients: { client_id: string }[]) {
  const ids = clients.map((c) => c.client_id);
  const found = new Set((await tx`select id from public.clients where agency_id = ${agency} and id = any(${ids}::uuid[])`).map((r) => r.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) throw new HttpError(404, "not_found", "no such client in this agency", `clients.${missing}.client_id`);
}

const randomToken = () => Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");

/** The link's token rides in the fragment, which browsers never send to a server or in a Referer. */
const inviteLink = (token: string) => `${(env().SITE_URL ?? env().SUPABASE_URL ?? "").replace(/\/+$/, "")}/invite#token=${token}`;

const invitationColumns = "i.id, i.agency_id, i.email, i.role, i.clients, i.created_at, i.expires_at";
const admin = { write: true, roles: agencyAdmins } as const;

export const invitationActions = {
  invite_user: callerAction({
    ...admin, summary: "Invite a person by e-mail (the link goes to the address; the answer is the same whether it has an account)",
    input: adminInputs.invite_user, answer: inviteUserAnswer,
    /**
     * Records the invitation and mails its link, the same way for every
     * address: no account is looked up or made here, so neither the answer
     * nor its timing says whether one exists. Inviting again replaces the
     * pending invitation (its old link stops working).
     */
    async run({ tx, caller, input: { agency_id, email, role, clients } }) {
      const agency = await administeredAgency(tx, agency_id);
      const [{ owner }] = await tx`select ${agency}::uuid = any(private.owner_agency_ids()) as owner`;
      if (role === "owner" && !owner) throw new HttpError(403, "forbidden", "only an owner may invite an owner", "role");
      await requireAgencyClients(tx, agency, clients);
      const [member] = await tx`select 1 from public.agency_people(${agency}) where lower(email) = ${email}`;
      if (member) throw new HttpError(409, "conflict", "already a member of this agency", "email");
      const replaced = await tx`update public.agency_invitations set revoked_at = now()
                                where agency_id = ${agency} and email = ${email} and ${tx.unsafe(pending)} returning id`;
      const token = randomToken();
      let invitation;
      try {
        [invitation] = await tx`
          insert into public.agency_invitations as i (agency_id, email, role, clients, token_hash, invited_by)
          values (${agency}, ${email}, ${role}, ${tx.json(clients)}, ${sha256Hex(token)}, auth.uid())
          returning ${tx.unsafe(invitationColumns)}`;
      } catch (error) {
        // Only an owner may replace an owner's pending invitation (RLS hid it from the update above).
        if ((error as { code?: string }).code === "23505" && replaced.length === 0) {
          throw new HttpError(409, "conflict", "a pending owner invitation to this e-mail exists: only an owner may replace it", "email");
        }
        throw error;
      }
      const [{ name }] = await tx`select name from public.agencies where id = ${agency}`;
      try {
        await sendEmail(invitationEmail({ to: email, agency: name, role, inviter: caller.kind === "user" ? caller.email : null, link: inviteLink(token), expiresAt: invitation.expires_at }));
      } catch (error) {
        console.error("invitation e-mail failed", error);
        throw new HttpError(502, "email_failed", "the invitation e-mail could not be sent, so nothing was saved; please try again", "email");
      }
      return { created: true, invitation };
    },
  }),

  list_invitations: callerAction({
    write: false, roles: agencyAdmins, summary: "The agency's invitations, newest first (the latest 200), each with its state",
    input: adminInputs.list_invitations, answer: listInvitationsAnswer,
    async run({ tx, input: { agency_id } }) {
      const agency = await administeredAgency(tx, agency_id);
      const invitations = await tx`
        select ${tx.unsafe(invitationColumns)}, p.email as invited_by_email,
               case when i.accepted_at is not null then 'accepted' when i.declined_at is not null then 'declined'
                    when i.revoked_at is not null then 'revoked' when i.expires_at <= now() then 'expired' else 'pending' end as state
        from public.agency_invitations i left join public.agency_people(${agency}) p on p.user_id = i.invited_by
        where i.agency_id = ${agency} order by i.created_at desc, i.id desc limit 200`;
      return { agency_id: agency, invitations };
    },
  }),

  revoke_invitation: callerAction({
    ...admin, summary: "Withdraw a pending invitation: its link stops working and it can no longer be accepted",
    input: adminInputs.revoke_invitation, answer: revokeInvitationAnswer,
    async run({ tx, input: { id } }) {
      const [inv] = await tx`
        select agency_id, role, case when accepted_at is not null then 'accepted' when declined_at is not null then 'declined'
                                     when revoked_at is not null then 'revoked' when expires_at <= now() then 'expired' else 'pending' end as state
        from public.agency_invitations where id = ${id}`;
      if (!inv) throw new HttpError(404, "not_found", "no such invitation", "id");
      await requireAdmin(tx, inv.agency_id);
      const [{ owner }] = await tx`select ${inv.agency_id}::uuid = any(private.owner_agency_ids()) as owner`;
      if (inv.role === "owner" && !owner) throw new HttpError(403, "forbidden", "only an owner may revoke an owner invitation", "id");
      if (inv.state !== "pending" && inv.state !== "expired") throw notPending(inv.state, "id");
      await tx`update public.agency_invitations set revoked_at = now() where id = ${id} and ${tx.unsafe(pending)}`;
      return { id, revoked: true };
    },
  }),

  list_my_invitations: callerAction({
    write: false, roles: readers, summary: "The signed-in user's pending invitations, with the agency's name and the role offered",
    input: adminInputs.list_my_invitations, answer: listMyInvitationsAnswer,
    async run({ tx }) {
      return { invitations: await tx`select * from private.my_invitations()` };
    },
  }),

  accept_invitation: callerAction({
    write: true, roles: readers, summary: "Accept an invitation to one's own e-mail: the membership and client assignments are made at once",
    input: adminInputs.accept_invitation, answer: acceptInvitationAnswer,
    async run({ tx, input: { id } }) {
      const { agency_id, role } = await answerInvitation(tx, id, true);
      return { id, agency_id, role, accepted: true };
    },
  }),

  decline_invitation: callerAction({
    write: true, roles: readers, summary: "Decline an invitation to one's own e-mail",
    input: adminInputs.decline_invitation, answer: declineInvitationAnswer,
    async run({ tx, input: { id } }) {
      await answerInvitation(tx, id, false);
      return { id, declined: true };
    },
  }),

  open_invitation: linkAction({
    write: false, summary: "What an invitation link offers (agency, role, e-mail), for its page",
    input: adminInputs.open_invitation, answer: openInvitationAnswer,
    async run({ tx, input: { token } }) {
      const { email, agency_name, role, expires_at } = await invitationByToken(tx, token);
      return { email, agency_name, role, expires_at };
    },
  }),

  join_with_invitation: linkAction({
    write: true, summary: "Make the account of an invited e-mail that has none, with the password chosen, and accept the invitation",
    input: adminInputs.join_with_invitation, answer: joinWithInvitationAnswer,
    /**
     * Only the address the link was mailed to holds the token, so only its
     * owner learns here whether an account exists (then: sign in and accept).
     */
    async run({ tx, input: { token, password } }) {
      const invitation = await invitationByToken(tx, token);
      let userId: string;
      try {
        userId = await createAuthUser(invitation.email, password);
      } catch (error) {
        if (error instanceof HttpError && error.status === 409) {
          throw new HttpError(409, "conflict", "this e-mail already has an account: sign in to accept the invitation", "token");
        }
        throw error;
      }
      try {
        const claims = { role: "authenticated" as const, sub: userId, email: invitation.email };
        const { agency_id } = await asPrincipal(claims, (as) => answerInvitation(as, invitation.id, true));
        return { email: invitation.email, agency_id, accepted: true };
      } catch (error) {
        await deleteAuthUser(userId);
        throw error;
      }
    },
  }),
};
