// The scoring function's actions, by domain.
import { registry } from "../_shared/registry.ts";
import { previewActions } from "./actions/preview.ts";
import { rescoreActions } from "./actions/rescore.ts";
import { settingsActions } from "./actions/settings.ts";
import { settingsPreviewActions } from "./actions/settings-preview.ts";

export const scoringActions = registry(previewActions, rescoreActions, settingsActions, settingsPreviewActions);
