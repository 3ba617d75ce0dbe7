import { describe, expect, test } from "vitest";
import { compareSnapshots } from "./compare.ts";

describe("compareSnapshots", () => {
  test("numbers change by their difference, unchanged ones by zero", () => {
    const c = compareSnapshots(
      { score: 52.5, signals: { logins: 10, adoption: 40, tickets: 3, growth: "mild" } },
      { score: 61, signals: { logins: 22, adoption: 40, tickets: 1, growth: "strong" } },
    );
    expect(c.score).toBe(8.5);
    const by = Object.fromEntries(c.signals.map((s) => [s.signal, s]));
    expect(by.logins).toMatchObject({ before: 10, after: 22, delta: 12, changed: true });
    expect(by.adoption).toMatchObject({ delta: 0, changed: false });
    expect(by.tickets.delta).toBe(-2);
    expect(by.growth, "a category changes without a number").toMatchObject({ before: "mild", after: "strong", delta: null, changed: true });
  });

  test("a signal that appears or disappears is a change without a delta", () => {
    const c = compareSnapshots({ score: null, signals: { csat: null } }, { score: 40, signals: { csat: 4 } });
    expect(c.score).toBeNull();
    expect(c.signals.find((s) => s.signal === "csat")).toMatchObject({ before: null, after: 4, delta: null, changed: true });
    expect(c.signals.find((s) => s.signal === "days")).toMatchObject({ before: null, after: null, changed: false });
  });

  test("NPS reads its category when only the category was reported", () => {
    const c = compareSnapshots({ score: 1, signals: { nps_category: "passive" } }, { score: 1, signals: { nps: 9, nps_category: "promoter" } });
    expect(c.signals.find((s) => s.signal === "nps")).toMatchObject({ before: "passive", after: 9, delta: null, changed: true });
  });

  test("floating-point noise is not a change", () => {
    const c = compareSnapshots({ score: 0.1 + 0.2, signals: { adoption: 0.1 + 0.2 } }, { score: 0.3, signals: { adoption: 0.3 } });
    expect(c.score).toBe(0);
    expect(c.signals.find((s) => s.signal === "adoption")!.changed).toBe(false);
  });
});
