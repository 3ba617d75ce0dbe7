// What a signed-in user can do around the functions, through the hosted Data
// API: PostgREST serves schema public as the role `authenticated` with the
// user's claims. It may read what RLS lets the user read, and write nothing;
// the writes belong to the functions' own role, which PostgREST cannot assume.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stack } from "../../stack/context.ts";
import { as, attempt, buildWorld, connect, type Principal, type World } from "./principals.ts";

describe("the Data API (role authenticated)", () => {
  const sql = connect(stack().dbUrl);
  let w: World;
  /** managerA as PostgREST would run them: the same claims, role authenticated. */
  let viaDataApi: Principal;
  beforeAll(async () => {
    w = await buildWorld(sql);
    viaDataApi = { ...w.principals.managerA, role: "authenticated" };
  });
  afterAll(() => sql.end());

  it("an editor cannot set a customer's score and status around scoring", async () => {
    const outcome = await as(sql, viaDataApi, (tx) =>
      attempt(tx, (sp) => sp`update public.customers set score = 99, status = 'expansion' where id = ${w.customers.A[0]}`));
    expect(outcome, "permission denied, not a row quietly changed").toBe("denied");
  });

  it("an editor cannot append score history around scoring", async () => {
    const outcome = await as(sql, viaDataApi, (tx) => attempt(tx, (sp) => sp`
      insert into public.score_history (client_id, customer_id, score, status, reason, signals, config_version)
      values (${w.clients.A}, ${w.customers.A[0]}, 99, 'expansion', 'manual', '{}', 1)`));
    expect(outcome).toBe("denied");
  });

  it("an editor cannot create, rename or delete through it either", async () => {
    const outcomes = await as(sql, viaDataApi, async (tx) => ({
      insert: await attempt(tx, (sp) => sp`insert into public.customers (client_id, name) values (${w.clients.A}, 'Data API Co')`),
      rename: await attempt(tx, (sp) => sp`update public.customers set name = 'Renamed' where id = ${w.customers.A[0]}`),
      delete: await attempt(tx, (sp) => sp`delete from public.contacts where id = ${w.contacts.A[0]}`),
      settings: await attempt(tx, (sp) => sp`update public.client_settings set weights = weights where client_id = ${w.clients.A}`),
    }));
    expect(outcomes).toEqual({ insert: "denied", rename: "denied", delete: "denied", settings: "denied" });
  });

  it("reads still work, under the same row-level security as before", async () => {
    const [own, other] = await as(sql, viaDataApi, async (tx) => [
      (await tx`select count(*)::int as n from public.customers where client_id = ${w.clients.A}`)[0].n,
      (await tx`select count(*)::int as n from public.customers where client_id = ${w.clients.B}`)[0].n,
    ]);
    expect(own, "managerA reads client A's customers").toBe(w.customers.A.length);
    expect(other, "and none of client B's").toBe(0);
  });

  it("the same request through the functions' role may write, so the line is the role, not the user", async () => {
    const outcome = await as(sql, w.principals.managerA, (tx) =>
      attempt(tx, (sp) => sp`update public.customers set note = 'via the functions' where id = ${w.customers.A[0]}`));
    expect(outcome).toBe("ok");
  });

  it("PostgREST's login role cannot switch to the functions' role", async () => {
    // As PostgREST's session: the session user is authenticator (not the superuser that set it up).
    const error = await sql.begin(async (tx) => {
      await tx`set local session authorization authenticator`;
      expect((await tx`select set_config('role', 'authenticated', true) as r`)[0].r, "authenticator may become authenticated").toBe("authenticated");
      await tx`set local role pulseboard_api`;
    }).then(() => null, (e) => e as { code?: string });
    expect(error?.code, "permission denied to set role").toBe("42501");
    const [{ granted }] = await sql`select pg_has_role('authenticator', 'pulseboard_api', 'member') as granted`;
    expect(granted, "authenticator is no member of pulseboard_api").toBe(false);
  });
});
