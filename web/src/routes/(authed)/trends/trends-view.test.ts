import { describe, expect, test } from "vitest";
import { defaultTrendsView, trendsViewFromUrl, trendsViewToUrl } from "./trends-view.ts";

const id = "0b8f5a52-3c1e-4f7e-9d7a-1a2b3c4d5e6f";

describe("the Trends view in the URL", () => {
  test("round-trips every choice", () => {
    const view = { metric: "mrr", secondary: "score", range: "1y", manager: "Ana Ruiz", customers: [id] } as const;
    expect(trendsViewFromUrl(new URLSearchParams(trendsViewToUrl({ ...view, customers: [...view.customers] })))).toEqual(view);
  });

  test("the default view is an empty query, and unknown values fall back to it", () => {
    expect(trendsViewToUrl(defaultTrendsView)).toBe("");
    expect(trendsViewFromUrl(new URLSearchParams("metric=joy&range=5d&customers=nope"))).toEqual(defaultTrendsView);
  });
});
