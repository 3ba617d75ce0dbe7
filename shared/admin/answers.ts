// Answers of the dashboard's clients, people and API-key actions.
import { z } from "zod";
import { instant } from "../common/answers.ts";
import { agencyRoles, clientRoles } from "./inputs.ts";

/** A user's role for one client: the agency role for owners and admins, else the assignment's. */
export const roleInClient = z.enum(["owner", "admin", ...clientRoles]);
export type RoleInClient = z.infer<typeof roleInClient>;

export const listClientsAnswer = z.strictObject({
  clients: z.array(z.strictObject({ id: z.uuid(), name: z.string(), role: roleInClient, archived: z.boolean() })),
});
export type ClientEntry = z.infer<typeof listClientsAnswer>["clients"][number];

const assignment = z.strictObject({ client_id: z.uuid(), role: z.enum(clientRoles) });
export const listPeopleAnswer = z.strictObject({
  agency_id: z.uuid(),
  people: z.array(z.strictObject({
    user_id: z.uuid(),
    email: z.string(),
    role: z.enum(agencyRoles),
    created_at: instant,
    last_sign_in_at: instant.nullable(),
    clients: z.array(assignment),
  })),
});

/** An invitation as its agency's owners and admins see it. */
const invitation = z.strictObject({
  id: z.uuid(),
  agency_id: z.uuid(),
  email: z.string(),
  role: z.enum(agencyRoles),
  clients: z.array(assignment),
  created_at: instant,
  expires_at: instant,
});
export const invitationStates = ["pending", "accepted", "declined", "revoked", "expired"] as const;

/**
 * The same for every address, whether it has an account or not: nothing here
 * (and no status or error) tells an admin which (docs/decisions/009). The
 * link goes by e-mail to the address, never to the inviter.
 */
export const inviteUserAnswer = z.strictObject({ created: z.literal(true), invitation });
export const listInvitationsAnswer = z.strictObject({
  agency_id: z.uuid(),
  invitations: z.array(invitation.extend({ state: z.enum(invitationStates), invited_by_email: z.string().nullable() })),
});
export const revokeInvitationAnswer = z.strictObject({ id: z.uuid(), revoked: z.literal(true) });

/** The signed-in user's pending invitations. */
export const listMyInvitationsAnswer = z.strictObject({
  invitations: z.array(z.strictObject({
    id: z.uuid(),
    agency_id: z.uuid(),
    agency_name: z.string(),
    role: z.enum(agencyRoles),
    invited_by_email: z.string().nullable(),
    created_at: instant,
    expires_at: instant,
  })),
});
export type MyInvitation = z.infer<typeof listMyInvitationsAnswer>["invitations"][number];
export const acceptInvitationAnswer = z.strictObject({
  id: z.uuid(), agency_id: z.uuid(), role: z.enum(agencyRoles), accepted: z.literal(true),
});
export const declineInvitationAnswer = z.strictObject({ id: z.uuid(), declined: z.literal(true) });

/** What the link's page shows its holder (the person the link was mailed to). */
export const openInvitationAnswer = z.strictObject({
  email: z.string(), agency_name: z.string(), role: z.enum(agencyRoles), expires_at: instant,
});
export type OpenInvitation = z.infer<typeof openInvitationAnswer>;
export const joinWithInvitationAnswer = z.strictObject({
  email: z.string(), agency_id: z.uuid(), accepted: z.literal(true),
});
export const setAgencyRoleAnswer = z.strictObject({ user_id: z.uuid(), role: z.enum(agencyRoles) });
export const assignClientAnswer = z.strictObject({ user_id: z.uuid(), client_id: z.uuid(), role: z.enum(clientRoles) });
export const unassignClientAnswer = z.strictObject({ user_id: z.uuid(), client_id: z.uuid(), unassigned: z.literal(true) });
export const removeUserAnswer = z.strictObject({ user_id: z.uuid(), removed: z.literal(true) });

const clientRef = z.strictObject({ id: z.uuid(), name: z.string() });
export const createClientAnswer = z.strictObject({ created: z.literal(true), client: clientRef });
export const renameClientAnswer = z.strictObject({ client: clientRef });
export const archiveClientAnswer = z.strictObject({ client_id: z.uuid(), archived: z.boolean() });

/** The Clients page's list: every client of the agency with how many customers and assigned people it has. */
export const clientOverviewAnswer = z.strictObject({
  agency_id: z.uuid(),
  clients: z.array(z.strictObject({
    id: z.uuid(), name: z.string(), archived_at: instant.nullable(), created_at: instant,
    /** Live customers (not deleted). */
    customers: z.int(),
    /** Members assigned to the client (owners and admins see every client besides). */
    members: z.int(),
  })),
});
export type ClientOverview = z.infer<typeof clientOverviewAnswer>["clients"][number];

const apiKey = z.strictObject({
  id: z.uuid(),
  prefix: z.string(),
  label: z.string(),
  created_at: instant,
  last_used_at: instant.nullable(),
  revoked_at: instant.nullable(),
  rate_limit_per_minute: z.int(),
});
export const listApiKeysAnswer = z.strictObject({ api_keys: z.array(apiKey) });
export const createApiKeyAnswer = z.strictObject({
  created: z.literal(true),
  /** `key` is the raw key, shown this once; only its SHA-256 is stored. */
  api_key: apiKey.pick({ id: true, prefix: true, label: true, created_at: true }).extend({ key: z.string() }),
});
export const revokeApiKeyAnswer = z.strictObject({ id: z.uuid(), revoked: z.literal(true) });
