// The health score of one customer (SPEC §3): weighted average, explanation and best next change.
import { bandOf, type Band } from "./bands.ts";
import { signalNames, type Settings, type SignalName } from "./settings.ts";
import { mapSignal, rawSignal, type Signals } from "./signals.ts";

export interface SignalExplanation {
  signal: SignalName;
  /** What the customer reported (nps: the number, else its category). */
  raw: number | string | null;
  /** The raw value on the 0–100 scale; null when missing. */
  mapped: number | null;
  /** The configured weight. */
  weight: number;
  /** The weight after renormalising over the present signals, in percent; 0 when missing. */
  effectiveWeight: number;
  /** Points this signal adds to the score; the contributions sum to the computed score. */
  contribution: number;
}

export interface Improvement {
  signal: SignalName;
  /** The raw value to aim for. */
  to: number | string;
  /** Points the computed score would rise by. */
  gain: number;
}

export interface ScoreResult {
  score: number | null;
  displayScore: number | null;
  band: Band | null;
  missing: SignalName[];
  manual: boolean;
  explanation: SignalExplanation[];
  bestImprovement: Improvement | null;
}

/** The best raw value of each signal under the current mappings. */
function bestRaw(name: SignalName, settings: Settings): number | string {
  const m = settings.mappings;
  switch (name) {
    case "logins": return m.loginsMax;
    case "adoption": return 100;
    case "tickets": return 0;
    case "days": return 0;
    case "nps": return 10;
    case "csat": return m.csatMax;
    case "growth": return (["strong", "mild", "none"] as const).reduce((a, b) => (m.growth[b] > m.growth[a] ? b : a));
  }
}

/** Weighted average of the present, weighted signals, with its explanation; null score when none is present. */
function compute(signals: Signals, settings: Settings) {
  const rows = signalNames.map((signal) => ({
    signal,
    raw: rawSignal(signal, signals),
    mapped: mapSignal(signal, signals, settings.mappings),
    weight: settings.weights[signal],
  }));
  const counted = (r: (typeof rows)[number]) => r.mapped !== null && r.weight > 0;
  const presentWeight = rows.filter(counted).reduce((sum, r) => sum + r.weight, 0);
  const explanation: SignalExplanation[] = rows.map((r) => {
    const effectiveWeight = counted(r) ? (r.weight / presentWeight) * 100 : 0;
    return { ...r, effectiveWeight, contribution: ((r.mapped ?? 0) * effectiveWeight) / 100 };
  });
  const score = presentWeight > 0
    ? Math.min(100, Math.max(0, explanation.reduce((sum, r) => sum + r.contribution, 0)))
    : null;
  const missing = rows.filter((r) => r.weight > 0 && r.mapped === null).map((r) => r.signal);
  return { score, explanation, missing };
}

/** The single signal change (to its best value, or adding a missing one) that raises the computed score most. */
function findBestImprovement(signals: Signals, settings: Settings, current: number | null): Improvement | null {
  if (current === null) return null;
  let best: Improvement | null = null;
  for (const signal of signalNames) {
    if (settings.weights[signal] <= 0) continue;
    const to = bestRaw(signal, settings);
    const changed: Signals = { ...signals, [signal]: to };
    const next = compute(changed, settings).score ?? current;
    const gain = next - current;
    // Float noise must not turn "already at best" into a suggestion.
    if (gain > 1e-9 && (best === null || gain > best.gain)) best = { signal, to, gain };
  }
  return best;
}

/**
 * Scores a customer. A manual score (API or form) overrides score and band, but the
 * explanation and best improvement still describe the signals, so the user sees both.
 */
export function scoreSignals(
  signals: Signals,
  settings: Settings,
  opts: { manualScore?: number | null; bestImprovement?: boolean } = {},
): ScoreResult {
  const computed = compute(signals, settings);
  const manual = opts.manualScore != null && Number.isFinite(opts.manualScore);
  const score = manual ? Math.min(100, Math.max(0, opts.manualScore as number)) : computed.score;
  return {
    score,
    displayScore: score === null ? null : Math.round(score),
    band: score === null ? null : bandOf(score, settings.bands),
    missing: computed.missing,
    manual,
    explanation: computed.explanation,
    // Bulk rescoring stores only the score: it may skip the search (seven extra scorings).
    bestImprovement: opts.bestImprovement === false ? null : findBestImprovement(signals, settings, computed.score),
  };
}
