// A client's scoring settings and profiles. Each save commits, then the
// client is rescored with the configuration it committed, in batches
// (decision 003); the answer says what the rescore did.
import { deleteProfileAnswer, getSettingsAnswer, saveProfileAnswer, updateSettingsAnswer } from "@shared/scoring/answers.ts";
import { deleteProfileInput, getSettingsInput, saveProfileInput, updateSettingsInput } from "@shared/scoring/inputs.ts";
import { settingsSchema } from "@shared/index.ts";
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
