// Renewal urgency (SPEC §4): days to renewal and the alert level of its window.
import type { RenewalWindows } from "../scoring/settings.ts";
import { daysUntil } from "../common/dates.ts";

export const renewalLevels = ["critical", "warning", "attention"] as const;
export type RenewalLevel = (typeof renewalLevels)[number];

/**
 * Escalates attention → warning → critical as the renewal nears; each window includes its
 * boundary day. A renewal date already past stays critical until someone updates it.
 */
export function renewalUrgency(
  renewalDate: string | Date | null | undefined,
  now: Date,
  windows: RenewalWindows,
): { days: number | null; level: RenewalLevel | null } {
  const days = daysUntil(renewalDate, now);
  if (days === null) return { days, level: null };
  if (days <= windows.critical) return { days, level: "critical" };
  if (days <= windows.warning) return { days, level: "warning" };
  if (days <= windows.attention) return { days, level: "attention" };
  return { days, level: null };
}
