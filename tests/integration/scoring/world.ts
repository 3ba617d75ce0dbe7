// A scoring test file's own world: a fresh agency with one client, its owner
// (a real user who signs in through /auth/v1) and an API key, plus the calls
// the tests make — api-inbound with the key, scoring as the owner or as cron —
// and a superuser connection for looking underneath.
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { stack } from "../../stack/context.ts";

export type Sql = postgres.Sql;
export type Reply = { status: number; body: any };

export type World = {
  sql: Sql;
  suffix: string;
  agencyId: string;
  clientId: string;
  ownerId: string;
  ownerToken: string;
  apiKey: string;
  /** POST /functions/v1/api-inbound {action, data} with the client's API key. */
  api(action: string, data?: Record<string, unknown>): Promise<Reply>;
  /** POST /functions/v1/scoring as the owner (client_id filled in). */
  scoring(action: string, input?: Record<string, unknown>): Promise<Reply>;
  /** POST /functions/v1/scoring with arbitrary headers, body as given. */
  post(fn: string, body: unknown, headers?: Record<string, string>): Promise<Reply>;
  end(): Promise<void>;
};

/** The functions' cron secret: the stack's secrets file, else Vault (read as superuser). */
export async function cronSecret(sql: Sql): Promise<string> {
  const { dataDir } = stack();
  try {
    return JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")).cronSecret;
  } catch {
    const [row] = await sql`select decrypted_secret from vault.decrypted_secrets where name = 'cron_secret'`;
    return row.decrypted_secret;
  }
}

async function call(fn: string, body: unknown, headers: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${stack().url}/functions/v1/${fn}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch { /* keep the text */ }
  return { status: res.status, body: parsed };
}

/** A GoTrue call of the local gateway; throws on anything but 200. */
async function auth(path: string, key: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${stack().url}/auth/v1${path}`, {
    method: "POST",
    headers: { apikey: key, authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`auth ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Creates the world and commits it; names carry a random suffix so files never collide. */
export async function makeWorld(label: string): Promise<World> {
  const { anonKey, serviceRoleKey, dbUrl } = stack();
  const sql = postgres(dbUrl, { max: 3, onnotice: () => {} });
  const suffix = randomBytes(4).toString("hex");
  const email = `owner.${label}.${suffix}@scoring.test`;
  const password = `pw-${randomBytes(8).toString("hex")}`;

  // Plain fetch against /auth/v1 (supabase-js needs a WebSocket that Node 20 lacks).
  const ownerId = (await auth("/admin/users", serviceRoleKey, { email, password, email_confirm: true })).id as string;

  const apiKey = `pb_${randomBytes(20).toString("hex")}`;
  const { agencyId, clientId } = await sql.begin(async (tx) => {
    const [agency] = await tx`insert into public.agencies (name) values (${`Scoring ${label} ${suffix}`}) returning id`;
    await tx`insert into public.agency_members (agency_id, user_id, role) values (${agency.id}, ${ownerId}, 'owner')`;
    const [client] = await tx`insert into public.clients (agency_id, name) values (${agency.id}, ${`Client ${label} ${suffix}`}) returning id`;
    await tx`insert into public.api_keys (client_id, key_hash, prefix, label, created_by)
             values (${client.id}, ${createHash("sha256").update(apiKey).digest("hex")}, ${apiKey.slice(0, 10)}, ${label}, ${ownerId})`;
    return { agencyId: agency.id as string, clientId: client.id as string };
  });

  const ownerToken = (await auth("/token?grant_type=password", anonKey, { email, password })).access_token as string;

  return {
    sql, suffix, agencyId, clientId, ownerId, ownerToken, apiKey,
    api: (action, data = {}) => call("api-inbound", { action, data }, { "x-api-key": apiKey }),
    scoring: (action, input = {}) =>
      call("scoring", { action, client_id: clientId, ...input }, { authorization: `Bearer ${ownerToken}` }),
    post: (fn, body, headers = {}) => call(fn, body, headers),
    end: () => sql.end(),
  };
}

/** A customer row as the scoring engine reads it, straight from the table. */
export async function customerRow(sql: Sql, id: string) {
  const [row] = await sql`
    select id, name, lifecycle, score::float8 as score, status, score_manual, score_missing, config_version,
           scoring_profile_id, logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category,
           csat::float8 as csat, days_since_contact, contact_baseline_at, growth, previous_score::float8 as previous_score
    from public.customers where id = ${id}`;
  return row;
}

/** Every score_history row of a customer, oldest first. */
export async function historyOf(sql: Sql, customerId: string) {
  return sql`select score::float8 as score, status, reason, signals, config_version, created_at
             from public.score_history where customer_id = ${customerId} order by id`;
}
