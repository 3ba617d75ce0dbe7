import { describe, expect, test } from "vitest";
import { formatValue, improvementSentence } from "./signal-text.ts";

describe("improvementSentence", () => {
  test("a signal where more is better is raised to its target, with the points rounded", () => {
    expect(improvementSentence({ signal: "logins", to: 30, gain: 12.4 }, 10)).toBe("Raise logins to 30: +12 points");
  });

  test("tickets and days since contact are lowered", () => {
    expect(improvementSentence({ signal: "tickets", to: 0, gain: 8 }, 3)).toBe("Lower tickets to 0: +8 points");
    expect(improvementSentence({ signal: "days", to: 0, gain: 5.5 }, 40)).toBe("Lower days since contact to 0: +6 points");
  });

  test("a missing signal is added, and NPS and CSAT keep their capitals", () => {
    expect(improvementSentence({ signal: "nps", to: 10, gain: 4 }, null)).toBe("Add NPS of 10: +4 points");
    expect(improvementSentence({ signal: "csat", to: 5, gain: 2 }, 3)).toBe("Raise CSAT to 5: +2 points");
  });

  test("a gain under one point still reads as one point, singular", () => {
    expect(improvementSentence({ signal: "growth", to: "strong", gain: 0.2 }, "mild")).toBe("Raise growth to strong: +1 point");
  });
});

describe("formatValue", () => {
  test.each([
    [3, "3"],
    [2.345, "2.3"],
    ["promoter", "promoter"],
    [null, "–"],
  ])("shows %s as %s: whole numbers as they are, others to one decimal", (value, shown) => {
    expect(formatValue(value)).toBe(shown);
  });
});
