import { describe, expect, it } from "vitest";
import { defaultSettings } from "../scoring/settings.ts";
import { cadenceStatus } from "./cadence.ts";

const cadence = defaultSettings.cadence;

describe("cadenceStatus with the default cadence", () => {
  it.each([
    ["enterprise", 13, "ok"], ["enterprise", 14, "due_soon"], ["enterprise", 29, "due_soon"], ["enterprise", 30, "overdue"],
    ["mid", 20, "ok"], ["mid", 21, "due_soon"], ["mid", 44, "due_soon"], ["mid", 45, "overdue"],
    ["smb", 29, "ok"], ["smb", 30, "due_soon"], ["smb", 59, "due_soon"], ["smb", 60, "overdue"], ["smb", 0, "ok"],
  ] as const)("rates a %s account untouched for %s days as %s", (tier, days, status) => {
    expect(cadenceStatus(tier, days, cadence)).toBe(status);
  });

  it("has no status without a tier or without days since contact", () => {
    expect(cadenceStatus(null, 40, cadence)).toBeNull();
    expect(cadenceStatus("smb", null, cadence)).toBeNull();
  });

  it("follows a client's own cadence", () => {
    const custom = { ...cadence, smb: { dueSoon: 7, overdue: 10 } };
    expect(cadenceStatus("smb", 8, custom)).toBe("due_soon");
    expect(cadenceStatus("smb", 10, custom)).toBe("overdue");
  });
});
