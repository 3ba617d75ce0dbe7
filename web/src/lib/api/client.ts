// The dashboard's only way to the API: request() (reads) and send() (writes)
// to the api-inbound edge function as the signed-in user, sendWithLink()
// for an invitation link's actions, which need no sign-in, fetchFile() and postFile() for the
// routes that carry files (exports, backups, restore), and askScoring()
// for the scoring function's (flat POST {action, ...input}). Every failure — network, HTTP error, an
// answer of the wrong shape — becomes one ApiError with a message fit to show,
// so the domain modules beside this one (customers.ts, clients.ts, …) only
// name an action and the shared schema of its answer.
import { z } from "zod";
import { loadConfig } from "../config.ts";
import { getSupabase } from "../supabase.ts";

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

/** What every api-inbound failure looks like (the functions' one error helper). */
const errorAnswer = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

export type Params = Record<string, string | number | undefined | null>;

/** A query string of the params that have a value. */
function queryOf(params: Params): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  return query;
}

/** Calls a read action by query string and parses its answer with `schema`; empty params are left out. */
export function request<S extends z.ZodType>(
  action: string, params: Params, schema: S, signal?: AbortSignal,
): Promise<z.output<S>> {
  return call(action, schema, { query: queryOf({ action, ...params }), signal, signedIn: true });
}

/** Calls a write action (POST {action, data}) as the signed-in user and parses its answer with `schema`. */
export function send<S extends z.ZodType>(action: string, data: Record<string, unknown>, schema: S): Promise<z.output<S>> {
  return call(action, schema, { body: JSON.stringify({ action, data }), signedIn: true });
}

/** Calls an invitation link's action (POST), which needs no sign-in: its token is in `data`. */
export function sendWithLink<S extends z.ZodType>(action: string, data: Record<string, unknown>, schema: S): Promise<z.output<S>> {
  return call(action, schema, { body: JSON.stringify({ action, data }), signedIn: false });
}

/** Calls an action of the scoring function as the signed-in user: it takes every action by POST, its input flat beside `action`. */
export function askScoring<S extends z.ZodType>(
  action: string, input: Record<string, unknown>, schema: S, signal?: AbortSignal,
): Promise<z.output<S>> {
  return call(action, schema, { fn: "scoring", body: JSON.stringify({ action, ...input }), signal, signedIn: true });
}

/**
 * GETs a file below api-inbound (`/export.csv`) as the signed-in user: its
 * bytes and the file name the server gave it. A refusal is an ApiError, as
 * from every other call.
 */
export async function fetchFile(path: string, params: Params): Promise<{ blob: Blob; name: string | null }> {
  const response = await respond({ path, query: queryOf(params), signedIn: true });
  const name = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? null;
  return { blob: await response.blob(), name };
}

/** A read action whose answer is a file (a report's PDF or CSV), with the name the server gave it. */
export async function download(action: string, params: Params): Promise<{ blob: Blob; filename: string }> {
  const { blob, name } = await fetchFile("", { action, ...params });
  return { blob, filename: name ?? action };
}

/** POSTs a file's text to a route below api-inbound (`/restore`) as the signed-in user and parses the answer with `schema`. */
export async function postFile<S extends z.ZodType>(path: string, params: Params, text: string, schema: S): Promise<z.output<S>> {
  return call(path, schema, { path, query: queryOf(params), body: text, signedIn: true });
}

type Call = { fn?: "api-inbound" | "scoring"; path?: string; query?: URLSearchParams; body?: string; signal?: AbortSignal; signedIn: boolean };

async function call<S extends z.ZodType>(action: string, schema: S, options: Call): Promise<z.output<S>> {
  const response = await respond(options);
  const parsed = schema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) {
    // The shared schemas are strict: a field the server added or renamed shows up here, by name.
    console.error(`${options.fn ?? "api-inbound"} ${action}: unexpected answer`, parsed.error.issues);
    throw new ApiError(502, "bad_response", "Pulseboard sent an answer this page does not understand.");
  }
  return parsed.data;
}

/** Sends one request and answers its response when it is a success; every failure becomes an ApiError. */
async function respond({ fn = "api-inbound", path = "", query, body, signal, signedIn }: Call): Promise<Response> {
  const [{ url, anonKey }, supabase] = await Promise.all([loadConfig(), getSupabase()]);
  const headers: Record<string, string> = { apikey: anonKey };
  if (signedIn) {
    // getSession refreshes an expired access token before handing it out.
    const { data } = await supabase.auth.getSession();
    const token = data.session?.access_token;
    if (!token) throw new ApiError(401, "not_signed_in", "Your session has ended. Please sign in again.");
    headers.authorization = `Bearer ${token}`;
  }
  if (body !== undefined) headers["content-type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(`${url}/functions/v1/${fn}${path}${query ? `?${query}` : ""}`, {
      method: body === undefined ? "GET" : "POST", headers, body, signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, "network", "Could not reach Pulseboard. Check your connection and try again.");
  }
  if (response.ok) return response;

  // A token the server no longer accepts ends the local session; the
  // signed-in layout notices and sends the user to /login.
  if (response.status === 401 && signedIn) await supabase.auth.signOut({ scope: "local" });
  const failure = errorAnswer.safeParse(await response.json().catch(() => null));
  if (failure.success) {
    const { code, message, field } = failure.data.error;
    throw new ApiError(response.status, code, message, field);
  }
  throw new ApiError(response.status, `http_${response.status}`, `Pulseboard answered ${response.status}. Please try again.`);
}
