// The dashboard's only way to the API: typed calls to the api-inbound edge
// function as the signed-in user. Every failure — network, HTTP error, an
// answer of the wrong shape — becomes one ApiError with a message fit to show.
import type { z } from "zod";
import { loadConfig } from "../config.ts";
import { getSupabase } from "../supabase.ts";
import {
  errorResponse, getCustomerResponse, listClientsResponse, listCustomersResponse,
  type Band, type SortField, type SortOrder,
} from "./schemas.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Params = Record<string, string | number | undefined | null>;

async function request<S extends z.ZodType>(action: string, params: Params, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
  const [{ url, anonKey }, supabase] = await Promise.all([loadConfig(), getSupabase()]);
  // getSession refreshes an expired access token before handing it out.
  const { data } = await supabase.auth.getSession();
  const token = data.session?.access_token;
  if (!token) throw new ApiError(401, "not_signed_in", "Your session has ended. Please sign in again.");

  const query = new URLSearchParams({ action });
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }

  let response: Response;
  try {
    response = await fetch(`${url}/functions/v1/api-inbound?${query}`, {
      headers: { authorization: `Bearer ${token}`, apikey: anonKey },
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, "network", "Could not reach Pulseboard. Check your connection and try again.");
  }

  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    // A token the server no longer accepts ends the local session; the
    // signed-in layout notices and sends the user to /login.
    if (response.status === 401) await supabase.auth.signOut({ scope: "local" });
    const failure = errorResponse.safeParse(body);
    if (failure.success) {
      const { code, message, field } = failure.data.error;
      throw new ApiError(response.status, code, message, field);
    }
    throw new ApiError(response.status, `http_${response.status}`, `Pulseboard answered ${response.status}. Please try again.`);
  }

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    console.error(`api-inbound ${action}: unexpected answer`, parsed.error.issues);
    throw new ApiError(502, "bad_response", "Pulseboard sent an answer this page does not understand.");
  }
  return parsed.data;
}

export type CustomerQuery = {
  client_id: string;
  status?: Band;
  search?: string;
  sort?: SortField;
  order?: SortOrder;
  limit?: number;
  offset?: number;
};

export const api = {
  /** The clients the user may see, each with the user's role for it. */
  listClients: (signal?: AbortSignal) => request("list_clients", {}, listClientsResponse, signal),

  /** One page of a client's customers. */
  listCustomers: (query: CustomerQuery, signal?: AbortSignal) =>
    request("list_customers", query, listCustomersResponse, signal),

  /** One customer with its score explanation and recent score history. */
  getCustomer: (query: { client_id: string; id: string }, signal?: AbortSignal) =>
    request("get_customer", query, getCustomerResponse, signal),
};
