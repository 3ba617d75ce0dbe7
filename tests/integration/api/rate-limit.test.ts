// Rate limits per API key (api_keys.rate_limit_per_minute): 429 with
// Retry-After past the limit, other keys unaffected; last_used_at stamped.
import { afterAll, describe, expect, test } from "vitest";
import { closeSuperuser, demoKey, get, makeClient, superuser } from "./api.ts";

/** Waits out the last seconds of a minute so a test's burst falls in one window. */
async function startOfWindow() {
  const s = new Date().getUTCSeconds();
  if (s > 45) await new Promise((ok) => setTimeout(ok, (61 - s) * 1000));
}

describe("rate limits per API key", () => {
  afterAll(closeSuperuser);

  test("a key limited to 3 a minute gets 3 answers, then 429 with Retry-After and a JSON error", async () => {
    const limited = await makeClient({ rateLimitPerMinute: 3 });
    await startOfWindow();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(limited.auth, { action: "list_customers" })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const res = await get(limited.auth, { action: "list_customers" });
    expect(res.status).toBe(429);
    const retry = Number(res.headers.get("retry-after"));
    expect(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After is 1–60 seconds, got ${retry}`).toBe(true);
    expect(res.body.error).toMatchObject({ code: "rate_limited", field: "x-api-key" });
    expect(res.headers.get("access-control-expose-headers"), "browsers may read Retry-After").toMatch(/retry-after/i);
  });

  test("the limit counts per key: another key of the same client, and other clients, are unaffected", async () => {
    const limited = await makeClient({ rateLimitPerMinute: 1 });
    await startOfWindow();
    await get(limited.auth, { action: "list_customers" });
    expect((await get(limited.auth, { action: "list_customers" })).status).toBe(429);
    const secondKey = `pb_${"ab".repeat(20)}${Date.now()}`;
    const { createHash } = await import("node:crypto");
    await superuser()`insert into public.api_keys (client_id, key_hash, prefix, rate_limit_per_minute)
      values (${limited.id}, ${createHash("sha256").update(secondKey).digest("hex")}, 'pb_second', 1)`;
    expect((await get({ apiKey: secondKey }, { action: "list_customers" })).status, "a second key has its own count").toBe(200);
    expect((await get(demoKey(1), { action: "list_customers", limit: 1 })).status, "other clients are unaffected").toBe(200);
  });

  test("a refused write under the limit writes nothing", async () => {
    const limited = await makeClient({ rateLimitPerMinute: 1 });
    await startOfWindow();
    await get(limited.auth, { action: "list_customers" });
    const res = await fetch(`${(await import("./api.ts")).endpoint()}`, {
      method: "POST", headers: { "x-api-key": limited.apiKey, "content-type": "application/json" },
      body: JSON.stringify({ action: "upsert_account", data: { name: "Should Not Exist" } }),
    });
    expect(res.status).toBe(429);
    const [{ n }] = await superuser()`select count(*)::int as n from public.customers where client_id = ${limited.id}`;
    expect(n).toBe(0);
  });

  test("a key's last_used_at is stamped when it is used", async () => {
    const fresh = await makeClient();
    const [before] = await superuser()`select last_used_at from public.api_keys where id = ${fresh.keyId}`;
    expect(before.last_used_at, "a new key has never been used").toBeNull();
    const t0 = Date.now();
    await get(fresh.auth, { action: "list_customers" });
    const [after] = await superuser()`select last_used_at from public.api_keys where id = ${fresh.keyId}`;
    expect(after.last_used_at).toBeInstanceOf(Date);
    expect(Math.abs(after.last_used_at.getTime() - t0), "stamped at the time of the request").toBeLessThan(10_000);
  });
});
