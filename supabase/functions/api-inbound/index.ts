// api-inbound edge function (being built).
import { json, serveJson } from "../_shared/http.ts";

export const handler = serveJson(async (_req) => json({ ok: true, function: "api-inbound" }));

if (import.meta.main) Deno.serve(handler);
