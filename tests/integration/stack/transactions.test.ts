// The functions' transaction helper sends `begin` and the claims together with
// a request's first query instead of waiting for them: it must still commit
// only what succeeded whole, report the first failure, and hand back clean
// connections. Run in Deno, the functions' runtime, against the test cluster.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";

type Outcome = { value?: unknown; error?: string };

describe("a function's transaction", () => {
  const { dbUrl, root } = stack();
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const table = `tx_probe_${process.pid}`;
  let cases: Record<string, Outcome> = {};

  beforeAll(async () => {
    await sql`create table ${sql(table)} (label text not null)`;
    const { stdout } = await promisify(execFile)(
      join(root, "node_modules/.bin/deno"),
      ["run", "-A", "tests/integration/stack/transactions.deno.ts"],
      { cwd: root, env: { ...process.env, DB_URL: dbUrl, JWT_SECRET: "x".repeat(32), PROBE_TABLE: table } },
    );
    cases = JSON.parse(stdout);
  }, 60_000);
  afterAll(async () => {
    await sql`drop table if exists ${sql(table)}`;
    await sql.end();
  });

  const labels = async () => (await sql`select label from ${sql(table)} order by label`).map((r) => r.label);

  test("work that succeeds is committed", async () => {
    expect(cases.committed).toEqual({ value: "done" });
    expect(await labels(), "the committed row is there").toContain("committed");
  });

  test("a failed statement whose error the work caught still fails the whole transaction", async () => {
    expect(cases.caught.error, "the commit came back as a rollback").toMatch(/rolled back/);
    expect(await labels(), "the write before the failure is gone").not.toContain("caught");
  });

  test("work that throws is rolled back with its own error", async () => {
    expect(cases.thrown.error).toBe("the handler refused");
    expect(await labels()).not.toContain("thrown");
  });

  test("a failing statement's own error is the one reported", async () => {
    expect(cases.failedFirst.error).toMatch(/division by zero/);
    expect(await labels()).not.toContain("failed-first");
  });

  test("a principal's work runs as the functions' own role with its claims", () => {
    const row = cases.principal.value as { role: string; claims: string };
    expect(row.role, "RLS applies: the role was switched").toBe("pulseboard_api");
    expect(JSON.parse(row.claims)).toEqual({ role: "authenticated", sub: "probe" });
  });

  test("after failures every pooled connection is clean: no aborted transaction, no leftover role", () => {
    expect(cases.afterwards.value, "thirty transactions over a pool of ten all ran as the system").toEqual(Array(30).fill("postgres"));
  });
});
