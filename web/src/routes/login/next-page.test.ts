import { describe, expect, test } from "vitest";
import { nextPage } from "./next-page.ts";

describe("nextPage", () => {
  test("a path of this site is where sign-in goes next", () => {
    expect(nextPage("/invitations")).toBe("/invitations");
    expect(nextPage("/customers/5d4a1c36?tab=history")).toBe("/customers/5d4a1c36?tab=history");
  });

  test("another site, in any spelling, or nothing, goes to the customers instead", () => {
    for (const asked of ["//evil.example", "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "invitations", "", null]) {
      expect(nextPage(asked), String(asked)).toBe("/customers");
    }
  });
});
