// DNS rebinding, in the functions' own runtime: safeFetch resolves a name
// once, checks every address, and connects to those addresses only — the
// connection never asks DNS again — and it never follows a redirect. Run in
// Deno (outbound-pinning.deno.ts), since that is what the functions deploy on
// and the unit tests run in Node.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";

type Outcome = { value?: unknown; error?: string };

describe("outbound requests in Deno", () => {
  let cases: Record<string, unknown> = {};
  beforeAll(async () => {
    const { root } = stack();
    const { stdout } = await promisify(execFile)(
      join(root, "node_modules/.bin/deno"),
      ["run", "-A", "tests/integration/api/outbound-pinning.deno.ts"],
      { cwd: root, env: { ...process.env, DB_URL: "postgres://unused@127.0.0.1/unused", JWT_SECRET: "x".repeat(32) } },
    );
    cases = JSON.parse(stdout);
  }, 60_000);

  test("a request connects to the address its name was checked at, and names the host it was given", () => {
    expect(cases.pinned as Outcome, "no real DNS knows this name: the connection used the checked address").toEqual({ value: 200 });
    expect(cases.pinnedHit).toMatchObject({ host: expect.stringMatching(/^pinned\.example\.test:\d+$/) });
  });

  test("a name that rebinds to a private address after the check still reaches only the address checked", () => {
    expect(cases.rebinding as Outcome).toEqual({ value: 200 });
    expect(cases.rebindingAnswers, "DNS was asked once, for the check; the connection asked nobody").toBe(1);
  });

  test("a redirect is answered to the caller, not followed", () => {
    expect(cases.redirect as Outcome).toEqual({ value: 302 });
    expect(cases.paths as string[], "the Location was never asked").not.toContain("/stolen");
  });

  test("a private address is refused without connecting", () => {
    expect((cases.refused as Outcome).error).toMatch(/refused: points at 10\.0\.0\.1, a private address/);
    expect(cases.paths as string[]).not.toContain("/refused");
  });
});
