// The Score Customer form's calls: the client's scoring settings (the scoring
// function), a customer by name, and the save (upsert_account by name).
import { getCustomerAnswer, writeCustomerAnswer } from "@shared/customers/answers.ts";
import { getSettingsAnswer } from "@shared/scoring/answers.ts";
import { ApiError, askScoring, request, send } from "./client.ts";

/** The client's settings and scoring profiles, as the server scores with them. */
export const getClientScoring = (clientId: string, signal?: AbortSignal) =>
  askScoring("get_settings", { client_id: clientId }, getSettingsAnswer, signal);

/** The live customer of this name (any case), or null when there is none. */
export async function findCustomerByName(clientId: string, name: string, signal?: AbortSignal) {
  try {
    return (await request("get_customer", { client_id: clientId, name }, getCustomerAnswer, signal)).customer;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Creates the customer of `data.name`, or updates it; signal fields rescore it. */
export const upsertAccount = (clientId: string, data: Record<string, unknown>) =>
  send("upsert_account", { client_id: clientId, ...data }, writeCustomerAnswer);
