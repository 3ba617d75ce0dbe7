import { describe, expect, test } from "vitest";
import { asSentence } from "./sentence.ts";

describe("asSentence", () => {
  test("a database guard's message gets a capital and a full stop", () => {
    expect(asSentence("an agency must keep at least one owner")).toBe("An agency must keep at least one owner.");
  });
  test("a message that is a sentence already stays as it is", () => {
    expect(asSentence("Please try again.")).toBe("Please try again.");
    expect(asSentence("Really?")).toBe("Really?");
  });
  test("nothing stays nothing", () => {
    expect(asSentence("  ")).toBe("");
  });
});
