// The invitation e-mail: one text for every address, whether it has an
// account or not (the link's page offers both ways in), so that what is
// sent does not depend on what the inviter may not know.
import type { Email } from "../../_shared/email.ts";

const roleNames = { owner: "an owner", admin: "an admin", member: "a member" } as const;

export type InvitationMail = {
  to: string; agency: string; role: keyof typeof roleNames; inviter: string | null; link: string; expiresAt: Date;
};

export function invitationEmail({ to, agency, role, inviter, link, expiresAt }: InvitationMail): Email {
  const by = inviter ? `${inviter} invited you` : "You are invited";
  return {
    to,
    subject: `You are invited to ${agency} on Pulseboard`,
    text: [
      `${by} to join ${agency} on Pulseboard as ${roleNames[role]}.`,
      "",
      `Open this link to accept: ${link}`,
      "",
      "New to Pulseboard? The link lets you choose a password. Already have an account? Sign in and accept the",
      "invitation on the Invitations page.",
      "",
      `The invitation expires on ${expiresAt.toISOString().slice(0, 10)}. If you did not expect it, ignore this e-mail.`,
    ].join("\n"),
  };
}
