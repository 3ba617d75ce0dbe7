import { describe, expect, test } from "vitest";
import { loginFor, nextPage } from "./next-page.ts";

describe("nextPage", () => {
  test.each([
    [null, "/home"],
    ["", "/home"],
    ["/customers/5d4a1c36?tab=notes", "/customers/5d4a1c36?tab=notes"],
    ["https://evil.example/", "/home"],
    ["//evil.example/", "/home"],
    ["/\\evil.example", "/home"],
    ["/login?next=/customers", "/home"],
    ["customers", "/home"],
    ["javascript:alert(1)", "/home"],
    ["/invitations", "/invitations"],
  ])("after sign-in, next=%j leads to %s", (next, page) => {
    expect(nextPage(next)).toBe(page);
  });

  test("the sign-in address carries the page asked for, and round-trips through nextPage", () => {
    const url = new URL(loginFor("/customers?status=atrisk"), "http://pulseboard.test");
    expect(url.pathname).toBe("/login");
    expect(nextPage(url.searchParams.get("next"))).toBe("/customers?status=atrisk");
    expect(loginFor("/home"), "Home Base is where sign-in lands anyway").toBe("/login");
  });
});
