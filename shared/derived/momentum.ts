// Momentum (SPEC §4): the trend of a customer's score over its recent updates.
export const trends = ["improving", "declining", "steady"] as const;
export type Trend = (typeof trends)[number];

/** Moves smaller than this many points are noise, not a trend. */
export const STEADY_BAND = 3;

/** Trend from oldest to newest score; fewer than two scores is steady with no change. */
export function momentum(recentScores: number[]): { trend: Trend; delta: number } {
  const scores = recentScores.filter((s) => Number.isFinite(s));
  if (scores.length < 2) return { trend: "steady", delta: 0 };
  const delta = scores[scores.length - 1] - scores[0];
  if (delta >= STEADY_BAND) return { trend: "improving", delta };
  if (delta <= -STEADY_BAND) return { trend: "declining", delta };
  return { trend: "steady", delta };
}
