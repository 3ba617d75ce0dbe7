// Contact cadence (SPEC §4): whether a follow-up is due, by tier and days since contact.
import type { Cadence } from "../scoring/settings.ts";

export type Tier = keyof Cadence;
export const cadenceStatuses = ["ok", "due_soon", "overdue"] as const;
export type CadenceStatus = (typeof cadenceStatuses)[number];

/** Reaching a threshold counts: an enterprise account untouched for exactly 30 days is overdue. */
export function cadenceStatus(
  tier: Tier | null | undefined,
  days: number | null | undefined,
  cadence: Cadence,
): CadenceStatus | null {
  if (tier == null || days == null) return null;
  const rule = cadence[tier];
  if (!rule) return null;
  if (days >= rule.overdue) return "overdue";
  if (days >= rule.dueSoon) return "due_soon";
  return "ok";
}
