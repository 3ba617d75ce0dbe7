// The five health bands (SPEC §3) and which one a score falls in.
import type { Bands } from "./settings.ts";

export const bandNames = ["critical", "atrisk", "watch", "healthy", "expansion"] as const;
export type Band = (typeof bandNames)[number];

export const bandLabels: Record<Band, string> = {
  critical: "Critical",
  atrisk: "At Risk",
  watch: "Watch",
  healthy: "Healthy",
  expansion: "Expansion",
};

/**
 * The band of a score. The displayed (rounded) score decides, so a customer shown
 * as 25 is never labelled Critical: 24.5 is At Risk by default.
 */
export function bandOf(score: number, bands: Bands): Band {
  const s = Math.round(score);
  if (s >= bands.expansion) return "expansion";
  if (s >= bands.healthy) return "healthy";
  if (s >= bands.watch) return "watch";
  if (s >= bands.atrisk) return "atrisk";
  return "critical";
}
