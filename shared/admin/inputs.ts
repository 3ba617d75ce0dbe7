// Input schemas of the dashboard's people, clients and API-key actions
// (SPEC §1): shared by the edge function and the dashboard's forms.
import { z } from "zod";
import { uuid as id } from "../common/ids.ts";

const agencyId = id("agency_id").optional();

export const agencyRoles = ["owner", "admin", "member"] as const;
export const clientRoles = ["manager", "viewer"] as const;

/** An invitation link's token: 32 random bytes, hex. */
export const invitationToken = z.string({ error: "token is required" })
  .regex(/^[0-9a-f]{64}$/, { error: "token must be the 64 hex characters of an invitation link" });

const clientName = z.string({ error: "name is required" }).trim()
  .min(1, { error: "name must not be empty" }).max(120, { error: "name is at most 120 characters" });

export const adminInputs = {
  list_people: z.strictObject({ agency_id: agencyId }),
  invite_user: z.strictObject({
    agency_id: agencyId,
    // Users type e-mail in any case; GoTrue matches it lowercased.
    email: z.string({ error: "email is required" }).trim().toLowerCase().email({ error: "email must be an e-mail address" }),
    role: z.enum(agencyRoles, { error: `role must be one of: ${agencyRoles.join(", ")}` }).default("member"),
    clients: z.array(z.strictObject({ client_id: id("client_id"), role: z.enum(clientRoles, { error: "role must be manager or viewer" }) }))
      .max(200).default([]),
  }),
  list_invitations: z.strictObject({ agency_id: agencyId }),
  revoke_invitation: z.strictObject({ id: id("id") }),
  list_my_invitations: z.strictObject({}),
  accept_invitation: z.strictObject({ id: id("id") }),
  decline_invitation: z.strictObject({ id: id("id") }),
  open_invitation: z.strictObject({ token: invitationToken }),
  join_with_invitation: z.strictObject({
    token: invitationToken,
    // bcrypt reads at most 72 bytes: a longer password would be cut silently.
    password: z.string({ error: "password is required" }).min(8, { error: "password must be at least 8 characters" })
      .refine((p) => new TextEncoder().encode(p).length <= 72, { error: "password is at most 72 bytes" }),
  }),
  set_agency_role: z.strictObject({
    agency_id: agencyId, user_id: id("user_id"),
    role: z.enum(agencyRoles, { error: `role must be one of: ${agencyRoles.join(", ")}` }),
  }),
  assign_client: z.strictObject({
    user_id: id("user_id"), client_id: id("client_id"),
    role: z.enum(clientRoles, { error: "role must be manager or viewer" }),
  }),
  unassign_client: z.strictObject({ user_id: id("user_id"), client_id: id("client_id") }),
  remove_user: z.strictObject({ agency_id: agencyId, user_id: id("user_id") }),
  create_client: z.strictObject({ agency_id: agencyId, name: clientName }),
  rename_client: z.strictObject({ client_id: id("client_id"), name: clientName }),
  archive_client: z.strictObject({ client_id: id("client_id") }),
  client_overview: z.strictObject({ agency_id: agencyId }),
  restore_client: z.strictObject({ client_id: id("client_id") }),
  list_api_keys: z.strictObject({ client_id: id("client_id") }),
  create_api_key: z.strictObject({
    client_id: id("client_id"),
    label: z.string().trim().min(1, { error: "label must not be empty" }).max(80, { error: "label is at most 80 characters" }).default("API key"),
  }),
  revoke_api_key: z.strictObject({ id: id("id") }),
} as const;

export type AdminAction = keyof typeof adminInputs;
