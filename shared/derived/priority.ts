// Priority score (SPEC §4): how urgently an account needs a CSM, from renewal proximity and health risk.
import { daysUntil } from "../common/dates.ts";

export const priorityLevels = ["critical", "high", "medium", "low"] as const;
export type PriorityLevel = (typeof priorityLevels)[number];

/** Beyond this many days a renewal adds nothing to the urgency. */
export const PROXIMITY_HORIZON_DAYS = 180;

/**
 * Renewal proximity on 0–100: 100 when due today or overdue, falling linearly to 0
 * at 180 days out; 0 with no renewal date (the reference names the factor but not its curve).
 */
export function renewalProximity(renewalDate: string | Date | null | undefined, now: Date): number {
  const days = daysUntil(renewalDate, now);
  if (days === null) return 0;
  if (days <= 0) return 100;
  return Math.max(0, (1 - days / PROXIMITY_HORIZON_DAYS) * 100);
}

/**
 * 60% renewal proximity + 40% inverse health, rounded to an integer so the level always
 * agrees with the number shown. Unknown health adds no risk: the account ranks by renewal alone.
 */
export function priorityScore(input: {
  health: number | null;
  renewalDate: string | Date | null | undefined;
  now: Date;
}): number {
  const risk = input.health == null ? 0 : 100 - Math.min(100, Math.max(0, input.health));
  return Math.round(0.6 * renewalProximity(input.renewalDate, input.now) + 0.4 * risk);
}

/** Critical 70+, High 45–69, Medium 20–44, Low under 20. */
export function priorityLevel(priority: number): PriorityLevel {
  if (priority >= 70) return "critical";
  if (priority >= 45) return "high";
  if (priority >= 20) return "medium";
  return "low";
}
