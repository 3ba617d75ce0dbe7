// The agency admin's calls to api-inbound: people and invitations, clients,
// API keys and the audit log (owners and admins; RLS decides).
import {
  archiveClientAnswer, assignClientAnswer, clientOverviewAnswer, createApiKeyAnswer, createClientAnswer, inviteUserAnswer, listApiKeysAnswer,
  listInvitationsAnswer, listPeopleAnswer, removeUserAnswer, renameClientAnswer, revokeApiKeyAnswer, revokeInvitationAnswer,
  setAgencyRoleAnswer, unassignClientAnswer,
} from "@shared/admin/answers.ts";
import { type AuditFilters, listAuditLogAnswer } from "@shared/admin/audit.ts";
import { type Params, request, send } from "./client.ts";

export const listPeople = (signal?: AbortSignal) => request("list_people", {}, listPeopleAnswer, signal);
export const listInvitations = (signal?: AbortSignal) => request("list_invitations", {}, listInvitationsAnswer, signal);
export const inviteUser = (data: { email: string; role: string; clients: { client_id: string; role: string }[] }) =>
  send("invite_user", data, inviteUserAnswer);
export const revokeInvitation = (id: string) => send("revoke_invitation", { id }, revokeInvitationAnswer);
export const setAgencyRole = (userId: string, role: string) => send("set_agency_role", { user_id: userId, role }, setAgencyRoleAnswer);
export const assignClient = (userId: string, clientId: string, role: string) =>
  send("assign_client", { user_id: userId, client_id: clientId, role }, assignClientAnswer);
export const unassignClient = (userId: string, clientId: string) =>
  send("unassign_client", { user_id: userId, client_id: clientId }, unassignClientAnswer);
export const removeUser = (userId: string) => send("remove_user", { user_id: userId }, removeUserAnswer);

export const clientOverview = (signal?: AbortSignal) => request("client_overview", {}, clientOverviewAnswer, signal);
export const createClient = (name: string) => send("create_client", { name }, createClientAnswer);
export const renameClient = (clientId: string, name: string) => send("rename_client", { client_id: clientId, name }, renameClientAnswer);
export const archiveClient = (clientId: string) => send("archive_client", { client_id: clientId }, archiveClientAnswer);
export const restoreClient = (clientId: string) => send("restore_client", { client_id: clientId }, archiveClientAnswer);

export const listApiKeys = (clientId: string, signal?: AbortSignal) =>
  request("list_api_keys", { client_id: clientId }, listApiKeysAnswer, signal);
export const createApiKey = (clientId: string, label: string) => send("create_api_key", { client_id: clientId, label }, createApiKeyAnswer);
export const revokeApiKey = (id: string) => send("revoke_api_key", { id }, revokeApiKeyAnswer);

export const listAuditLog = (filters: AuditFilters, signal?: AbortSignal) =>
  request("list_audit_log", filters as Params, listAuditLogAnswer, signal);
