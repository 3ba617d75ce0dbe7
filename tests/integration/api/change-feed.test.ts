// Polling never misses a committed change (SPEC §11). While a long write
// transaction is in flight, shorter ones start after it and commit before
// it — the order that made `updated_since` and cursor pollers skip the long
// one's rows for good: they had moved past its stamps before it committed.
// Two pollers run all along through the API, one by `updated_since` (the
// last updated_at it saw), one by cursor (kept forever); when everything has
// committed, each has seen every changed customer exactly once, in its
// final change, and none before it could be seen without a gap.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeSuperuser, get, makeClient, post, superuser } from "./api.ts";

type Seen = { id: string; change_id: number; updated_at: string; at: number };
type Customer = { id: string; change_id: number; updated_at: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the change feed under concurrent commits", () => {
  let client: Awaited<ReturnType<typeof makeClient>>;
  const ids = { long: [] as string[], quick: [] as string[], batch: [] as string[] };
  const pollers = { since: [] as Seen[], cursor: [] as Seen[] };
  let longCommitting = 0;
  let pollsDuringLong = 0;

  /** Every page of one poll, following next_cursor until a page is not full. */
  async function poll(params: Record<string, string>, cursor: string | null): Promise<{ rows: Customer[]; cursor: string | null }> {
    const rows: Customer[] = [];
    for (;;) {
      const res = await get(client.auth, { action: "list_customers", sort: "updated_at", order: "asc", limit: 100, ...params, ...(cursor ? { cursor } : {}) });
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      rows.push(...res.body.customers);
      cursor = res.body.next_cursor;
      if (res.body.customers.length < 100) return { rows, cursor };
    }
  }

  beforeAll(async () => {
    client = await makeClient({ rateLimitPerMinute: 100_000 });
    const seed = Array.from({ length: 240 }, (_, i) => ({ name: `Feed ${String(i).padStart(3, "0")}`, logins: 5, adoption: 40 }));
    const seeded = await post(client.auth, { action: "upsert_accounts", data: { accounts: seed } });
    const all = seeded.body.results.map((r: { id: string }) => r.id) as string[];
    ids.long = all.slice(0, 60);
    ids.quick = all.slice(60, 80);
    ids.batch = all.slice(80);

    // Both pollers start caught up with the seed.
    let sinceMark = (await poll({}, null)).rows.at(-1)!.updated_at;
    let cursor = (await poll({}, null)).cursor;
    let writing = true;
    const pollers$ = (async () => {
      // Until the writes are done, then three more rounds: by then nothing is in flight.
      for (let after = 0; after < 3; after += writing ? 0 : 1) {
        const a = await poll({ updated_since: sinceMark }, null);
        const b = await poll({}, cursor);
        const at = Date.now();
        if (longCommitting === 0) pollsDuringLong++;
        for (const c of a.rows) pollers.since.push({ ...c, at });
        for (const c of b.rows) pollers.cursor.push({ ...c, at });
        if (a.rows.length) sinceMark = a.rows.at(-1)!.updated_at;
        cursor = b.cursor;
        await sleep(writing ? 20 : 200);
      }
    })();

    // The long transaction: it changes its customers first, then stays open.
    const long$ = superuser().begin(async (tx) => {
      await tx`update public.customers set note = 'written by the long transaction' where id = any(${ids.long}::uuid[])`;
      await sleep(2_500);
      longCommitting = Date.now();
    });
    await sleep(300);
    // Meanwhile: quick single writes and a 180-row batch through the API, all committed before the long one.
    const quick$ = (async () => {
      for (const id of ids.quick) await post(client.auth, { action: "update_health", data: { id, field: "manager", value: "Quick" } });
    })();
    const batch$ = post(client.auth, { action: "upsert_accounts", data: { accounts: ids.batch.map((id) => ({ id, logins: 17 })) } });
    const [, batch] = await Promise.all([quick$, batch$]);
    if (batch.body.applied !== ids.batch.length) throw new Error(JSON.stringify(batch.body));
    await long$;
    writing = false;
    await pollers$;
  }, 120_000);

  afterAll(closeSuperuser);

  const final = async () => new Map((await superuser()`
    select id, change_id::float8 as change_id from public.customers where client_id = ${client.id}`).map((r) => [r.id as string, r.change_id as number]));

  describe.each(["since", "cursor"] as const)("the poller by %s", (name) => {
    test("saw every changed customer exactly once, in its committed change", async () => {
      const seen = pollers[name];
      const changed = [...ids.long, ...ids.quick, ...ids.batch];
      const counts = new Map<string, number>();
      for (const s of seen) counts.set(s.id, (counts.get(s.id) ?? 0) + 1);
      expect(changed.filter((id) => counts.get(id) !== 1), "customers not seen exactly once").toEqual([]);
      expect(seen.filter((s) => !changed.includes(s.id)), "nothing unchanged was reported").toEqual([]);
      const changes = await final();
      expect(seen.filter((s) => s.change_id !== changes.get(s.id)), "each was seen in its final change").toEqual([]);
    });

    test("saw nothing committed during the long transaction until the long transaction had committed", () => {
      expect(pollsDuringLong, "the pollers ran while the long transaction was open").toBeGreaterThan(3);
      const early = pollers[name].filter((s) => s.at < longCommitting);
      expect(early, "the quick writes and the batch started after the long transaction: they wait for it").toEqual([]);
    });
  });
});
