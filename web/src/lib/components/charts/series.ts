// Lines of a multi-line chart: days with a value or a gap (null), a colour
// each from one palette, and the helpers the chart layers share.
export type SeriesLine = { label: string; points: { day: string; value: number | null }[]; dashed?: boolean };

/** Distinct, readable on white, none of them a band colour. */
export const palette = ["#4f46e5", "#0891b2", "#c026d3", "#65a30d", "#ea580c", "#0f766e", "#9333ea", "#b45309"];

export const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The extent of every known value, widened a little so a flat line is not glued to an edge. */
export function extentOf(lines: SeriesLine[], fallback: [number, number] = [0, 100]): [number, number] {
  const values = lines.flatMap((l) => l.points.map((p) => p.value)).filter((v): v is number => v !== null);
  if (values.length === 0) return fallback;
  let [lo, hi] = [Math.min(...values), Math.max(...values)];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.08;
  return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
}

/** An SVG path through the known points; a null starts a new piece, so gaps stay gaps. */
export function pathOf(points: SeriesLine["points"], x: (day: string) => number, y: (v: number) => number): string {
  let out = "";
  let pen = false;
  for (const p of points) {
    if (p.value === null) { pen = false; continue; }
    out += `${pen ? "L" : "M"}${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  }
  return out;
}
