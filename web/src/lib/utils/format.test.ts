import { describe, expect, test } from "vitest";
import { formatDate, formatDateTime, formatMoney, formatTier } from "./format.ts";

describe("formatMoney", () => {
  test.each([
    [1250, "$1,250"],
    [12340.6, "$12,341"],
    [0, "$0"],
    [null, "–"],
  ])("shows %s as %s: whole dollars with separators, an en dash when unknown", (value, shown) => {
    expect(formatMoney(value)).toBe(shown);
  });
});

describe("formatDate", () => {
  test("reads a calendar day as that day, whatever the browser's time zone", () => {
    expect(formatDate("2026-03-04")).toBe("Mar 4, 2026");
  });

  test("shows an instant as its day in UTC", () => {
    expect(formatDate("2026-03-04T23:30:00.000Z")).toBe("Mar 4, 2026");
  });

  test("shows an unknown date as an en dash and an unreadable one as it came", () => {
    expect(formatDate(null)).toBe("–");
    expect(formatDate("")).toBe("–");
    expect(formatDate("next spring")).toBe("next spring");
  });
});

describe("formatTier", () => {
  test("names the tiers as the product does and leaves others as they are", () => {
    expect(formatTier("smb")).toBe("SMB");
    expect(formatTier("mid")).toBe("Mid-Market");
    expect(formatTier("enterprise")).toBe("Enterprise");
    expect(formatTier("strategic")).toBe("strategic");
    expect(formatTier(null)).toBe("–");
  });
});

describe("formatDateTime", () => {
  test("shows an instant as a day and a time, and an unreadable one as it came", () => {
    expect(formatDateTime("2026-03-04T14:05:00.000Z")).toMatch(/^Mar \d, 2026, \d{1,2}:\d{2} [AP]M$/);
    expect(formatDateTime("soon")).toBe("soon");
  });
});
