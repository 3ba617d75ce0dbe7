// notifications edge function (being built).
import { json, serveJson } from "../_shared/http.ts";

export const handler = serveJson(async (_req) => json({ ok: true, function: "notifications" }));

if (import.meta.main) Deno.serve(handler);
