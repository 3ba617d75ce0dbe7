// The functions' environment, parsed once at start-up and failing loudly.
// Names starting SUPABASE_ are reserved by the platform, so our own secrets
// are DB_URL, JWT_SECRET and CRON_SECRET (set with `supabase secrets set`).
import { z } from "zod";
import { parseAllowList } from "./ip-ranges.ts";

const envSchema = z.object({
  DB_URL: z.string().url(),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters"),
  CRON_SECRET: z.string().min(16).optional(),
  SUPABASE_URL: z.string().url().optional(),
  SUPABASE_SERVICE_ROLE_KEY: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  // A whole-client rescore: customers per transaction, and transactions at once.
  RESCORE_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
  RESCORE_WORKERS: z.coerce.number().int().min(1).max(8).default(2),
  // Prepared statements cannot cross transactions in Supavisor's transaction
  // mode (port 6543); a direct or session connection keeps them.
  DB_PREPARE: z.enum(["true", "false"]).optional(),
  // Tests: every answer is parsed by its action's answer schema (serve-actions.ts).
  CHECK_ANSWERS: z.enum(["true", "false"]).optional(),
  // E-mail (invitation links) through a Resend-compatible HTTP API:
  // POST {EMAIL_API_URL}/emails with EMAIL_API_KEY as bearer. Unset, an
  // e-mail is written to the function's log instead (local development).
  EMAIL_API_URL: z.string().url().optional(),
  EMAIL_API_KEY: z.string().optional(),
  EMAIL_FROM: z.string().default("Pulseboard <no-reply@pulseboard.local>"),
  // Where the dashboard is, for links in e-mails (defaults to SUPABASE_URL,
  // which serves the dashboard in the local stack).
  SITE_URL: z.string().url().optional(),
  // Private hosts and ranges outbound requests may reach (outbound.ts), e.g.
  // "127.0.0.1,::1,10.1.2.0/24,hooks.internal"; none unless listed.
  ALLOW_PRIVATE_TARGETS: z.string().default("").transform((text, ctx) => {
    try {
      return parseAllowList(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  }),
});

export type Env = z.infer<typeof envSchema>;

let parsed: Env | undefined;

/** The environment, read on first use so that tests can set it before. */
export function env(): Env {
  if (!parsed) {
    const result = envSchema.safeParse(Deno.env.toObject());
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid function environment: ${problems.join("; ")}`);
    }
    parsed = result.data;
  }
  return parsed;
}
