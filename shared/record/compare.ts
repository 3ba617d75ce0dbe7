// Two score-history snapshots side by side: each signal's value in both and
// what changed, by how much (SPEC §3 "the history tab can compare two updates").
import { type SignalName, signalNames } from "../scoring/settings.ts";

export type SignalChange = {
  signal: SignalName;
  before: number | string | null;
  after: number | string | null;
  /** after − before for numbers; null when either is missing or not a number. */
  delta: number | null;
  changed: boolean;
};

export type Snapshot = { score: number | null; signals: Record<string, unknown> };

/** A snapshot's value of a signal: NPS falls back to its category, as the score does. */
function valueOf(signals: Record<string, unknown>, signal: SignalName): number | string | null {
  const v = signal === "nps" ? (signals.nps ?? signals.nps_category) : signals[signal];
  if (typeof v === "number" || typeof v === "string") return v;
  return null;
}

/** Every signal, older snapshot first; numbers compared to 1/10,000 (the stored precision). */
export function compareSnapshots(older: Snapshot, newer: Snapshot): { score: SignalChange["delta"]; signals: SignalChange[] } {
  const delta = (a: unknown, b: unknown) =>
    typeof a === "number" && typeof b === "number" ? Math.round((b - a) * 10_000) / 10_000 + 0 : null; // + 0: no -0
  return {
    score: delta(older.score, newer.score),
    signals: signalNames.map((signal) => {
      const before = valueOf(older.signals, signal);
      const after = valueOf(newer.signals, signal);
      const d = delta(before, after);
      return { signal, before, after, delta: d, changed: d === null ? before !== after : d !== 0 };
    }),
  };
}
