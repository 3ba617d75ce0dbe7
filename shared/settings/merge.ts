// Applying a settings draft (the sections the page edits) to a client's
// settings: what a save stores and what its preview scores with, one rule for
// both. The result is validated by the caller (settingsSchema), so a refusal
// is answered as a 400 naming the field.
import type { z } from "zod";
import type { Settings } from "../scoring/settings.ts";
import type { settingsDraft } from "./inputs.ts";

export type SettingsDraft = z.output<typeof settingsDraft>;

/** The settings with the sections `draft` names replaced, in settingsSchema's shape. */
export function mergeSettings(current: Settings, draft: SettingsDraft): Record<keyof Settings, unknown> {
  return {
    weights: draft.weights ?? current.weights,
    bands: draft.bands ?? current.bands,
    mappings: draft.mappings ?? current.mappings,
    cadence: draft.cadence ?? current.cadence,
    renewalWindows: draft.renewal_windows ?? current.renewalWindows,
    signalThresholds: draft.signal_thresholds ?? current.signalThresholds,
    expansion: draft.expansion ?? current.expansion,
  };
}
