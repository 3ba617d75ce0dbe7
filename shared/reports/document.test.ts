import { describe, expect, test } from "vitest";
import { table, toCsv, type ReportDocument } from "./document.ts";

const doc = (sections: ReportDocument["sections"]): ReportDocument => ({
  report: "at_risk", title: "At-Risk Accounts", agency: "Acme Agency", client: "Brightside", generated_at: "2026-12-02T10:00:00Z",
  day: "2026-12-02", sections,
});

describe("toCsv", () => {
  test("writes each table with its title and header, quoting what needs quotes, CRLF line ends", () => {
    const t = table("Accounts", [["name", "Customer"], ["mrr", "MRR", true]], [{ name: 'Birch, "Legal"', mrr: 4200 }, { name: "Cedar", mrr: null }], "None");
    expect(toCsv(doc([t]))).toBe(
      'At-Risk Accounts,Acme Agency · Brightside,2026-12-02\r\n\r\nAccounts\r\nCustomer,MRR\r\n"Birch, ""Legal""",4200\r\nCedar,\r\n',
    );
  });
  test("figures come out as label,value rows", () => {
    expect(toCsv(doc([{ kind: "figures", title: "Key figures", items: [{ label: "Accounts", value: "12" }] }])))
      .toContain("Key figures\r\nAccounts,12");
  });
});
