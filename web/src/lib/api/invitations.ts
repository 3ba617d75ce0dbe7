// Invitations: the signed-in user's (list, accept, decline) and an
// invitation link's (what it offers; joining with a new password).
import {
  acceptInvitationAnswer, declineInvitationAnswer, joinWithInvitationAnswer, listMyInvitationsAnswer, openInvitationAnswer,
} from "@shared/admin/answers.ts";
import { request, send, sendWithLink } from "./client.ts";

export const listMyInvitations = (signal?: AbortSignal) => request("list_my_invitations", {}, listMyInvitationsAnswer, signal);
export const acceptInvitation = (id: string) => send("accept_invitation", { id }, acceptInvitationAnswer);
export const declineInvitation = (id: string) => send("decline_invitation", { id }, declineInvitationAnswer);

export const openInvitation = (token: string) => sendWithLink("open_invitation", { token }, openInvitationAnswer);
export const joinWithInvitation = (token: string, password: string) =>
  sendWithLink("join_with_invitation", { token, password }, joinWithInvitationAnswer);
