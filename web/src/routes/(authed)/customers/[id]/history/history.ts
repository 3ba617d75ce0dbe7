// The History tab's figures: the chart's points oldest first, and a marker
// wherever the scoring configuration changed between two entries (a new
// config_version, or a rescore because of it).
import type { ScoreHistoryEntry } from "@shared/record/answers.ts";
import type { ChartMarker, ChartPoint } from "$lib/components/charts/types.ts";

export function chartOf(newestFirst: ScoreHistoryEntry[]): { points: ChartPoint[]; markers: ChartMarker[] } {
  const entries = newestFirst.filter((e) => e.score !== null).toReversed();
  const points = entries.map((e) => ({ x: Date.parse(e.created_at), y: e.score! }));
  const markers: ChartMarker[] = [];
  for (const [i, e] of entries.entries()) {
    const before = entries[i - 1];
    const newVersion = before && e.config_version !== null && before.config_version !== null && e.config_version !== before.config_version;
    if (newVersion || (e.reason === "config_change" && before?.reason !== "config_change")) {
      markers.push({ x: Date.parse(e.created_at), label: `Settings v${e.config_version ?? "?"}` });
    }
  }
  return { points, markers };
}

/** Keeps at most two picks: a third replaces the older pick. Unpicking removes it. */
export function togglePick(picked: string[], id: string): string[] {
  if (picked.includes(id)) return picked.filter((p) => p !== id);
  return [...picked, id].slice(-2);
}
