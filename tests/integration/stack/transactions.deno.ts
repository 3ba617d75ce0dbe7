// Runs the functions' own transaction helpers (supabase/functions/_shared/db.ts)
// in Deno against the test cluster, and prints what each case did as JSON.
// Started by transactions.test.ts with DB_URL set; writes only to the table
// that test names in PROBE_TABLE.
import { asPrincipal, asSystem, db, type Tx } from "../../../supabase/functions/_shared/db.ts";

const table = Deno.env.get("PROBE_TABLE")!;
const insert = (tx: Tx, label: string) =>
  tx`insert into ${tx(table)} (label) values (${label})`;

/** What a case resolved to, or the message it was rejected with. */
async function outcome(run: () => Promise<unknown>) {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

const cases: Record<string, unknown> = {};
cases.committed = await outcome(() => asSystem(async (tx) => (await insert(tx, "committed"), "done")));
cases.caught = await outcome(() =>
  asSystem(async (tx) => {
    await insert(tx, "caught");
    await tx`select 1 / 0`.catch(() => "swallowed");
    return "done";
  })
);
cases.thrown = await outcome(() =>
  asSystem(async (tx) => {
    await insert(tx, "thrown");
    throw new Error("the handler refused");
  })
);
cases.failedFirst = await outcome(() =>
  asSystem(async (tx) => {
    await insert(tx, "failed-first");
    await tx`select 1 / 0`;
    return "done";
  })
);
cases.principal = await outcome(() =>
  asPrincipal({ role: "authenticated", sub: "probe" }, async (tx) => {
    const [row] = await tx`select current_user as role, current_setting('request.jwt.claims') as claims`;
    return row;
  })
);
// Three times the pool: every connection is reused after the failures above.
cases.afterwards = await outcome(() =>
  Promise.all(Array.from({ length: 30 }, () => asSystem(async (tx) => (await tx`select current_user as role`)[0].role)))
);
await db().end();
console.log(JSON.stringify(cases));
