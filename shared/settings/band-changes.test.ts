import { describe, expect, test } from "vitest";
import { bandChanges, type ScoredPair } from "./band-changes.ts";

const pair = (name: string, fromScore: number | null, fromBand: ScoredPair["fromBand"], toScore: number | null, toBand: ScoredPair["toBand"]): ScoredPair =>
  ({ id: crypto.randomUUID(), name, fromScore, fromBand, toScore, toBand });

describe("bandChanges", () => {
  test("counts each from → to move once per customer and leaves unchanged bands out of the moves", () => {
    const r = bandChanges([
      pair("A", 60, "watch", 70, "healthy"),
      pair("B", 62, "watch", 66, "healthy"),
      pair("C", 20, "critical", 30, "atrisk"),
      pair("D", 90, "expansion", 91, "expansion"),
    ]);
    expect(r.customers).toBe(4);
    expect(r.changed, "three customers change band").toBe(3);
    expect(r.moves, "ordered by band, worst first").toEqual([
      { from: "critical", to: "atrisk", count: 1 },
      { from: "watch", to: "healthy", count: 2 },
    ]);
    expect(r.before).toEqual({ critical: 1, atrisk: 0, watch: 2, healthy: 0, expansion: 1 });
    expect(r.after).toEqual({ critical: 0, atrisk: 1, watch: 0, healthy: 2, expansion: 1 });
  });

  test("a never-scored customer that gets a band counts as a move from none", () => {
    const r = bandChanges([pair("New", null, null, 55, "watch")]);
    expect(r.moves).toEqual([{ from: null, to: "watch", count: 1 }]);
    expect(r.movers, "no score to move from: not a mover").toEqual([]);
  });

  test("the biggest movers are the largest score changes either way, limited, ties by name", () => {
    const pairs = Array.from({ length: 200 }, (_, i) => pair(`P${String(i).padStart(3, "0")}`, 50, "watch", 50 + (i % 7) - 3, "watch"));
    pairs.push(pair("Drop", 80, "expansion", 40, "atrisk"), pair("Rise", 10, "critical", 45, "atrisk"));
    const r = bandChanges(pairs, 3);
    expect(r.movers.map((m) => [m.name, m.change])).toEqual([["Drop", -40], ["Rise", 35], ["P000", -3]]);
  });

  test("a limit of 0 lists no movers", () => {
    expect(bandChanges([pair("A", 10, "critical", 90, "expansion")], 0).movers).toEqual([]);
  });
});
