// Randomized junk at every action, by GET and POST: the API never answers
// 5xx, always answers JSON, and a refused request writes nothing. Seeded, so
// a failure reproduces: the seed and the request are in the failure message.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { accountFieldNames } from "../../../shared/customers/fields.ts";
import { type Auth, closeSuperuser, endpoint, fingerprint, makeClient, post, superuser } from "./api.ts";

const SEED = 20261124;
const RUNS = 300;

const fieldNames = ["id", "name", "field", "value", "accounts", "cursor", "sort", "order", "limit", "offset", "status",
  "lifecycle", "tier", "manager", "tag", "updated_since", "search", "client_id", "target_url", "event", ...accountFieldNames];

// Values that have broken APIs before: edges of numbers, dates, encodings, shapes.
const nasty = fc.constantFrom<unknown>(
  "", " ", "0", "-1", "1e309", "NaN", "Infinity", "null", "true", "[]", "{}", "2026-02-30", "2026-03-01T00:00:00Z",
  "00000000-0000-4000-8000-000000000000", "'; drop table customers; --", "%00", "\u0000", "\ud800", "🙂".repeat(70),
  "x".repeat(5001), "vip,beta,,", "Acme Corp", "acme corp", "atrisk", "risk", "enterprise", "promoter", "strong",
  0, -0, -1, 1, 0.5, 99.999, 100, 101, 2 ** 31, 2 ** 53, -(2 ** 53), 1e300, -1e300, Number.MIN_VALUE,
  true, false, null, [], {}, [[[]]], { nested: { deeper: [1, { x: "y" }] } },
);
const value = fc.oneof(nasty, fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 40 }), fc.integer(), fc.double());
// Often only known field names (list parameters among them), so that inputs
// refusing unknown keys are fuzzed past that check too.
const listParameters = ["status", "tier", "lifecycle", "sort", "order", "limit", "offset", "search", "manager", "tag"];
const data = fc.oneof(
  fc.dictionary(fc.constantFrom(...listParameters), value, { maxKeys: 2 }),
  fc.dictionary(fc.constantFrom(...fieldNames), value, { maxKeys: 4 }),
  fc.dictionary(fc.oneof(fc.constantFrom(...fieldNames), fc.string({ maxLength: 12 })), value, { maxKeys: 6 }),
);
/**
 * Requests at api-inbound's registered actions (as its OpenAPI document lists
 * them), and at names it does not have. The actions an API key may run (and
 * the link actions, which anyone may) are drawn more often, so that the
 * dashboard's growing list of actions, which refuse a key at once, does not
 * crowd out the paths that run.
 */
const requestsAt = ({ names, forKeys }: { names: string[]; forKeys: string[] }) => fc.record({
  method: fc.constantFrom("GET", "POST", "POST-raw"),
  action: fc.oneof(
    { arbitrary: fc.constantFrom<string>(...forKeys), weight: 2 },
    fc.constantFrom<string>(...names, "", "LIST_CUSTOMERS", "drop"),
    fc.string({ maxLength: 15 }),
  ),
  data,
  raw: fc.string({ maxLength: 60 }),
});

type Req = ReturnType<typeof requestsAt> extends fc.Arbitrary<infer T> ? T : never;

/** api-inbound's actions and which of them write, from the document generated from its registry. */
async function registeredActions() {
  const doc = await (await fetch(`${endpoint()}/openapi.json`)).json();
  const ops = Object.entries(doc.paths as Record<string, { post: { "x-action": string; "x-write": boolean; tags: string[] } }>)
    .filter(([path]) => path.startsWith("/api-inbound#")).map(([, item]) => item.post);
  return {
    names: ops.map((o) => o["x-action"]),
    forKeys: ops.filter((o) => o.tags[0] !== "dashboard").map((o) => o["x-action"]),
    writes: new Set(ops.filter((o) => o["x-write"]).map((o) => o["x-action"])),
  };
}

async function send(auth: Auth, r: Req) {
  if (r.method === "GET") {
    const qs = new URLSearchParams([["action", r.action], ...Object.entries(r.data).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v) ?? ""])]);
    const res = await fetch(`${endpoint()}?${qs}`, { headers: { "x-api-key": (auth as { apiKey: string }).apiKey } });
    return { status: res.status, text: await res.text() };
  }
  const body = r.method === "POST-raw" ? r.raw : JSON.stringify({ action: r.action, data: r.data });
  const res = await post(auth, body);
  return { status: res.status, text: JSON.stringify(res.body) };
}

describe("fuzzing every action with junk", () => {
  let client: Awaited<ReturnType<typeof makeClient>>;
  let othersBefore: Awaited<ReturnType<typeof fingerprint>>;
  let writes: Set<string>;
  let request: ReturnType<typeof requestsAt>;

  beforeAll(async () => {
    const registered = await registeredActions();
    expect(registered.names, "the registry lists the public actions").toContain("upsert_accounts");
    writes = registered.writes;
    request = requestsAt(registered);
    client = await makeClient({ rateLimitPerMinute: 1_000_000 });
    // A few customers the junk can hit by name.
    for (const name of ["Acme Corp", "Globex", "Initech"]) {
      await post(client.auth, { action: "upsert_account", data: { name, logins: 10, adoption: 50, tickets: 1, nps: 8, days: 3, growth: "mild" } });
    }
    othersBefore = await othersFingerprint();
  });
  afterAll(closeSuperuser);

  /** Every client except the throwaway one: junk there must never change anything. */
  async function othersFingerprint() {
    const [c] = await superuser()`select count(*)::int as n, max(updated_at)::text as latest from public.customers where client_id <> ${client.id}`;
    const [h] = await superuser()`select count(*)::int as n from public.score_history where client_id <> ${client.id}`;
    return { customers: c.n, latest: c.latest, history: h.n };
  }

  test(`${RUNS} random requests (seed ${SEED}) never get a 5xx, always get JSON, and refused ones write nothing`, async () => {
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const before = await fingerprint(client.id);
        const res = await send(client.auth, r);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const context = `${JSON.stringify(r).slice(0, 400)} → ${res.status} ${res.text.slice(0, 300)}`;
        expect(res.status, context).toBeLessThan(500);
        const body = JSON.parse(res.text);
        if (res.status >= 400) {
          expect(body.error, context).toMatchObject({ code: expect.any(String), message: expect.any(String) });
          expect(await fingerprint(client.id), `a refused request wrote nothing: ${context}`).toEqual(before);
        } else if (!writes.has(r.action)) {
          expect(await fingerprint(client.id), `a read wrote nothing: ${context}`).toEqual(before);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(statuses[200] ?? 0, "some junk is valid enough to succeed, so success paths were fuzzed too").toBeGreaterThan(0);
    expect(await othersFingerprint(), "no other client's data changed").toEqual(othersBefore);
  }, 240_000);
});
