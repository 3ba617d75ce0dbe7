// The notifications function's actions, by domain.
import { registry } from "../_shared/registry.ts";
import { drainActions } from "./drain.ts";

export const notificationActions = registry(drainActions);
