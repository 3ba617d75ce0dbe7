// The customer record's notes, sentiment log, contacts and score history,
// answered in the shared record shapes. Every call names the client.
import {
  contactAnswer, deletedAnswer, listContactsAnswer, listNotesAnswer, listScoreHistoryAnswer, listSentimentAnswer,
  logSentimentAnswer, noteAnswer,
} from "@shared/record/answers.ts";
import { request, send } from "./client.ts";

type Scope = { client_id: string; customer_id: string };

export const listNotes = (scope: Scope, signal?: AbortSignal) => request("list_notes", scope, listNotesAnswer, signal);
export const addNote = (scope: Scope, body: string) => send("add_note", { ...scope, body }, noteAnswer);
export const editNote = (clientId: string, id: string, body: string) => send("edit_note", { client_id: clientId, id, body }, noteAnswer);
export const deleteNote = (clientId: string, id: string) => send("delete_note", { client_id: clientId, id }, deletedAnswer);

export const listSentiment = (scope: Scope, signal?: AbortSignal) => request("list_sentiment", scope, listSentimentAnswer, signal);
export const logSentiment = (scope: Scope, entry: { sentiment: string; note: string }) =>
  send("log_sentiment", { ...scope, ...entry }, logSentimentAnswer);

export type ContactFields = { id?: string; name: string; role: string; email: string; phone: string; is_primary: boolean };
export const listContacts = (scope: Scope, signal?: AbortSignal) => request("list_contacts", scope, listContactsAnswer, signal);
export const saveContact = (scope: Scope, contact: ContactFields) => send("save_contact", { ...scope, ...contact }, contactAnswer);
export const deleteContact = (clientId: string, id: string) => send("delete_contact", { client_id: clientId, id }, deletedAnswer);

export const listScoreHistory = (scope: Scope & { limit?: number; offset?: number }, signal?: AbortSignal) =>
  request("list_score_history", scope, listScoreHistoryAnswer, signal);
