import { describe, expect, test } from "vitest";
import { cachedTotal } from "./count-cache.ts";

/** A count that answers `total` when released, and says how often it ran. */
function makeCount(total: number) {
  let release!: () => void;
  const gate = new Promise<void>((ok) => (release = ok));
  const count = { runs: 0, release, fn: async () => (count.runs++, await gate, total) };
  return count;
}

describe("list_customers totals", () => {
  test("requests missing the same total at once share one count", async () => {
    const count = makeCount(42);
    const waiting = Array.from({ length: 5 }, () => cachedTotal("client-a", "stamp-1", ["atrisk"], count.fn));
    count.release();
    expect(await Promise.all(waiting), "every request gets the one count's total").toEqual([42, 42, 42, 42, 42]);
    expect(count.runs, "the rows were counted once").toBe(1);
  });

  test("a known total is reused while the stamp is the same, and counted again when it moves", async () => {
    const first = makeCount(7);
    first.release();
    expect(await cachedTotal("client-b", "stamp-1", [], first.fn)).toBe(7);
    expect(await cachedTotal("client-b", "stamp-1", [], first.fn), "same stamp: from the cache").toBe(7);
    expect(first.runs).toBe(1);
    const second = makeCount(8);
    second.release();
    expect(await cachedTotal("client-b", "stamp-2", [], second.fn), "a newer change: counted again").toBe(8);
    expect(second.runs).toBe(1);
  });

  test("when the shared count fails, a waiting request counts for itself", async () => {
    let fail!: (e: Error) => void;
    const failing = () => new Promise<number>((_, no) => (fail = no));
    const first = cachedTotal("client-c", "stamp-1", [], failing);
    const own = makeCount(3);
    own.release();
    const second = cachedTotal("client-c", "stamp-1", [], own.fn);
    fail(new Error("statement timeout"));
    await expect(first, "the request whose count failed fails").rejects.toThrow("statement timeout");
    expect(await second, "the waiting request still answers").toBe(3);
    expect(own.runs).toBe(1);
  });
});
