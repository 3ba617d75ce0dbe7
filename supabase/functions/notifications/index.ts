// notifications: drains the outbox (drain.ts) when pg_cron rings with the
// cron secret. Requests are POST {action, ...input}.
import { readFlatRequest } from "../_shared/requests.ts";
import { serveActions } from "../_shared/serve-actions.ts";
import { notificationActions } from "./registry.ts";

export const handler = serveActions({ name: "notifications", actions: notificationActions, read: readFlatRequest });

if (import.meta.main) Deno.serve(handler);
