// scoring: preview a score without writing, rescore a customer or a whole
// client, save settings and profiles (after which the client is rescored, in
// batches: see rescore-client.ts), and the daily decay that pg_cron calls
// with the cron secret.
import { z } from "zod";
import { signalFields } from "@shared/customers/fields.ts";
import {
  bandsSchema, cadenceSchema, effectiveSettings, expansionSchema, mappingsSchema, npsCategoryOf, renewalWindowsSchema,
  scoreSignals, scoringProfileSchema, settingsSchema, signalThresholdsSchema, weightsSchema, type Signals,
} from "@shared/index.ts";
import { asSystem, type Tx } from "../_shared/db.ts";
import { HttpError, json, parseOr400, serveJson } from "../_shared/http.ts";
import { asCaller, type Caller, identify, resolveClient } from "../_shared/caller.ts";
import { requireCronSecret } from "../_shared/principal.ts";
import { loadScoringConfig, rescoreCustomers, signalsOf, type StoredSignals } from "../_shared/rescore.ts";
import { rescoreClient } from "../_shared/rescore-client.ts";

const uuid = (field: string) => z.string({ error: `${field} must be an id` }).uuid({ error: `${field} must be a valid id (uuid)` });

const previewInput = z.strictObject({
  customer_id: uuid("customer_id").optional(),
  signals: z.strictObject(Object.fromEntries(Object.entries(signalFields).map(([k, s]) => [k, s.nullable().optional()]))).optional(),
  weights: weightsSchema.optional(),
  scoring_profile: z.string().trim().min(1).max(80).optional(),
  score: z.number().min(0).max(100).nullable().optional(),
});

const settingsInput = z.strictObject({
  weights: weightsSchema.optional(),
  bands: bandsSchema.optional(),
  mappings: mappingsSchema.optional(),
  cadence: cadenceSchema.optional(),
  renewal_windows: renewalWindowsSchema.optional(),
  signal_thresholds: signalThresholdsSchema.optional(),
  expansion: expansionSchema.optional(),
});

const profileName = z.strictObject({ name: z.string({ error: "name is required" }).trim().min(1, { error: "name is required" }).max(80) });
const customerIdInput = z.strictObject({ customer_id: uuid("customer_id") });
const decayInput = z.strictObject({ now: z.iso.datetime({ offset: true, error: "now must be an ISO 8601 date-time" }).optional() });

/** Live preview: the engine on given or stored signals, with optional draft weights. Writes nothing. */
async function preview(tx: Tx, clientId: string, input: unknown) {
  const p = parseOr400(previewInput, input);
  const config = await loadScoringConfig(tx, clientId);
  let signals: Signals = {};
  let profileId: string | null = null;
  if (p.customer_id) {
    const [row] = await tx<(StoredSignals & { scoring_profile_id: string | null })[]>`
      select scoring_profile_id, logins, adoption::float8 as adoption, tickets, nps::float8 as nps, nps_category,
             csat::float8 as csat, days_since_contact, contact_baseline_at, growth
      from public.customers where id = ${p.customer_id} and client_id = ${clientId} and deleted_at is null`;
    if (!row) throw new HttpError(404, "not_found", "no customer with this id", "customer_id");
    signals = signalsOf(row, new Date());
    profileId = row.scoring_profile_id;
  }
  for (const [k, v] of Object.entries(p.signals ?? {})) {
    if (k === "nps") {
      signals.nps = typeof v === "number" ? v : null;
      signals.npsCategory = typeof v === "number" ? npsCategoryOf(v) : (v as Signals["npsCategory"]);
    } else (signals as Record<string, unknown>)[k] = v;
  }
  if (p.scoring_profile) {
    const match = [...config.profiles.entries()].find(([, prof]) => prof.name.toLowerCase() === p.scoring_profile!.toLowerCase());
    if (!match) throw new HttpError(400, "invalid_input", `scoring_profile: no profile named "${p.scoring_profile}"`, "scoring_profile");
    profileId = match[0];
  }
  let settings = effectiveSettings(config.settings, profileId ? config.profiles.get(profileId) : null);
  if (p.weights) settings = { ...settings, weights: p.weights };
  const result = scoreSignals(signals, settings, { manualScore: p.score ?? null });
  return { ...result, config_version: config.version };
}

/** Saves settings sections; the database bumps the version (the client is rescored with it after commit). */
async function updateSettings(tx: Tx, clientId: string, input: unknown) {
  const changes = parseOr400(settingsInput, input);
  const current = await loadScoringConfig(tx, clientId);
  const merged = parseOr400(settingsSchema, {
    ...current.settings,
    ...changes,
    renewalWindows: changes.renewal_windows ?? current.settings.renewalWindows,
    signalThresholds: changes.signal_thresholds ?? current.settings.signalThresholds,
  });
  const rows = await tx`
    update public.client_settings set
      weights = ${tx.json(merged.weights)}, bands = ${tx.json(merged.bands)}, mappings = ${tx.json(merged.mappings)},
      cadence = ${tx.json(merged.cadence)}, renewal_windows = ${tx.json(merged.renewalWindows)},
      signal_thresholds = ${tx.json(merged.signalThresholds)}, expansion = ${tx.json(merged.expansion)}
    where client_id = ${clientId} returning version`;
  if (rows.length === 0) throw new HttpError(403, "forbidden", "you may not change this client's settings", "client_id");
  return { version: rows[0].version, settings: merged };
}

