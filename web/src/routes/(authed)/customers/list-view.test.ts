import { describe, expect, test } from "vitest";
import { defaultView, queryOf, viewFromUrl, viewToUrl } from "./list-view.ts";

describe("the customers page's view in the URL", () => {
  test("the default view is the bare /customers", () => {
    expect(viewToUrl(defaultView)).toBe("");
    expect(viewFromUrl(new URLSearchParams(""))).toEqual(defaultView);
  });

  test("Home Base's ?status=atrisk reads as the At Risk tab and writes back the same", () => {
    const view = viewFromUrl(new URLSearchParams("status=atrisk"));
    expect(view.status).toBe("atrisk");
    expect(viewToUrl(view)).toBe("status=atrisk");
  });

  test("search, filters, sort and page survive the round trip", () => {
    const view = { status: "churned" as const, search: "vip", filters: { mrr_min: "1000", tier: "mid" }, sort: "mrr" as const, order: "desc" as const, page: 3 };
    expect(viewFromUrl(new URLSearchParams(viewToUrl(view)))).toEqual(view);
  });

  test("what is not understood falls back to the default", () => {
    const view = viewFromUrl(new URLSearchParams("status=bogus&sort=colour&page=-2&junk=1"));
    expect(view).toEqual(defaultView);
  });

  test("a band tab leaves churned customers out; the Churned tab is the churned lifecycle", () => {
    expect(queryOf({ status: "watch", search: "", filters: {} })).toEqual({ status: "watch", exclude_lifecycle: "churned" });
    expect(queryOf({ status: "churned", search: " a ", filters: { tier: "smb" } })).toEqual({ lifecycle: "churned", search: "a", tier: "smb" });
    expect(queryOf({ status: "all", search: "", filters: {} })).toEqual({});
  });
});
