// What the api-inbound tests share: an HTTP caller that speaks the reference
// API exactly as Zapier does, a superuser connection for looking behind the
// API, throwaway clients with their own keys, and the data fingerprint that
// proves a refused request wrote nothing.
import { createHash, randomBytes } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import postgres from "postgres";
import { stack } from "../../stack/context.ts";

export type Reply = { status: number; body: any; headers: Headers };

export const endpoint = () => `${stack().url}/functions/v1/api-inbound`;

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch { /* a non-JSON answer stays text, and tests say so */ }
  return { status: res.status, body, headers: res.headers };
}

/** One way of authenticating: an API key or a user's bearer token. */
export type Auth = { apiKey: string } | { token: string };

function authHeaders(auth: Auth): Record<string, string> {
  return "apiKey" in auth ? { "x-api-key": auth.apiKey } : { authorization: `Bearer ${auth.token}` };
}

/** GET ?action=…&… — the query string is built by hand when `query` is a string, so tests can send it verbatim. */
export async function get(auth: Auth, query: string | Record<string, string | number>): Promise<Reply> {
  const qs = typeof query === "string" ? query : new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  return reply(await fetch(`${endpoint()}?${qs}`, { headers: authHeaders(auth) }));
}

/** POST {action, data}, or a raw body when `body` is a string. */
export async function post(auth: Auth, body: string | { action: string; data?: unknown }, headers: Record<string, string> = {}): Promise<Reply> {
  return reply(await fetch(endpoint(), {
    method: "POST",
    headers: { "content-type": "application/json", ...authHeaders(auth), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  }));
}

export const demoKey = (i: number): Auth => ({ apiKey: stack().demo.clients[i].apiKey });

let sql: postgres.Sql | undefined;

/** The superuser: sees every client, bypasses RLS. For setting up and checking only. */
export function superuser(): postgres.Sql {
  sql ??= postgres(stack().dbUrl, { max: 2, onnotice: () => {} });
  return sql;
}

export async function closeSuperuser() {
  await sql?.end({ timeout: 2 });
  sql = undefined;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * A fresh client in the demo agency with its own API key, so a test can write
 * freely (or be rate limited) without disturbing the demo clients.
 */
export async function makeClient(overrides: { name?: string; rateLimitPerMinute?: number } = {}) {
  const db = superuser();
  const [agency] = await db`select agency_id from public.clients where id = ${stack().demo.clients[0].id}`;
  const name = overrides.name ?? `Test client ${randomBytes(4).toString("hex")}`;
  const [client] = await db`insert into public.clients (agency_id, name) values (${agency.agency_id}, ${name}) returning id`;
  const apiKey = `pb_${randomBytes(20).toString("hex")}`;
  const [key] = await db`
    insert into public.api_keys (client_id, key_hash, prefix, label, rate_limit_per_minute)
    values (${client.id}, ${sha256Hex(apiKey)}, ${apiKey.slice(0, 10)}, 'Test key', ${overrides.rateLimitPerMinute ?? 600})
    returning id`;
  return { id: client.id as string, name, apiKey, keyId: key.id as string, auth: { apiKey } as Auth };
}

/**
 * What a refused request must leave alone: customers (count and newest
 * change) and score history (count), for one client or all of them.
 */
export async function fingerprint(clientId?: string) {
  const db = superuser();
  const only = clientId ? db`where client_id = ${clientId}` : db``;
  const [c] = await db`select count(*)::int as n, max(updated_at)::text as latest from public.customers ${only}`;
  const [h] = await db`select count(*)::int as n from public.score_history ${only}`;
  return { customers: c.n as number, latest: c.latest as string | null, history: h.n as number };
}

/** A signed-in dashboard user's access token, through supabase-js as the dashboard gets it. */
export async function signIn(role: "owner" | "member"): Promise<Auth> {
  const user = stack().demo.users.find((u) => u.role === role)!;
  const client = createClient(stack().url, stack().anonKey, { auth: { persistSession: false, autoRefreshToken: false } });
  const { data, error } = await client.auth.signInWithPassword({ email: user.email, password: user.password });
  if (error) throw error;
  return { token: data.session!.access_token };
}

/** A customer's row as stored, for checks behind the API. */
export async function storedCustomer(id: string) {
  const [row] = await superuser()`select *, score::float8 as score from public.customers where id = ${id}`;
  return row;
}

export const historyCount = async (customerId: string) =>
  (await superuser()`select count(*)::int as n from public.score_history where customer_id = ${customerId}`)[0].n as number;
