// Scoring settings of a client (SPEC §3, §4): weights, bands, mappings, cadence, windows, thresholds, profiles.
import { z } from "zod";

export const signalNames = ["logins", "adoption", "tickets", "nps", "csat", "days", "growth"] as const;
export type SignalName = (typeof signalNames)[number];

const weight = (signal: SignalName) =>
  z.number({ error: `weights.${signal} must be a number` })
    .min(0, { error: `weights.${signal} must be between 0 and 100` })
    .max(100, { error: `weights.${signal} must be between 0 and 100` });

/** The weights without the total check, for nesting; the check is added where the object is used. */
const weightFields = z.object({
  logins: weight("logins"),
  adoption: weight("adoption"),
  tickets: weight("tickets"),
  nps: weight("nps"),
  csat: weight("csat"),
  days: weight("days"),
  growth: weight("growth"),
});
export type Weights = z.infer<typeof weightFields>;

export const defaultWeights: Weights = { logins: 25, adoption: 25, tickets: 20, nps: 15, csat: 0, days: 10, growth: 5 };

/** Sum of the weights, as the settings page shows it. */
export function weightsTotal(weights: Weights): number {
  return signalNames.reduce((sum, name) => sum + weights[name], 0);
}

/** Adds the "must total 100" issue at path ["weights"]; a tiny tolerance lets 33.3 + 33.3 + 33.4 count as 100. */
function checkTotal(weights: Weights, ctx: z.core.$RefinementCtx<unknown>) {
  const total = weightsTotal(weights);
  if (Math.abs(total - 100) > 1e-9) {
    ctx.addIssue({
      code: "custom",
      path: ["weights"],
      message: `weights must total 100 (currently ${Number(total.toFixed(6))})`,
      input: weights,
    });
  }
}

/** Weights of the seven signals; the save is refused unless they total exactly 100 (SPEC §3). */
export const weightsSchema = weightFields.superRefine(checkTotal);

const bandBound = (band: string) =>
  z.number({ error: `bands.${band} must be a number` })
    .int({ error: `bands.${band} must be a whole number` })
    .min(1, { error: `bands.${band} must be between 1 and 100` })
    .max(100, { error: `bands.${band} must be between 1 and 100` });

/** Lower bounds of the bands above Critical; Critical is everything below `atrisk`. */
export const bandsSchema = z.object({
  atrisk: bandBound("atrisk").default(25),
  watch: bandBound("watch").default(50),
  healthy: bandBound("healthy").default(65),
  expansion: bandBound("expansion").default(80),
}).refine((b) => b.atrisk < b.watch && b.watch < b.healthy && b.healthy < b.expansion, {
  error: "bands must increase strictly: atrisk < watch < healthy < expansion",
});
export type Bands = z.infer<typeof bandsSchema>;

const mappedValue = (field: string, fallback: number) =>
  z.number({ error: `${field} must be a number` })
    .min(0, { error: `${field} must be between 0 and 100` })
    .max(100, { error: `${field} must be between 0 and 100` })
    .default(fallback);
const positive = (field: string, fallback: number) =>
  z.number({ error: `${field} must be a number` }).positive({ error: `${field} must be more than 0` }).default(fallback);

const growthMappingSchema = z.object({
  none: mappedValue("mappings.growth.none", 20),
  mild: mappedValue("mappings.growth.mild", 60),
  strong: mappedValue("mappings.growth.strong", 100),
});

/** How raw signal values map onto 0–100 (SPEC §3 table). */
export const mappingsSchema = z.object({
  loginsMax: positive("mappings.loginsMax", 30),
  ticketsZeroAt: positive("mappings.ticketsZeroAt", 5),
  daysZeroAt: positive("mappings.daysZeroAt", 180),
  npsPromoter: mappedValue("mappings.npsPromoter", 100),
  npsPassive: mappedValue("mappings.npsPassive", 50),
  npsDetractor: mappedValue("mappings.npsDetractor", 0),
  csatMin: z.number().min(1).max(5).default(1),
  csatMax: z.number().min(1).max(5).default(5),
  growth: growthMappingSchema.prefault({}),
}).refine((m) => m.csatMin < m.csatMax, { error: "mappings.csatMin must be below mappings.csatMax", path: ["csatMin"] });
export type Mappings = z.infer<typeof mappingsSchema>;

const days = (field: string, fallback: number) =>
  z.number({ error: `${field} must be a number` }).int({ error: `${field} must be a whole number of days` })
    .min(0, { error: `${field} must be 0 or more` }).default(fallback);

const tierCadence = (tier: string, dueSoon: number, overdue: number) =>
  z.object({ dueSoon: days(`cadence.${tier}.dueSoon`, dueSoon), overdue: days(`cadence.${tier}.overdue`, overdue) })
    .refine((c) => c.dueSoon < c.overdue, { error: `cadence.${tier}: due soon must come before overdue`, path: ["dueSoon"] })
    .prefault({});

