// How old each signal of a customer is, and whether it is stale: older than
// the client's staleness window (signalThresholds.stalenessDays, SPEC §7).
import { DAY_MS } from "../common/dates.ts";
import { type SignalName, signalNames } from "../scoring/settings.ts";

export type SignalFreshness = {
  /** When the signal's value last changed; null when it has no value (or no stamp). */
  updatedAt: string | null;
  /** Whole days since then. */
  ageDays: number | null;
  stale: boolean;
};

/** One entry per signal; a signal exactly `stalenessDays` old is not stale yet, a day more is. */
export function signalFreshness(
  updatedAt: Partial<Record<SignalName, string>>,
  now: Date,
  stalenessDays: number,
): Record<SignalName, SignalFreshness> {
  return Object.fromEntries(signalNames.map((signal) => {
    const at = updatedAt[signal] ?? null;
    const time = at === null ? NaN : Date.parse(at);
    if (Number.isNaN(time)) return [signal, { updatedAt: null, ageDays: null, stale: false }];
    const ageDays = Math.max(0, Math.floor((now.getTime() - time) / DAY_MS));
    return [signal, { updatedAt: at, ageDays, stale: ageDays > stalenessDays }];
  })) as Record<SignalName, SignalFreshness>;
}
