// The dashboard's runtime configuration: where Supabase is and its anon key.
// It is fetched from /config.json at startup rather than baked into the build,
// so one build runs against the local stack and any hosted project alike.
import { z } from "zod";

const configSchema = z.object({
  url: z.string().url(),
  anonKey: z.string().min(1),
});
export type Config = z.infer<typeof configSchema>;

let loading: Promise<Config> | undefined;

/** Loads and checks /config.json once; later calls share the first answer. */
export function loadConfig(): Promise<Config> {
  loading ??= (async () => {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
    const parsed = configSchema.safeParse(await response.json());
    if (!parsed.success) throw new Error("/config.json must be {\"url\": \"https://…\", \"anonKey\": \"…\"}");
    // The API is addressed as `${url}/functions/v1/…`: no trailing slash.
    return { ...parsed.data, url: parsed.data.url.replace(/\/+$/, "") };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
