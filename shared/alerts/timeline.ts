// A recovery case's timeline (SPEC §5): each score change with the signals that moved since the entry before it.
export type HistoryEntry = {
  at: string; score: number | null; status: string | null; reason: string; signals: Record<string, unknown>;
};
export type SignalChange = { signal: string; from: unknown; to: unknown };

/** Entries oldest first; the first entry shows no changes (nothing before it to compare with). */
export function timelineOf(entries: readonly HistoryEntry[]) {
  return entries.map((e, i) => {
    const before = i > 0 ? entries[i - 1].signals : null;
    const changes: SignalChange[] = before === null ? [] : [...new Set([...Object.keys(before), ...Object.keys(e.signals)])]
      .filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(e.signals[k] ?? null))
      .sort()
      .map((signal) => ({ signal, from: before[signal] ?? null, to: e.signals[signal] ?? null }));
    return { at: e.at, score: e.score, status: e.status, reason: e.reason, changes };
  });
}
