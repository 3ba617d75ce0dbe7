// Short insights written from the numbers of a chart (SPEC §7 Trends and
// Segments): momentum, acceleration, divergence from an overlay, the spread
// between segments and where risk sits. Pure: the same sentences in the
// dashboard and the reports.
import type { TrendMetric } from "./inputs.ts";
import { lowerIsBetter, metricLabels } from "./rollups.ts";

export type SeriesPoint = { day: string; value: number | null };

/** Moves smaller than this share of the metric's scale are called steady. */
const STEADY = 0.02;

const known = (points: SeriesPoint[]) => points.filter((p): p is { day: string; value: number } => p.value !== null);

/** "4.2", "1,250": one decimal below 100, whole numbers above. */
export function figure(n: number): string {
  const abs = Math.abs(n);
  return abs >= 100 ? Math.round(n).toLocaleString("en-US") : (Math.round(n * 10) / 10).toString();
}

const scaleOf = (values: number[]) => Math.max(1, ...values.map(Math.abs));

/** The change of a series from its first known value to its last. */
export function changeOf(points: SeriesPoint[]): { from: number; to: number; delta: number } | null {
  const k = known(points);
  if (k.length < 2) return null;
  return { from: k[0].value, to: k[k.length - 1].value, delta: k[k.length - 1].value - k[0].value };
}

function direction(metric: TrendMetric, delta: number, scale: number): "better" | "worse" | "steady" {
  if (Math.abs(delta) < STEADY * scale) return "steady";
  return (delta > 0) !== lowerIsBetter.has(metric) ? "better" : "worse";
}

/**
 * Insights of one trend line: its momentum over the range, whether the last
 * third moved faster or slower than the first, and how far an overlay (a
 * manager's portfolio) sits from it and whether the gap grew.
 */
export function trendInsights(metric: TrendMetric, points: SeriesPoint[], overlay?: { name: string; points: SeriesPoint[] }): string[] {
  const label = metricLabels[metric];
  const k = known(points);
  const change = changeOf(points);
  if (!change) return [`Not enough history yet for ${label.toLowerCase()}: insights need at least two days with figures.`];
  const scale = scaleOf(k.map((p) => p.value));
  const out: string[] = [];
  const way = direction(metric, change.delta, scale);
  out.push(way === "steady"
    ? `${label} held steady over the range (${figure(change.from)} → ${figure(change.to)}).`
    : `${label} ${change.delta > 0 ? "rose" : "fell"} ${figure(Math.abs(change.delta))} over the range (${figure(change.from)} → ${figure(change.to)}): ${way === "better" ? "an improvement" : "a decline"}.`);

  if (k.length >= 6) {
    const third = Math.floor(k.length / 3);
    const early = k[third].value - k[0].value;
    const late = k[k.length - 1].value - k[k.length - 1 - third].value;
    if (Math.abs(late) >= 2 * Math.abs(early) && Math.abs(late) >= STEADY * scale) {
      out.push(`The movement sped up lately: ${late > 0 ? "+" : "−"}${figure(Math.abs(late))} in the last third of the range against ${early >= 0 ? "+" : "−"}${figure(Math.abs(early))} in the first.`);
    } else if (Math.abs(early) >= 2 * Math.abs(late) && Math.abs(early) >= STEADY * scale) {
      out.push(`The movement slowed down: ${early >= 0 ? "+" : "−"}${figure(Math.abs(early))} in the first third of the range, ${late >= 0 ? "+" : "−"}${figure(Math.abs(late))} in the last.`);
    }
  }

  if (overlay) {
    const byDay = new Map(known(overlay.points).map((p) => [p.day, p.value]));
    const both = k.filter((p) => byDay.has(p.day));
    if (both.length >= 2) {
      const gap = (p: { day: string; value: number }) => byDay.get(p.day)! - p.value;
      const [first, last] = [gap(both[0]), gap(both[both.length - 1])];
      const side = last >= 0 ? "above" : "below";
      const trend = Math.abs(last) - Math.abs(first);
      out.push(`${overlay.name} is ${figure(Math.abs(last))} ${side} the portfolio; the gap ${Math.abs(trend) < STEADY * scale ? "held" : trend > 0 ? `widened by ${figure(trend)}` : `narrowed by ${figure(-trend)}`} over the range.`);
    }
  }
  return out;
}

