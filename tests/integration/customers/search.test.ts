// The customers search through the trigram index (migration 20261202007100):
// whichever way a search is served — the index's candidates for a search few
// customers match, the scan for one more than SEARCH_CAP or five of the 500
// worst scored match (migration 20261203000000), a search too
// short for trigrams — it lists exactly the customers the condition names,
// in order, with their total; never another client's, never a deleted one.
// And count=none leaves the total out.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { stack } from "../../stack/context.ts";
import { makeWorld, type World } from "../scoring/world.ts";

let w: World;
let other: World;

/** 1,200 accounts "Acct 0001" … "Acct 1200", a tag on every seventh, every 97th deleted. */
async function seedAccounts(world: World) {
  await world.sql`
    insert into public.customers (client_id, name, tags, score, status, deleted_at)
    select ${world.clientId}, 'Acct ' || lpad(i::text, 4, '0'),
           case when i % 7 = 0 then array['Gold-' || (i % 3)] else '{}' end,
           (i % 100)::numeric, 'watch', case when i % 97 = 0 then now() end
    from generate_series(1, 1200) i`;
}

async function list(world: World, params: Record<string, string>) {
  const qs = new URLSearchParams({ action: "list_customers", sort: "score", order: "asc", ...params });
  const res = await fetch(`${stack().url}/functions/v1/api-inbound?${qs}`, { headers: { "x-api-key": world.apiKey } });
  return { status: res.status, body: await res.json() };
}

/** What the search must list, straight from the table: the same contains on name and tags, live rows, the same order. */
async function expected(search: string, limit: number) {
  const pattern = `%${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const rows = await w.sql`
    select name, count(*) over ()::int as total from public.customers
    where client_id = ${w.clientId} and deleted_at is null
      and (name ilike ${pattern} or exists (select 1 from unnest(tags) t where t ilike ${pattern}))
    order by score, id limit ${limit}`;
  return { names: rows.map((r) => r.name), total: rows[0]?.total ?? 0 };
}

beforeAll(async () => {
  [w, other] = await Promise.all([makeWorld("customer-search"), makeWorld("customer-search-other")]);
  // The other client has accounts of the very same names: none may show up here.
  await Promise.all([seedAccounts(w), seedAccounts(other)]);
});
afterAll(async () => {
  await Promise.all([w?.end(), other?.end()]);
});

describe("list_customers search", () => {
  const cases: [string, string][] = [
    ["few match: the index's candidates", "acct 077"],
    ["one matches", "ACCT 0777"],
    ["a tag, any case", "gold-2"],
    ["more match than SEARCH_CAP: the scan", "acct"],
    ["five of the 500 worst scored match: the scan, without the index", "acct 012"],
    ["too short for trigrams", "12"],
    ["nothing matches", "zzz"],
    ["a deleted account is not found", "acct 0097"],
  ];
  test.each(cases)("%s (%s)", async (_, search) => {
    for (const limit of [25, 500]) {
      const res = await list(w, { search, limit: String(limit) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const want = await expected(search, limit);
      expect(res.body.customers.map((c: { name: string }) => c.name)).toEqual(want.names);
      expect(res.body.total).toBe(want.total);
    }
  });

  test("the candidates are never another client's: the function answers nothing for a client the caller cannot read", async () => {
    const ids = await other.sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: other.ownerId, role: "authenticated", aud: "authenticated" })}, true),
                      set_config('role', 'pulseboard_api', true)`;
      const [mine] = await tx`select cardinality(private.search_candidates(${other.clientId}, '%acct 077%', 1000)) as n`;
      const [theirs] = await tx`select cardinality(private.search_candidates(${w.clientId}, '%acct 077%', 1000)) as n`;
      const [broad] = await tx`select private.search_candidates(${other.clientId}, '%acct 00%', 1000) as ids`;
      return { mine: mine.n, theirs: theirs.n, broad: broad.ids };
    });
    expect(ids.mine, "its own client's live candidates: Acct 0770 … 0779 but the deleted 0776").toBe(9);
    expect(ids.theirs, "nothing of a client of another agency").toBe(0);
    expect(ids.broad, "Acct 0001 … 0041 are among the 500 worst scored: a scan, no candidates").toBeNull();
  });

  test("deleted=only lists the deleted accounts (searched too), and nothing live", async () => {
    const res = await list(w, { deleted: "only", limit: "500", sort: "name", order: "asc" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const deleted = await w.sql`select name from public.customers where client_id = ${w.clientId} and deleted_at is not null order by name_key, id`;
    expect(res.body.customers.map((c: { name: string }) => c.name)).toEqual(deleted.map((r) => r.name));
    expect(res.body.total).toBe(deleted.length);
    expect(res.body.customers.every((c: { deleted_at: string | null }) => c.deleted_at !== null)).toBe(true);
    const searched = await list(w, { deleted: "only", search: "acct 0097" });
    expect(searched.body.customers.map((c: { name: string }) => c.name)).toEqual(["Acct 0097"]);
    expect((await list(w, { deleted: "yes" })).status).toBe(400);
  });

  test("count=none: the page without its total, unless the page is short (then it is the whole list)", async () => {
    const full = await list(w, { search: "acct", limit: "25", count: "none" });
    expect(full.status).toBe(200);
    expect(full.body.customers).toHaveLength(25);
    expect(full.body.total).toBeNull();
    const short = await list(w, { search: "acct 012", limit: "25", count: "none" });
    expect(short.body.total).toBe(short.body.customers.length);
    const bad = await list(w, { count: "some" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("count");
  });
});