/** Creates or replaces a profile by name. */
async function saveProfile(tx: Tx, clientId: string, input: unknown) {
  const p = parseOr400(scoringProfileSchema, input);
  const [row] = await tx`
    insert into public.scoring_profiles (client_id, name, weights, mappings, bands)
    values (${clientId}, ${p.name}, ${tx.json(p.weights)}, ${tx.json(p.mappings ?? {})}, ${p.bands ? tx.json(p.bands) : null})
    on conflict (client_id, lower(name)) do update
      set name = excluded.name, weights = excluded.weights, mappings = excluded.mappings, bands = excluded.bands
    returning id`;
  return { id: row.id, name: p.name };
}

async function deleteProfile(tx: Tx, clientId: string, input: unknown) {
  const { name } = parseOr400(profileName, input);
  const rows = await tx`delete from public.scoring_profiles where client_id = ${clientId} and lower(name) = lower(${name}) returning id`;
  if (rows.length === 0) throw new HttpError(404, "not_found", `no profile named "${name}"`, "name");
  return { deleted: true };
}

type Action = (tx: Tx, clientId: string, input: Record<string, unknown>, caller: Caller) => Promise<object>;

/** Actions after which every customer of the client is rescored with the configuration they committed. */
const rescoresClient = new Set(["rescore_client", "update_settings", "save_profile", "delete_profile"]);

const actions: Record<string, Action> = {
  preview: (tx, c, input) => preview(tx, c, input),
  rescore_customer: async (tx, c, input) => {
    const { customer_id } = parseOr400(customerIdInput, input);
    const result = await rescoreCustomers(tx, { clientId: c, ids: [customer_id], reason: "signals" });
    if (result.scanned === 0) throw new HttpError(404, "not_found", "no scorable customer with this id", "customer_id");
    return result;
  },
  rescore_client: () => Promise.resolve({}),
  update_settings: (tx, c, input) => updateSettings(tx, c, input),
  save_profile: (tx, c, input) => saveProfile(tx, c, input),
  delete_profile: (tx, c, input) => deleteProfile(tx, c, input),
};

/**
 * Decay for every live client, one transaction each. Idempotent: it derives
 * days from stored dates, and rows whose score is unchanged are not written.
 */
async function decayAsSystem(input: unknown) {
  const { now } = parseOr400(decayInput, input);
  const at = now ? new Date(now) : new Date();
  const clients = await asSystem((tx) => tx`select id from public.clients where archived_at is null order by id`);
  let scanned = 0, updated = 0;
  const failed: { client_id: string; error: string }[] = [];
  for (const { id } of clients) {
    // One client's broken configuration must not stop every other client's decay.
    try {
      const r = await rescoreClient(asSystem, { clientId: id, reason: "decay", now: at });
      scanned += r.scanned;
      updated += r.updated;
    } catch (error) {
      console.error(`decay failed for client ${id}:`, error);
      failed.push({ client_id: id, error: error instanceof Error ? error.message.slice(0, 300) : "failed" });
    }
  }
  return { clients: clients.length, scanned, updated, failed, now: at.toISOString() };
}

async function readBody(req: Request): Promise<Record<string, unknown>> {
  if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "use POST with a JSON body", "method");
  try {
    const body = await req.json();
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error();
    return body;
  } catch {
    throw new HttpError(400, "invalid_json", "the body must be a JSON object with an action", "body");
  }
}

async function handle(req: Request): Promise<Response> {
  const { action, ...input } = await readBody(req);
  if (action === "decay") {
    requireCronSecret(req);
    return json(await decayAsSystem(input));
  }
  const run = typeof action === "string" ? actions[action] : undefined;
  if (!run) throw new HttpError(400, "unknown_action", `action must be one of: ${[...Object.keys(actions), "decay"].join(", ")}`, "action");
  const caller = await identify(req);
  if (caller.kind === "api_key" && action !== "preview" && action !== "rescore_customer") {
    throw new HttpError(403, "forbidden", `${action} is for dashboard users`, "action");
  }
  const { clientId, result } = await asCaller(caller, async (tx) => {
    const clientId = await resolveClient(tx, caller, input);
    return { clientId, result: await run(tx, clientId, input, caller) };
  });
  if (!rescoresClient.has(action as string)) return json(result);
  const rescored = await rescoreClient((work) => asCaller(caller, work), { clientId, reason: "config_change" });
  return json(action === "rescore_client" ? rescored : { ...result, rescored });
}

export const handler = serveJson(handle);

if (import.meta.main) Deno.serve(handler);
