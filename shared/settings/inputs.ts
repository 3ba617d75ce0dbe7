// Input schemas of the settings page's actions beyond saving: the preview of
// a draft on the client's real customers, the settings' health figures,
// renaming a profile and the configuration history.
import { z } from "zod";
import { updateSettingsInput } from "../scoring/inputs.ts";
import { scoringProfileSchema } from "../scoring/settings.ts";

/** Sections of the client's settings to replace (update_settings' input): what the preview scores. */
export const settingsDraft = updateSettingsInput;

const profileName = (field: string) =>
  z.string({ error: `${field} is required` }).trim().min(1, { error: `${field} is required` })
    .max(80, { error: `${field} is at most 80 characters` });

export const settingsInputs = {
  preview_settings: settingsDraft.extend({
    /** A draft of one profile (matched by name): its customers are scored with it. */
    profile: scoringProfileSchema.optional(),
    movers: z.int({ error: "movers must be a whole number" }).min(0).max(50, { error: "movers is at most 50" }).default(10),
  }),
  settings_health: z.strictObject({}),
  rename_profile: z.strictObject({ name: profileName("name"), new_name: profileName("new_name") }),
  list_config_history: z.strictObject({
    limit: z.coerce.number().int().min(1, { error: "limit must be between 1 and 100" }).max(100, { error: "limit must be between 1 and 100" }).default(20),
    before_version: z.coerce.number().int().min(1).optional(),
  }),
} as const;
