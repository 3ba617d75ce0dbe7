// Input schemas of the scoring function's actions: the live preview, settings
// and profiles, rescoring, and the daily decay.
import { z } from "zod";
import { uuid } from "../common/ids.ts";
import { signalFields } from "../customers/fields.ts";
import {
  bandsSchema, cadenceSchema, expansionSchema, mappingsSchema, renewalWindowsSchema, signalThresholdsSchema, weightsSchema,
} from "./settings.ts";

export { scoringProfileSchema as saveProfileInput } from "./settings.ts";

export const previewInput = z.strictObject({
  customer_id: uuid("customer_id").optional(),
  signals: z.strictObject(Object.fromEntries(Object.entries(signalFields).map(([k, s]) => [k, s.nullable().optional()]))).optional(),
  weights: weightsSchema.optional(),
  scoring_profile: z.string().trim().min(1).max(80).optional(),
  score: z.number().min(0).max(100).nullable().optional(),
});

/** Nothing but the client (client_id, resolved by the wrapper). */
export const getSettingsInput = z.strictObject({});

/** Sections of the client's settings to replace; the rest stay as they are. */
export const updateSettingsInput = z.strictObject({
  weights: weightsSchema.optional(),
  bands: bandsSchema.optional(),
  mappings: mappingsSchema.optional(),
  cadence: cadenceSchema.optional(),
  renewal_windows: renewalWindowsSchema.optional(),
  signal_thresholds: signalThresholdsSchema.optional(),
  expansion: expansionSchema.optional(),
});

export const deleteProfileInput = z.strictObject({
  name: z.string({ error: "name is required" }).trim().min(1, { error: "name is required" }).max(80),
});
export const rescoreCustomerInput = z.strictObject({ customer_id: uuid("customer_id") });
export const rescoreClientInput = z.object({});
export const decayInput = z.strictObject({
  now: z.iso.datetime({ offset: true, error: "now must be an ISO 8601 date-time" }).optional(),
});
