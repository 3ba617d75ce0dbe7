// scoring: preview a score without writing, rescore a customer or a whole
// client, save settings and profiles (after which the client is rescored, in
// batches: see rescore-client.ts), and the daily decay that pg_cron calls
// with the cron secret. Requests are POST {action, ...input}.
import { readFlatRequest } from "../_shared/requests.ts";
import { serveActions } from "../_shared/serve-actions.ts";
import { scoringActions } from "./registry.ts";

export const handler = serveActions({ name: "scoring", actions: scoringActions, read: readFlatRequest });

if (import.meta.main) Deno.serve(handler);