export type SegmentLine = { segment: string; points: SeriesPoint[]; at_risk_percent: number | null; count: number };

/**
 * Insights across segments: which moved most each way, whether they drew
 * together or apart (the spread between the best and the worst at the start
 * and at the end), and the segment with the largest share at risk.
 */
export function segmentInsights(metric: TrendMetric, lines: SegmentLine[]): string[] {
  const label = metricLabels[metric].toLowerCase();
  const moved = lines.map((l) => ({ l, c: changeOf(l.points) })).filter((m) => m.c !== null) as { l: SegmentLine; c: NonNullable<ReturnType<typeof changeOf>> }[];
  const out: string[] = [];
  if (moved.length === 0) return [`Not enough history yet to compare segments by ${label}.`];
  const scale = scaleOf(moved.flatMap((m) => [m.c.from, m.c.to]));
  const better = (d: number) => (lowerIsBetter.has(metric) ? -d : d);
  const sorted = [...moved].sort((a, b) => better(b.c.delta) - better(a.c.delta));
  const [best, worst] = [sorted[0], sorted[sorted.length - 1]];
  if (direction(metric, best.c.delta, scale) === "better") {
    out.push(`Momentum: ${best.l.segment} improved most (${label} ${best.c.delta > 0 ? "+" : "−"}${figure(Math.abs(best.c.delta))}).`);
  }
  if (worst !== best && direction(metric, worst.c.delta, scale) === "worse") {
    out.push(`${worst.l.segment} slipped most (${label} ${worst.c.delta > 0 ? "+" : "−"}${figure(Math.abs(worst.c.delta))}).`);
  }
  if (moved.length >= 2) {
    const spread = (pick: "from" | "to") => Math.max(...moved.map((m) => m.c[pick])) - Math.min(...moved.map((m) => m.c[pick]));
    const [start, end] = [spread("from"), spread("to")];
    if (Math.abs(end - start) >= STEADY * scale) {
      out.push(end < start
        ? `Convergence: the segments drew together (spread ${figure(start)} → ${figure(end)}).`
        : `Divergence: the segments drifted apart (spread ${figure(start)} → ${figure(end)}).`);
    } else {
      out.push(`The spread between segments held at about ${figure(end)}.`);
    }
  }
  const risky = lines.filter((l) => l.at_risk_percent !== null && l.count > 0).sort((a, b) => b.at_risk_percent! - a.at_risk_percent!)[0];
  if (risky && risky.at_risk_percent! > 0) {
    out.push(`Risk: ${risky.segment} has the largest share at risk (${Math.round(risky.at_risk_percent!)}% of ${risky.count} accounts in Critical or At Risk).`);
  }
  return out;
}

export type ManagerFigures = { manager: string; accounts: number; at_risk_percent: number | null; overdue: number; week_change: number | null };

/**
 * Focus areas of CSM Performance: managers whose share at risk is well above
 * the team's, who have many overdue contacts, or whose book declined this week.
 */
export function focusAreas(managers: ManagerFigures[]): string[] {
  const named = managers.filter((m) => m.manager !== "" && m.accounts > 0);
  if (named.length === 0) return [];
  const total = named.reduce((n, m) => n + m.accounts, 0);
  const teamRisk = named.reduce((n, m) => n + ((m.at_risk_percent ?? 0) / 100) * m.accounts, 0) / total * 100;
  const out: string[] = [];
  for (const m of named) {
    if (m.at_risk_percent !== null && m.at_risk_percent >= teamRisk + 10) {
      out.push(`${m.manager}: ${Math.round(m.at_risk_percent)}% of accounts at risk against ${Math.round(teamRisk)}% for the team.`);
    }
    if (m.overdue >= Math.max(3, m.accounts * 0.2)) out.push(`${m.manager}: ${m.overdue} accounts are overdue for contact.`);
    if (m.week_change !== null && m.week_change <= -2) out.push(`${m.manager}: the book's average health fell ${figure(-m.week_change)} points this week.`);
  }
  return out.length ? out : ["No manager stands out: risk, overdue contacts and this week's movement are even across the team."];
}
