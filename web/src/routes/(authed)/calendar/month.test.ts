import { describe, expect, test } from "vitest";
import { monthTitle, shiftMonth, weeksOf } from "./month.ts";

describe("the calendar's month", () => {
  test("weeks start on Monday and blanks pad the first and last week", () => {
    const weeks = weeksOf("2026-12"); // 1 December 2026 is a Tuesday
    expect(weeks[0][0]).toBeNull();
    expect(weeks[0][1]).toEqual({ day: "2026-12-01", date: 1 });
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  test("previous and next month cross the year", () => {
    expect(shiftMonth("2026-12", 1)).toBe("2027-01");
    expect(shiftMonth("2026-01", -1)).toBe("2025-12");
    expect(monthTitle("2026-12")).toBe("December 2026");
  });
});
