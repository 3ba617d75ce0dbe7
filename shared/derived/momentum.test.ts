import { describe, expect, it } from "vitest";
import { momentum } from "./momentum.ts";

describe("momentum", () => {
  it.each([
    { scores: [50, 55], trend: "improving", delta: 5 },
    { scores: [60, 62, 71], trend: "improving", delta: 11 },
    { scores: [80, 70, 62], trend: "declining", delta: -18 },
    { scores: [50, 47], trend: "declining", delta: -3 },
    { scores: [50, 52], trend: "steady", delta: 2 },
    { scores: [40, 90, 41], trend: "steady", delta: 1 },
  ])("reads $scores (oldest first) as $trend by $delta points", ({ scores, trend, delta }) => {
    expect(momentum(scores)).toEqual({ trend, delta });
  });

  it("is steady with no change when there are fewer than two scores", () => {
    expect(momentum([])).toEqual({ trend: "steady", delta: 0 });
    expect(momentum([72])).toEqual({ trend: "steady", delta: 0 });
  });
});
