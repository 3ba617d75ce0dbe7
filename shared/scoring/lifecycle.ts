// Lifecycle auto-transitions (SPEC §2): an active account whose score falls to
// Critical or At Risk becomes atrisk, and comes back once Healthy again.
import type { Band } from "./bands.ts";

export const lifecycles = ["onboarding", "active", "atrisk", "won", "churned"] as const;
export type Lifecycle = (typeof lifecycles)[number];

/** The lifecycle after a rescore that put the customer in `band`. */
export function nextLifecycle(lifecycle: string, band: Band | null): string {
  if (lifecycle === "active" && (band === "critical" || band === "atrisk")) return "atrisk";
  if (lifecycle === "atrisk" && (band === "healthy" || band === "expansion")) return "active";
  return lifecycle;
}
