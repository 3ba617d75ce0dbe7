import { describe, expect, test } from "vitest";
import { backoffSeconds, retryAfterSeconds, verdict } from "./retry.ts";

describe("what an answer means", () => {
  test("2xx is sent; timeouts' kin, 429 and 5xx are retried; the rest stop at once", () => {
    expect([200, 202, 204].map(verdict)).toEqual(["sent", "sent", "sent"]);
    expect([408, 425, 429, 500, 502, 503].map(verdict)).toEqual(Array(6).fill("retry"));
    expect([301, 302, 400, 401, 403, 404, 410, 413].map(verdict)).toEqual(Array(8).fill("stop"));
  });
});

describe("Retry-After", () => {
  test("seconds or an HTTP date, at least 1 s and at most an hour", () => {
    const now = Date.parse("2026-12-02T12:00:00Z");
    expect(retryAfterSeconds("120", now)).toBe(120);
    expect(retryAfterSeconds("Wed, 02 Dec 2026 12:00:30 GMT", now)).toBe(30);
    expect(retryAfterSeconds("0", now)).toBe(1);
    expect(retryAfterSeconds("86400", now)).toBe(3600);
    expect(retryAfterSeconds("soon", now)).toBeNull();
    expect(retryAfterSeconds(null, now)).toBeNull();
  });
});

describe("backoff", () => {
  test("doubles from 10 s to a 30-minute cap, jittered between half and all of it", () => {
    expect([1, 2, 3, 8, 20].map((n) => backoffSeconds(n, () => 1))).toEqual([10, 20, 40, 1280, 1800]);
    expect(backoffSeconds(3, () => 0)).toBe(20);
  });

  test("retries span about a day before the drain gives up", () => {
    let total = 0;
    let attempts = 0;
    while (total < 24 * 3600) total += backoffSeconds(++attempts, () => 0.5);
    expect(attempts).toBeGreaterThan(30);
    expect(attempts).toBeLessThan(80);
  });
});
