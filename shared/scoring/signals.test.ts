import { describe, expect, it } from "vitest";
import { defaultSettings, type SignalName } from "./settings.ts";
import { mapSignal, npsCategoryOf, rawSignal, signalsSchema, type Signals } from "./signals.ts";

const m = defaultSettings.mappings;
const mapped = (name: SignalName, signals: Signals) => mapSignal(name, signals, m);

describe("mapSignal with the reference's default mappings", () => {
  it.each([
    { signal: "logins", input: { logins: 0 }, expected: 0 },
    { signal: "logins", input: { logins: 15 }, expected: 50 },
    { signal: "logins", input: { logins: 30 }, expected: 100 },
    { signal: "logins", input: { logins: 45 }, expected: 100 },
    { signal: "adoption", input: { adoption: 0 }, expected: 0 },
    { signal: "adoption", input: { adoption: 42.5 }, expected: 42.5 },
    { signal: "adoption", input: { adoption: 100 }, expected: 100 },
    { signal: "tickets", input: { tickets: 0 }, expected: 100 },
    { signal: "tickets", input: { tickets: 1 }, expected: 80 },
    { signal: "tickets", input: { tickets: 4 }, expected: 20 },
    { signal: "tickets", input: { tickets: 5 }, expected: 0 },
    { signal: "tickets", input: { tickets: 12 }, expected: 0 },
    { signal: "days", input: { days: 0 }, expected: 100 },
    { signal: "days", input: { days: 90 }, expected: 50 },
    { signal: "days", input: { days: 180 }, expected: 0 },
    { signal: "days", input: { days: 400 }, expected: 0 },
    { signal: "csat", input: { csat: 1 }, expected: 0 },
    { signal: "csat", input: { csat: 3 }, expected: 50 },
    { signal: "csat", input: { csat: 5 }, expected: 100 },
    { signal: "nps", input: { nps: 10 }, expected: 100 },
    { signal: "nps", input: { nps: 9 }, expected: 100 },
    { signal: "nps", input: { nps: 8 }, expected: 50 },
    { signal: "nps", input: { nps: 7 }, expected: 50 },
    { signal: "nps", input: { nps: 6 }, expected: 0 },
    { signal: "nps", input: { nps: 0 }, expected: 0 },
    { signal: "nps", input: { npsCategory: "promoter" }, expected: 100 },
    { signal: "nps", input: { npsCategory: "passive" }, expected: 50 },
    { signal: "nps", input: { npsCategory: "detractor" }, expected: 0 },
    { signal: "growth", input: { growth: "none" }, expected: 20 },
    { signal: "growth", input: { growth: "mild" }, expected: 60 },
    { signal: "growth", input: { growth: "strong" }, expected: 100 },
  ] as { signal: SignalName; input: Signals; expected: number }[])(
    "maps $signal $input to $expected",
    ({ signal, input, expected }) => {
      expect(mapped(signal, input)).toBeCloseTo(expected, 10);
    },
  );

  it.each(["logins", "adoption", "tickets", "nps", "csat", "days", "growth"] as SignalName[])(
    "gives null for %s when the customer has no value, whether absent or cleared",
    (signal) => {
      expect(mapped(signal, {})).toBeNull();
      expect(mapped(signal, { [signal]: null })).toBeNull();
    },
  );

  it("prefers the numeric nps over the category when both are present", () => {
    expect(mapped("nps", { nps: 3, npsCategory: "promoter" })).toBe(0);
    expect(rawSignal("nps", { nps: 3, npsCategory: "promoter" })).toBe(3);
  });

  it("falls back to the nps category when the number is cleared", () => {
    expect(mapped("nps", { nps: null, npsCategory: "passive" })).toBe(50);
    expect(rawSignal("nps", { nps: null, npsCategory: "passive" })).toBe("passive");
  });

  it("follows custom mappings such as 60 logins for full marks and a zero-valued detractor", () => {
    const custom = { ...m, loginsMax: 60, npsPassive: 40, growth: { ...m.growth, mild: 50 } };
    expect(mapSignal("logins", { logins: 30 }, custom)).toBe(50);
    expect(mapSignal("nps", { nps: 8 }, custom)).toBe(40);
    expect(mapSignal("growth", { growth: "mild" }, custom)).toBe(50);
  });
});

describe("npsCategoryOf", () => {
  it.each([[10, "promoter"], [9, "promoter"], [8.5, "passive"], [7, "passive"], [6.9, "detractor"], [0, "detractor"]] as const)(
    "puts an NPS of %s in the %s category",
    (nps, category) => {
      expect(npsCategoryOf(nps)).toBe(category);
    },
  );
});

describe("signalsSchema", () => {
  it("accepts an empty customer and cleared signals", () => {
    expect(signalsSchema.parse({})).toEqual({});
    expect(signalsSchema.parse({ logins: null, growth: null })).toEqual({ logins: null, growth: null });
  });

  it.each([
    { logins: -1 }, { logins: 2.5 }, { adoption: 101 }, { tickets: -2 }, { nps: 11 },
    { npsCategory: "fan" }, { csat: 0 }, { csat: 6 }, { days: -1 }, { growth: "huge" },
  ])("refuses the out-of-range signal %o", (input) => {
    expect(signalsSchema.safeParse(input).success).toBe(false);
  });
});
