// Answers of the settings page's actions beyond saving: the preview, the
// health figures, a profile's rename and the configuration history.
import { z } from "zod";
import { count, instant } from "../common/answers.ts";
import { bandNames } from "../scoring/bands.ts";
import { signalNames } from "../scoring/settings.ts";

const band = z.enum(bandNames);
const perBand = z.strictObject(Object.fromEntries(bandNames.map((b) => [b, count])) as Record<(typeof bandNames)[number], typeof count>);

export const previewSettingsAnswer = z.strictObject({
  customers: count,
  changed: count,
  moves: z.array(z.strictObject({ from: band.nullable(), to: band.nullable(), count })),
  before: perBand,
  after: perBand,
  movers: z.array(z.strictObject({
    id: z.uuid(), name: z.string(),
    from_score: z.number().nullable(), from_band: band.nullable(),
    to_score: z.number().nullable(), to_band: band.nullable(),
    change: z.number(),
  })),
  config_version: z.int(),
});
export type SettingsPreview = z.infer<typeof previewSettingsAnswer>;

export const settingsHealthAnswer = z.strictObject({
  /** Live, scorable customers (not churned, not deleted). */
  customers: count,
  bands: perBand,
  never_scored: count,
  missing: z.strictObject(Object.fromEntries(signalNames.map((s) => [s, count])) as Record<(typeof signalNames)[number], typeof count>),
  /** Customers with at least one signal older than the staleness window. */
  stale: count,
  staleness_days: count,
  profiles: z.array(z.strictObject({ name: z.string(), customers: count })),
});
export type SettingsHealth = z.infer<typeof settingsHealthAnswer>;

export const configHistoryAnswer = z.strictObject({
  entries: z.array(z.strictObject({
    version: z.int(),
    created_at: instant,
    changed_by_email: z.string().nullable(),
    changes: z.array(z.strictObject({ path: z.string(), before: z.unknown(), after: z.unknown() })),
  })),
});
export type ConfigHistory = z.infer<typeof configHistoryAnswer>;
