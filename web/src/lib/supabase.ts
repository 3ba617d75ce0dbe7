// The one supabase-js client of the dashboard, created from the runtime
// configuration. The session persists in localStorage (supabase-js's default)
// and refreshes itself, so a reload keeps the user signed in.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { loadConfig } from "./config.ts";

let client: Promise<SupabaseClient> | undefined;

export function getSupabase(): Promise<SupabaseClient> {
  client ??= loadConfig().then(({ url, anonKey }) => createClient(url, anonKey));
  client.catch(() => (client = undefined));
  return client;
}
