// The Settings page's calls to the scoring function: the settings and
// profiles, their health figures, the preview of a draft, the saves, and the
// configuration history.
import { deleteProfileAnswer, getSettingsAnswer, saveProfileAnswer, updateSettingsAnswer } from "@shared/scoring/answers.ts";
import type { ScoringProfile } from "@shared/scoring/settings.ts";
import { configHistoryAnswer, previewSettingsAnswer, settingsHealthAnswer } from "@shared/settings/answers.ts";
import type { SettingsDraft } from "@shared/settings/merge.ts";
import { askScoring } from "./client.ts";

export const getSettings = (clientId: string, signal?: AbortSignal) =>
  askScoring("get_settings", { client_id: clientId }, getSettingsAnswer, signal);
export const getSettingsHealth = (clientId: string, signal?: AbortSignal) =>
  askScoring("settings_health", { client_id: clientId }, settingsHealthAnswer, signal);
export const previewSettings = (clientId: string, draft: SettingsDraft & { profile?: ScoringProfile }, signal?: AbortSignal) =>
  askScoring("preview_settings", { client_id: clientId, ...draft }, previewSettingsAnswer, signal);
export const updateSettings = (clientId: string, draft: SettingsDraft) =>
  askScoring("update_settings", { client_id: clientId, ...draft }, updateSettingsAnswer);
export const saveProfile = (clientId: string, profile: ScoringProfile) =>
  askScoring("save_profile", { client_id: clientId, ...profile }, saveProfileAnswer);
export const renameProfile = (clientId: string, name: string, newName: string) =>
  askScoring("rename_profile", { client_id: clientId, name, new_name: newName }, saveProfileAnswer);
export const deleteProfile = (clientId: string, name: string) =>
  askScoring("delete_profile", { client_id: clientId, name }, deleteProfileAnswer);
export const listConfigHistory = (clientId: string, signal?: AbortSignal) =>
  askScoring("list_config_history", { client_id: clientId, limit: 50 }, configHistoryAnswer, signal);
