import { describe, expect, test } from "vitest";
import { saveReportScheduleInput } from "./schedules.ts";

const issues = (input: unknown) => {
  const parsed = saveReportScheduleInput.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("saveReportScheduleInput", () => {
  test("addresses come as a list or one text, and are kept as a list; format defaults to pdf, enabled to true", () => {
    for (const to of [["a@example.com", "b@example.com"], "a@example.com; b@example.com", " a@example.com b@example.com "]) {
      expect(saveReportScheduleInput.parse({ report: "At_Risk", frequency: "Weekly", to })).toEqual({
        report: "at_risk", frequency: "weekly", to: ["a@example.com", "b@example.com"], format: "pdf", enabled: true, customer_id: null,
      });
    }
  });

  test("each bad field is named", () => {
    expect(issues({ report: "nope", frequency: "daily", to: "a@example.com" })[0][0]).toBe("report");
    expect(issues({ report: "at_risk", frequency: "hourly", to: "a@example.com" })[0]).toEqual(["frequency", "frequency must be one of: daily, weekly, monthly"]);
    expect(issues({ report: "at_risk", frequency: "daily", to: "a@example.com, x" })[0]).toEqual(["to", 'to has "x", which is not an e-mail address']);
    expect(issues({ report: "at_risk", frequency: "daily", to: Array.from({ length: 21 }, (_, i) => `p${i}@example.com`) })[0][0]).toBe("to");
    expect(issues({ report: "at_risk", frequency: "daily", to: "a@example.com", format: "docx" })[0][0]).toBe("format");
    expect(issues({ report: "customer_health", frequency: "daily", to: "a@example.com" })[0][0]).toBe("customer_id");
    expect(issues({ report: "at_risk", frequency: "daily", to: "a@example.com", cc: "b@example.com" })[0][0]).toBe("cc");
  });
});
