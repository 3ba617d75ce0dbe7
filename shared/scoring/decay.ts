// Dynamic decay (SPEC §3): days since contact grow with the calendar, computed from stored dates.
import { DAY_MS, utcDay } from "../common/dates.ts";

/** Whole UTC calendar days from `from` to `to`; never negative. */
export function elapsedUtcDays(from: Date, to: Date): number {
  return Math.max(0, Math.floor((utcDay(to) - utcDay(from)) / DAY_MS));
}

/**
 * Days since contact now: the saved baseline plus the whole UTC calendar days since it
 * was saved. It depends only on stored values and `now`, so a daily job may run it any
 * number of times without drifting (never "add one per run").
 */
export function daysSinceContact(
  baselineDays: number | null,
  baselineAt: string | Date | null,
  now: Date,
): number | null {
  if (baselineDays == null || !Number.isFinite(baselineDays)) return null;
  const base = Math.max(0, baselineDays);
  if (baselineAt == null) return base;
  const at = baselineAt instanceof Date ? baselineAt : new Date(baselineAt);
  if (Number.isNaN(at.getTime()) || Number.isNaN(now.getTime())) return base;
  return base + elapsedUtcDays(at, now);
}
