// Inputs that made the gateway answer 500: a path with broken percent-encoding
// (decodeURIComponent threw) and sign-in bodies whose e-mail or password is
// not a string (a deeply nested array overflowed the stack when turned into
// one). Each is now a 4xx; a sign-in names the field.
import { describe, expect, test } from "vitest";
import { gateway } from "./gotrue.ts";

const deeplyNested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const signIn = (raw: string) => gateway("/auth/v1/token?grant_type=password", { method: "POST", raw });

describe("bad input to the gateway", () => {
  for (const path of ["/%", "/%E0%A4%A", "/customers/%ZZ"]) {
    test(`GET ${path} (malformed percent-encoding) is a 400, not a 500`, async () => {
      expect((await gateway(path)).status).toBe(400);
    });
  }

  for (const field of ["email", "password"]) {
    const other = field === "email" ? `"password": "x"` : `"email": "someone@example.test"`;
    for (const [label, value] of [
      ["a deeply nested array", deeplyNested(20_000)],
      ["an object", `{"$ne": null}`],
      ["a number", "42"],
      ["null", "null"],
    ]) {
      test(`a sign-in whose ${field} is ${label} is a 400 naming ${field}`, async () => {
        const res = await signIn(`{${other}, "${field}": ${value}}`);
        expect(res.status).toBe(400);
        expect(res.body.msg, "the message names the field").toMatch(new RegExp(`^${field}\\b`));
      });
    }
  }

  test("a sign-in body that is not JSON is a 400", async () => {
    const res = await signIn("email=a@b.test&password=x");
    expect({ status: res.status, code: res.body.error_code }).toEqual({ status: 400, code: "bad_json" });
  });

  test("a sign-in body over 64 KB is refused before it is parsed (413)", async () => {
    const res = await signIn(`{"email": "a@b.test", "password": ${deeplyNested(100_000)}}`);
    expect(res.status).toBe(413);
  });

  test("a refresh whose refresh_token is not a string is a 400 naming refresh_token", async () => {
    const res = await gateway("/auth/v1/token?grant_type=refresh_token", { method: "POST", raw: `{"refresh_token": ${deeplyNested(10_000)}}` });
    expect(res.status).toBe(400);
    expect(res.body.msg).toMatch(/^refresh_token\b/);
  });
});
