import { describe, expect, it } from "vitest";
import { bandLabels, bandNames, bandOf, type Band } from "./bands.ts";
import { defaultSettings } from "./settings.ts";

describe("bandOf with the default thresholds", () => {
  it.each([
    [0, "critical"], [24, "critical"], [24.49, "critical"], [24.5, "atrisk"], [25, "atrisk"], [49, "atrisk"],
    [50, "watch"], [64, "watch"], [65, "healthy"], [79, "healthy"], [79.6, "expansion"], [80, "expansion"], [100, "expansion"],
  ] as [number, Band][])("puts a score of %s in the %s band", (score, band) => {
    expect(bandOf(score, defaultSettings.bands)).toBe(band);
  });

  it("uses custom thresholds when a client moves the band edges", () => {
    const bands = { atrisk: 30, watch: 55, healthy: 70, expansion: 90 };
    expect(bandOf(29, bands)).toBe("critical");
    expect(bandOf(30, bands)).toBe("atrisk");
    expect(bandOf(89, bands)).toBe("healthy");
    expect(bandOf(90, bands)).toBe("expansion");
  });
});

describe("bandLabels", () => {
  it("gives every band the label the dashboard shows", () => {
    expect(bandNames.map((b) => bandLabels[b])).toEqual(["Critical", "At Risk", "Watch", "Healthy", "Expansion"]);
  });
});
