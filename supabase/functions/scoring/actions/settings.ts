// A client's scoring settings and profiles. Each save commits, then the
// client is rescored with the configuration it committed, in batches
// (decision 003); the answer says what the rescore did.
import { deleteProfileAnswer, getSettingsAnswer, saveProfileAnswer, updateSettingsAnswer } from "@shared/scoring/answers.ts";
import { deleteProfileInput, getSettingsInput, saveProfileInput, updateSettingsInput } from "@shared/scoring/inputs.ts";
import { settingsSchema } from "@shared/index.ts";
import { configHistoryAnswer } from "@shared/settings/answers.ts";
import { configChanges, type ConfigSnapshot } from "@shared/settings/config-diff.ts";
import { settingsInputs } from "@shared/settings/inputs.ts";
import { mergeSettings } from "@shared/settings/merge.ts";
import { HttpError, parseOr400 } from "../../_shared/http.ts";
import { type AfterCommit, clientAction, editors, readers } from "../../_shared/registry.ts";
import { loadScoringConfig } from "../../_shared/rescore.ts";
import { rescoreClientAsCaller } from "./rescore.ts";

const thenRescore: AfterCommit = async ({ caller, clientId, result }) =>
  ({ ...(result as object), rescored: await rescoreClientAsCaller(caller, clientId) });

const save = { write: true, roles: editors, access: "user", afterCommit: thenRescore } as const;

export const settingsActions = {
  get_settings: clientAction({
    summary: "The client's scoring settings and profiles, as the server scores with them (for the browser's live preview)",
    write: false, roles: readers, access: "user",
    input: getSettingsInput, answer: getSettingsAnswer,
    /** Read from the same loader every rescore uses, so a preview with these settings is the score a save stores. */
    async run({ tx, clientId }) {
      const config = await loadScoringConfig(tx, clientId);
      const profiles = [...config.profiles.values()].toSorted((a, b) => a.name.localeCompare(b.name));
      return { version: config.version, settings: config.settings, profiles };
    },
  }),

  update_settings: clientAction({
    ...save, summary: "Save sections of the client's settings (weights, bands, mappings, cadence, windows, thresholds, expansion)",
    input: updateSettingsInput, answer: updateSettingsAnswer,
    /** Saves settings sections; the database bumps the version (the client is rescored with it after commit). */
    async run({ tx, clientId, input: changes }) {
      const current = await loadScoringConfig(tx, clientId);
      const merged = parseOr400(settingsSchema, mergeSettings(current.settings, changes));
      const rows = await tx`
        update public.client_settings set
          weights = ${tx.json(merged.weights)}, bands = ${tx.json(merged.bands)}, mappings = ${tx.json(merged.mappings)},
          cadence = ${tx.json(merged.cadence)}, renewal_windows = ${tx.json(merged.renewalWindows)},
          signal_thresholds = ${tx.json(merged.signalThresholds)}, expansion = ${tx.json(merged.expansion)}
        where client_id = ${clientId} returning version`;
      if (rows.length === 0) throw new HttpError(403, "forbidden", "you may not change this client's settings", "client_id");
      return { version: rows[0].version, settings: merged };
    },
  }),

  save_profile: clientAction({
    ...save, summary: "Create or replace a scoring profile by name (weights, optionally mappings and bands)",
    input: saveProfileInput, answer: saveProfileAnswer,
    async run({ tx, clientId, input: p }) {
      const [row] = await tx`
        insert into public.scoring_profiles (client_id, name, weights, mappings, bands)
        values (${clientId}, ${p.name}, ${tx.json(p.weights)}, ${tx.json(p.mappings ?? {})}, ${p.bands ? tx.json(p.bands) : null})
        on conflict (client_id, lower(name)) do update
          set name = excluded.name, weights = excluded.weights, mappings = excluded.mappings, bands = excluded.bands
        returning id`;
      return { id: row.id, name: p.name };
    },
  }),

  rename_profile: clientAction({
    ...save, summary: "Rename a scoring profile; its customers keep it",
    input: settingsInputs.rename_profile, answer: saveProfileAnswer,
    async run({ tx, clientId, input: { name, new_name } }) {
      const rows = await tx`update public.scoring_profiles set name = ${new_name}
                            where client_id = ${clientId} and lower(name) = lower(${name}) returning id`;
      if (rows.length === 0) throw new HttpError(404, "not_found", `no profile named "${name}"`, "name");
      return { id: rows[0].id, name: new_name };
    },
  }),

  list_config_history: clientAction({
    summary: "The client's configuration versions, newest first, each with who saved it and what changed",
    write: false, roles: readers, access: "user",
    input: settingsInputs.list_config_history, answer: configHistoryAnswer,
    async run({ tx, clientId, input: { limit, before_version } }) {
      // One more than asked: the oldest shown is compared with the one before it.
      const rows = await tx`
        select h.version, h.created_at, h.settings, h.profiles, p.email
        from public.config_history h
        left join public.agency_people((select agency_id from public.clients where id = ${clientId})) p on p.user_id = h.changed_by
        where h.client_id = ${clientId} ${before_version ? tx`and h.version < ${before_version}` : tx``}
        order by h.version desc limit ${limit + 1}`;
      const snapshot = (r: (typeof rows)[number] | undefined): ConfigSnapshot | null =>
        r ? { settings: r.settings, profiles: r.profiles } : null;
      return {
        entries: rows.slice(0, limit).map((r, i) => ({
          version: r.version, created_at: r.created_at, changed_by_email: r.email ?? null,
          changes: configChanges(snapshot(rows[i + 1]), snapshot(r)!),
        })),
      };
    },
  }),

  delete_profile: clientAction({
    ...save, summary: "Delete a scoring profile; its customers fall back to the client's settings",
    input: deleteProfileInput, answer: deleteProfileAnswer,
    async run({ tx, clientId, input: { name } }) {
      const rows = await tx`delete from public.scoring_profiles where client_id = ${clientId} and lower(name) = lower(${name}) returning id`;
      if (rows.length === 0) throw new HttpError(404, "not_found", `no profile named "${name}"`, "name");
      return { deleted: true };
    },
  }),
};