/** Days since contact before follow-up is flagged, per tier (SPEC §4). */
export const cadenceSchema = z.object({
  enterprise: tierCadence("enterprise", 14, 30),
  mid: tierCadence("mid", 21, 45),
  smb: tierCadence("smb", 30, 60),
});
export type Cadence = z.infer<typeof cadenceSchema>;

/** Days before renewal at which each alert level starts (SPEC §4). */
export const renewalWindowsSchema = z.object({
  attention: days("renewalWindows.attention", 60),
  warning: days("renewalWindows.warning", 30),
  critical: days("renewalWindows.critical", 14),
}).refine((w) => w.critical < w.warning && w.warning < w.attention, {
  error: "renewalWindows must narrow: attention > warning > critical",
});
export type RenewalWindows = z.infer<typeof renewalWindowsSchema>;

const threshold = (field: string, fallback: number) =>
  z.number({ error: `${field} must be a number` }).min(0, { error: `${field} must be 0 or more` }).default(fallback);

/** Detection sensitivity of the alerts (SPEC §5). */
export const signalThresholdsSchema = z.object({
  lowLogins: threshold("signalThresholds.lowLogins", 5),
  lowAdoption: threshold("signalThresholds.lowAdoption", 30),
  ticketAlert: threshold("signalThresholds.ticketAlert", 3),
  lowCsat: threshold("signalThresholds.lowCsat", 2),
  expansionMrr: threshold("signalThresholds.expansionMrr", 3000),
  expansionQuietDays: threshold("signalThresholds.expansionQuietDays", 30),
  scoreDrop: threshold("signalThresholds.scoreDrop", 15),
  /** The days within which a fall of scoreDrop points from the highest score opens a recovery case (SPEC §5). */
  scoreDropDays: days("signalThresholds.scoreDropDays", 7),
  /** A signal not updated for more days than this is marked stale on the customer's record (SPEC §7). */
  stalenessDays: days("signalThresholds.stalenessDays", 30),
});
export type SignalThresholds = z.infer<typeof signalThresholdsSchema>;

/** Upsell estimate for Expansion-band accounts (SPEC §4). */
export const expansionSchema = z.object({
  percentOfMrr: z.number({ error: "expansion.percentOfMrr must be a number" })
    .min(0, { error: "expansion.percentOfMrr must be between 0 and 100" })
    .max(100, { error: "expansion.percentOfMrr must be between 0 and 100" })
    .default(20),
});
export type Expansion = z.infer<typeof expansionSchema>;

/** A client's whole scoring configuration; every section defaults, so `parse({})` gives the defaults. */
export const settingsSchema = z.object({
  weights: weightFields.default(defaultWeights),
  bands: bandsSchema.prefault({}),
  mappings: mappingsSchema.prefault({}),
  cadence: cadenceSchema.prefault({}),
  renewalWindows: renewalWindowsSchema.prefault({}),
  signalThresholds: signalThresholdsSchema.prefault({}),
  expansion: expansionSchema.prefault({}),
}).superRefine((s, ctx) => checkTotal(s.weights, ctx));
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({});

/** Mappings a profile may override: any subset, growth values included one by one. */
const mappingOverrides = z.object({
  loginsMax: z.number().positive(),
  ticketsZeroAt: z.number().positive(),
  daysZeroAt: z.number().positive(),
  npsPromoter: z.number().min(0).max(100),
  npsPassive: z.number().min(0).max(100),
  npsDetractor: z.number().min(0).max(100),
  csatMin: z.number().min(1).max(5),
  csatMax: z.number().min(1).max(5),
  growth: z.object({
    none: z.number().min(0).max(100),
    mild: z.number().min(0).max(100),
    strong: z.number().min(0).max(100),
  }).partial(),
}).partial();

/** A named preset assigned per customer; it overrides the client's weights and optionally mappings and bands. */
export const scoringProfileSchema = z.object({
  name: z.string({ error: "name must be a string" }).trim()
    .min(1, { error: "name is required" }).max(80, { error: "name is at most 80 characters" }),
  weights: weightFields,
  mappings: mappingOverrides.optional(),
  bands: bandsSchema.optional(),
}).superRefine((p, ctx) => checkTotal(p.weights, ctx));
export type ScoringProfile = z.infer<typeof scoringProfileSchema>;

/** The settings a customer is scored with: the client's, overridden by the customer's profile. */
export function effectiveSettings(settings: Settings, profile?: ScoringProfile | null): Settings {
  if (!profile) return settings;
  const { growth, ...rest } = profile.mappings ?? {};
  return {
    ...settings,
    weights: { ...profile.weights },
    bands: profile.bands ? { ...profile.bands } : settings.bands,
    mappings: { ...settings.mappings, ...definedOnly(rest), growth: { ...settings.mappings.growth, ...definedOnly(growth ?? {}) } },
  };
}

/** Keys explicitly set to undefined must not erase the client's value. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
