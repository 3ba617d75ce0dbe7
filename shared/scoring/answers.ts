// Answer schemas of the score's explanation and of the scoring function's actions.
import { z } from "zod";
import { count, instant } from "../common/answers.ts";
import { bandNames } from "./bands.ts";
import { scoringProfileSchema, settingsSchema, signalNames } from "./settings.ts";

/** One signal's share of the score, as the engine explains it (score.ts). */
export const explanationRowSchema = z.strictObject({
  signal: z.enum(signalNames),
  raw: z.union([z.number(), z.string()]).nullable(),
  mapped: z.number().nullable(),
  weight: z.number(),
  effectiveWeight: z.number(),
  contribution: z.number(),
});
export type ExplanationRow = z.infer<typeof explanationRowSchema>;

/** The one change that would raise the score most. */
export const improvementSchema = z.strictObject({
  signal: z.enum(signalNames),
  to: z.union([z.number(), z.string()]),
  gain: z.number(),
});
export type ImprovementAnswer = z.infer<typeof improvementSchema>;

/**
 * The settings a customer is scored with (the client's, overridden by its
 * profile) and the configuration version they belong to: what the browser's
 * what-if preview must score with to agree with the stored score.
 */
export const effectiveScoringSchema = z.strictObject({
  config_version: z.int(),
  scoring_profile: z.string().nullable(),
  settings: settingsSchema,
});
export type EffectiveScoring = z.infer<typeof effectiveScoringSchema>;

export const previewAnswer = z.strictObject({
  score: z.number().nullable(),
  displayScore: z.number().nullable(),
  band: z.enum(bandNames).nullable(),
  missing: z.array(z.enum(signalNames)),
  manual: z.boolean(),
  explanation: z.array(explanationRowSchema),
  bestImprovement: improvementSchema.nullable(),
  config_version: z.int(),
});

const rescoredCustomers = { scanned: count, updated: count, skipped: count };
/** What rescoring some customers did. */
export const rescoreAnswer = z.strictObject(rescoredCustomers);
/** What rescoring a whole client did, batch by batch. */
export const rescoreClientAnswer = z.strictObject({ ...rescoredCustomers, batches: count });

/**
 * The client's settings and every scoring profile, as the server scores with
 * them: what the Score Customer form previews a new or changed customer with
 * (effectiveSettings(settings, the chosen profile)), so its preview is the
 * score a save stores.
 */
export const getSettingsAnswer = z.strictObject({
  version: z.int(),
  settings: settingsSchema,
  profiles: z.array(scoringProfileSchema),
});
export type ClientScoring = z.infer<typeof getSettingsAnswer>;

export const updateSettingsAnswer = z.strictObject({ version: z.int(), settings: settingsSchema, rescored: rescoreClientAnswer });
export const saveProfileAnswer = z.strictObject({ id: z.uuid(), name: z.string(), rescored: rescoreClientAnswer });
export const deleteProfileAnswer = z.strictObject({ deleted: z.literal(true), rescored: rescoreClientAnswer });

export const decayAnswer = z.strictObject({
  clients: count,
  scanned: count,
  updated: count,
  failed: z.array(z.strictObject({ client_id: z.uuid(), error: z.string() })),
  now: instant,
});
