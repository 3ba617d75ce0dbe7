import { describe, expect, test } from "vitest";
import { changedFields, urlOfView, viewFromUrl } from "./filters.ts";

describe("the audit log's view in the URL", () => {
  test("filters and page survive a round trip through the query string", () => {
    const view = { customer: "acme", action: "update", from: "2026-12-01", page: 3 };
    expect(viewFromUrl(new URLSearchParams(urlOfView(view)))).toEqual(view);
  });

  test("page 1, empty values and unknown parameters are left out", () => {
    expect(urlOfView({ page: 1, customer: "" })).toBe("");
    expect(viewFromUrl(new URLSearchParams("page=0&colour=red&table="))).toEqual({ page: 1 });
  });
});

describe("changedFields", () => {
  test("an update lists each changed field before and after", () => {
    expect(changedFields({ revoked_at: null }, { revoked_at: "2026-12-02T10:00:00Z" }))
      .toEqual([{ field: "revoked_at", before: null, after: "2026-12-02T10:00:00Z" }]);
  });

  test("nested settings show only the leaves that changed, by path", () => {
    expect(changedFields({ weights: { logins: 25, nps: 15 } }, { weights: { logins: 30, nps: 15 } }))
      .toEqual([{ field: "weights.logins", before: 25, after: 30 }]);
  });

  test("a creation has no before, and its ids and timestamps are left out", () => {
    expect(changedFields(null, { id: "x", label: "Zapier", created_at: "…", updated_at: "…" }))
      .toEqual([{ field: "label", before: undefined, after: "Zapier" }]);
  });
});
