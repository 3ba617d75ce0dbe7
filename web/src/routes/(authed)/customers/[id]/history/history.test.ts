import { describe, expect, test } from "vitest";
import type { ScoreHistoryEntry } from "@shared/record/answers.ts";
import { chartOf, togglePick } from "./history.ts";

const entry = (id: number, day: number, score: number | null, config_version: number | null, reason = "signals"): ScoreHistoryEntry => ({
  id: String(id), score, status: null, reason, signals: {}, config_version, created_at: `2026-11-${String(day).padStart(2, "0")}T10:00:00.000Z`,
});

describe("chartOf", () => {
  test("plots the scores oldest first, leaving out entries without a score", () => {
    const { points } = chartOf([entry(3, 3, 60, 1), entry(2, 2, null, 1), entry(1, 1, 50, 1)]);
    expect(points.map((p) => p.y)).toEqual([50, 60]);
    expect(points[0].x).toBeLessThan(points[1].x);
  });

  test("marks where the configuration version changed, once per change", () => {
    const { markers } = chartOf([entry(4, 4, 70, 3, "config_change"), entry(3, 3, 65, 2, "config_change"), entry(2, 2, 60, 1), entry(1, 1, 55, 1)]);
    expect(markers.map((m) => m.label)).toEqual(["Settings v2", "Settings v3"]);
    expect(markers[0].x).toBe(Date.parse("2026-11-03T10:00:00.000Z"));
  });

  test("a config_change rescore marks the change even without versions to compare", () => {
    expect(chartOf([entry(2, 2, 60, null, "config_change"), entry(1, 1, 55, null)]).markers).toHaveLength(1);
  });
});

describe("togglePick", () => {
  test("picks up to two, a third replacing the older; picking again unpicks", () => {
    expect(togglePick([], "a")).toEqual(["a"]);
    expect(togglePick(["a"], "b")).toEqual(["a", "b"]);
    expect(togglePick(["a", "b"], "c")).toEqual(["b", "c"]);
    expect(togglePick(["a", "b"], "a")).toEqual(["b"]);
  });
});
