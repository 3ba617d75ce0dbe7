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

export const inviteUserAnswer = z.strictObject({
  created: z.boolean(),
  user_id: z.uuid(),
  email: z.string(),
  role: z.enum(agencyRoles),
  /** Shown once, only when a new sign-in account was made. */
  temporary_password: z.string().nullable(),
});
export const setAgencyRoleAnswer = z.strictObject({ user_id: z.uuid(), role: z.enum(agencyRoles) });
export const assignClientAnswer = z.strictObject({ user_id: z.uuid(), client_id: z.uuid(), role: z.enum(clientRoles) });
export const unassignClientAnswer = z.strictObject({ user_id: z.uuid(), client_id: z.uuid(), unassigned: z.literal(true) });
export const removeUserAnswer = z.strictObject({ user_id: z.uuid(), removed: z.literal(true) });

const clientRef = z.strictObject({ id: z.uuid(), name: z.string() });
export const createClientAnswer = z.strictObject({ created: z.literal(true), client: clientRef });
export const renameClientAnswer = z.strictObject({ client: clientRef });
export const archiveClientAnswer = z.strictObject({ client_id: z.uuid(), archived: z.boolean() });

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
