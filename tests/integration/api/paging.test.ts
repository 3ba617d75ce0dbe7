// Paging through list_customers: offset pages and keyset cursors, over a
// client whose sort values tie, are null, and share a millisecond.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Auth, closeSuperuser, get, makeClient, superuser } from "./api.ts";

const N = 157;
const sorts = ["updated_at", "name", "score", "mrr", "arr", "created_at"] as const;
const sortSql: Record<(typeof sorts)[number], string> = {
  updated_at: "updated_at", created_at: "created_at", name: "lower(name)", score: "score", mrr: "mrr", arr: "arr",
};

describe("paging through list_customers", () => {
  let client: Awaited<ReturnType<typeof makeClient>>;
  let key: Auth;

  /** The order the API promises, computed by Postgres itself. */
  const expectedOrder = async (sort: (typeof sorts)[number], order: "asc" | "desc") => {
    const dir = superuser().unsafe(order);
    const rows = await superuser()`
      select id from public.customers where client_id = ${client.id} and deleted_at is null
      order by ${superuser().unsafe(sortSql[sort])} ${dir}, id ${dir}`;
    return rows.map((r) => r.id as string);
  };

  /** Follows next_cursor to the end (a page that is not full: change-order lists carry a cursor on every page); refuses to loop forever. */
  const walk = async (params: Record<string, string | number>, onPage?: (ids: string[]) => Promise<void>) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res = await get(key, { action: "list_customers", ...params, ...(cursor ? { cursor } : {}) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const ids = res.body.customers.map((c: { id: string }) => c.id);
      seen.push(...ids);
      cursor = res.body.next_cursor;
      if (onPage) await onPage(ids);
      if (!cursor || ids.length < Number(params.limit ?? 50)) return seen;
    }
    throw new Error("paging did not end after 100 pages");
  };

  beforeAll(async () => {
    client = await makeClient();
    key = client.auth;
    // Ties and nulls in every sort column; half the rows share one updated_at
    // (one statement), the rest differ by single microseconds, and created_at
    // takes four values a microsecond apart: the cases a millisecond-precision
    // cursor gets wrong.
    await superuser()`
      insert into public.customers (client_id, name, score, status, mrr, arr, created_at, updated_at)
      select ${client.id},
             case i % 3 when 0 then 'pager ' else 'Pager ' end || lpad(i::text, 4, '0'),
             case when i % 7 = 0 then null else (i * 37) % 101 end,
             case when i % 7 = 0 then null else 'watch' end,
             case when i % 5 = 0 then null else (i % 13) * 100 end,
             case when i % 5 = 0 then null else (i % 13) * 1200 end,
             '2026-01-01 00:00:00.000001+00'::timestamptz + (i % 4) * interval '1 microsecond',
             case when i % 2 = 0 then now() else '2026-02-01 00:00:00+00'::timestamptz + i * interval '1 microsecond' end
      from generate_series(1, ${N}) i`;
  });
  afterAll(closeSuperuser);

  test("offset pages of 25 concatenate to the whole list in order, with the total on every page", async () => {
    const expected = await expectedOrder("name", "asc");
    const seen: string[] = [];
    for (let offset = 0; offset < N + 25; offset += 25) {
      const res = await get(key, { action: "list_customers", sort: "name", order: "asc", limit: 25, offset });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(N);
      expect(res.body.offset).toBe(offset);
      seen.push(...res.body.customers.map((c: { id: string }) => c.id));
    }
    expect(seen).toEqual(expected);
  });

  test("the default page is 50 customers sorted by updated_at descending, and limit caps at 500", async () => {
    const res = await get(key, { action: "list_customers" });
    expect(res.body.customers).toHaveLength(50);
    expect(res.body.customers.map((c: { id: string }) => c.id)).toEqual((await expectedOrder("updated_at", "desc")).slice(0, 50));
    const all = await get(key, { action: "list_customers", limit: 500 });
    expect(all.body.customers, "500 is allowed and returns everything here").toHaveLength(N);
    expect(all.body.next_cursor, "a short last page has no next cursor").toBeNull();
  });

  for (const sort of sorts) {
    for (const order of ["asc", "desc"] as const) {
      test(`cursor paging by ${sort} ${order} visits every customer exactly once, in the promised order`, async () => {
        const seen = await walk({ sort, order, limit: 10 });
        expect(new Set(seen).size, "no customer is repeated").toBe(seen.length);
        expect(seen, "every customer, in order").toEqual(await expectedOrder(sort, order));
      });
    }
  }

  test("a cursor combined with a filter pages through only the filtered customers", async () => {
    const seen = await walk({ sort: "score", order: "asc", status: "watch", limit: 7 });
    const [{ n }] = await superuser()`select count(*)::int as n from public.customers where client_id = ${client.id} and status = 'watch'`;
    expect(new Set(seen).size).toBe(n);
    expect(seen.length).toBe(n);
  });

  test("a cursor made for one sort is refused for another, naming the cursor", async () => {
    const first = await get(key, { action: "list_customers", sort: "mrr", limit: 5 });
    const res = await get(key, { action: "list_customers", sort: "name", cursor: first.body.next_cursor });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe("cursor");
  });

  test("while paging by updated_at ascending, concurrent updates of seen rows never make an unseen row be skipped", async () => {
    const all = new Set(await expectedOrder("updated_at", "asc"));
    const seenOnce = new Set<string>();
    const touched = new Set<string>();
    const visited = await walk({ sort: "updated_at", order: "asc", limit: 10 }, async (ids) => {
      ids.forEach((id) => seenOnce.add(id));
      // Update up to five rows already seen while the next page is requested:
      // they move to the end of the order, which must not shift unseen rows out.
      const victims = [...seenOnce].filter((id) => !touched.has(id)).slice(0, 5);
      victims.forEach((id) => touched.add(id));
      await Promise.all(victims.map((id) => superuser()`update public.customers set logins = coalesce(logins, 0) + 1 where id = ${id}`));
    });
    const missed = [...all].filter((id) => !visited.includes(id));
    expect(missed, "every customer that existed at the start was visited").toEqual([]);
    const repeats = visited.length - new Set(visited).size;
    expect(repeats, "only rows updated during the walk may come round again").toBeLessThanOrEqual(touched.size);
  });
});
