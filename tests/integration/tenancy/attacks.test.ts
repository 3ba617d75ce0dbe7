// What an attacker inside the product would try: guessed ids, moving rows
// between clients, pointing a record at another client's row, promoting
// oneself, using a dead key, and calling the helper functions directly.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stack } from "../../stack/context.ts";
import { as, attempt, buildWorld, connect, sha256, sqlstateOf, type Principal, type Tx, type World } from "./principals.ts";

describe("attacks on tenant isolation", () => {
  const sql = connect(stack().dbUrl);
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(sql);
  });
  afterAll(() => sql.end());

  /** Rows of every client-scoped table the principal can see, fixture clients only. */
  async function everythingVisible(tx: Tx) {
    const ids = Object.values(w.clients);
    const [row] = await tx`select
      (select count(*) from public.clients where id = any (${ids}::uuid[]))::int as clients,
      (select count(*) from public.client_settings where client_id = any (${ids}::uuid[]))::int as settings,
      (select count(*) from public.scoring_profiles where client_id = any (${ids}::uuid[]))::int as profiles,
      (select count(*) from public.customers where client_id = any (${ids}::uuid[]))::int as customers,
      (select count(*) from public.contacts where client_id = any (${ids}::uuid[]))::int as contacts,
      (select count(*) from public.customer_notes where client_id = any (${ids}::uuid[]))::int as notes,
      (select count(*) from public.sentiment_entries where client_id = any (${ids}::uuid[]))::int as sentiments,
      (select count(*) from public.score_history where client_id = any (${ids}::uuid[]))::int as score_history`;
    return row;
  }
  const nothing = { clients: 0, settings: 0, profiles: 0, customers: 0, contacts: 0, notes: 0, sentiments: 0, score_history: 0 };

  describe("reading another client's rows", () => {
    it("managerA reading B's customer by its exact id gets no row", async () => {
      const rows = await as(sql, w.principals.managerA, (tx) => tx`select id, name from public.customers where id = ${w.customers.B[0]}`);
      expect(rows, "a guessed id of another client's customer returns nothing, not an error that confirms it exists").toHaveLength(0);
    });

    it("keyA reading B's customers with an explicit client filter gets no row", async () => {
      const rows = await as(sql, w.principals.keyA, (tx) => tx`select id from public.customers where client_id = ${w.clients.B}`);
      expect(rows, "asking for another client by id does not widen what a key sees").toHaveLength(0);
    });

    it("managerA reading B's contacts, notes and score history by customer id gets no row", async () => {
      const b = w.customers.B[0];
      const counts = await as(sql, w.principals.managerA, async (tx) => {
        const [row] = await tx`select
          (select count(*) from public.contacts where customer_id = ${b})::int as contacts,
          (select count(*) from public.customer_notes where customer_id = ${b})::int as notes,
          (select count(*) from public.sentiment_entries where customer_id = ${b})::int as sentiments,
          (select count(*) from public.score_history where customer_id = ${b})::int as history`;
        return row;
      });
      expect(counts, "the records hanging off another client's customer are as hidden as the customer").toEqual(
        { contacts: 0, notes: 0, sentiments: 0, history: 0 });
    });

    it("managerA reads none of B's audit log, and no audit entry of A either", async () => {
      const seen = await as(sql, w.principals.managerA, (tx) =>
        tx`select client_id, count(*)::int as n from public.audit_log where client_id in (${w.clients.A}, ${w.clients.B}) group by 1`);
      expect(seen, "the audit log is for owners and admins: a member sees no entry of any client").toHaveLength(0);
    });

    it("memberB reads none of A's audit log", async () => {
      const seen = await as(sql, w.principals.memberB, (tx) => tx`select id from public.audit_log where client_id = ${w.clients.A}`);
      expect(seen, "a member of B sees nothing of A's audit log").toHaveLength(0);
    });

    it("ownerY reads none of agency X's audit log", async () => {
      const seen = await as(sql, w.principals.ownerY, (tx) => tx`select id from public.audit_log where agency_id = ${w.agencies.X}`);
      expect(seen, "the owner of another agency sees nothing of X's history").toHaveLength(0);
    });

    it("a member assigned to an archived client no longer sees it or its data", async () => {
      const seen = await as(sql, w.principals.managerA, (tx) => tx`select
        (select count(*) from public.clients where id = ${w.clients.D})::int as clients,
        (select count(*) from public.customers where client_id = ${w.clients.D})::int as customers`);
      expect(seen[0], "managerA is still a manager of D, but archived D is gone for members").toEqual({ clients: 0, customers: 0 });
    });

    it("owners and admins cannot read the stored hashes of API keys", async () => {
      for (const name of ["ownerX", "adminX"] as const) {
        const code = await sqlstateOf(sql, w.principals[name], (tx) => tx`select key_hash from public.api_keys`);
        expect(code, `${name} lists keys but the key_hash column is not granted`).toBe("42501");
      }
    });
  });

  describe("writing into another client", () => {
    it("managerA cannot move A's customer to client B", async () => {
      const code = await sqlstateOf(sql, w.principals.managerA,
        (tx) => tx`update public.customers set client_id = ${w.clients.B} where id = ${w.customers.A[0]}`);
      expect(code, "changing client_id is refused with insufficient privilege").toBe("42501");
    });

    it("even an owner of both clients cannot move a customer between them", async () => {
      const error = await as(sql, w.principals.ownerX, async (tx) => {
        try {
          await tx`update public.customers set client_id = ${w.clients.B} where id = ${w.customers.A[0]}`;
          return null;
        } catch (e) {
          return e as { code: string; message: string };
        }
      });
      expect(error?.code, "the keep_client_id trigger refuses it even when both clients are editable").toBe("42501");
      expect(error?.message, "it says why").toMatch(/client_id cannot be changed/);
    });

    it("managerA and keyA cannot insert a customer into client B", async () => {
      for (const name of ["managerA", "keyA"] as const) {
        const outcome = await as(sql, w.principals[name], (tx) =>
          attempt(tx, (sp) => sp`insert into public.customers (client_id, name) values (${w.clients.B}, 'Planted account')`));
        expect(outcome, `${name}'s insert into B violates the row-level security policy`).toBe("rls");
      }
    });

    it("a contact, note, sentiment or score snapshot in A cannot point at B's customer", async () => {
      const [a, b] = [w.clients.A, w.customers.B[0]];
      const statements: [string, (tx: Tx) => Promise<unknown>][] = [
        ["contact", (tx) => tx`insert into public.contacts (client_id, customer_id, name) values (${a}, ${b}, 'Spy')`],
        ["note", (tx) => tx`insert into public.customer_notes (client_id, customer_id, body) values (${a}, ${b}, 'Spy')`],
        ["sentiment", (tx) => tx`insert into public.sentiment_entries (client_id, customer_id, sentiment) values (${a}, ${b}, 'neutral')`],
        ["score snapshot", (tx) => tx`insert into public.score_history (client_id, customer_id, reason, signals) values (${a}, ${b}, 'manual', '{}')`],
      ];
      for (const [what, statement] of statements) {
        const code = await sqlstateOf(sql, w.principals.managerA, statement);
        expect(code, `a ${what} of A naming B's customer breaks the composite foreign key (23503)`).toBe("23503");
      }
    });

    it("an existing contact of A cannot be re-pointed at B's customer", async () => {
      const code = await sqlstateOf(sql, w.principals.managerA,
        (tx) => tx`update public.contacts set customer_id = ${w.customers.B[0]} where id = ${w.contacts.A[0]}`);
      expect(code, "the (customer_id, client_id) pair must name a customer of the row's own client").toBe("23503");
    });

    it("a customer of A cannot be given B's scoring profile", async () => {
      const code = await sqlstateOf(sql, w.principals.managerA,
        (tx) => tx`update public.customers set scoring_profile_id = ${w.profiles.B} where id = ${w.customers.A[1]}`);
      expect(code, "the profile foreign key includes client_id, so another client's profile is refused").toBe("23503");
    });

    it("ownerY cannot add a client to agency X, and adminX cannot make a key for Y's client C", async () => {
      const client = await as(sql, w.principals.ownerY, (tx) =>
        attempt(tx, (sp) => sp`insert into public.clients (agency_id, name) values (${w.agencies.X}, 'Trojan client')`));
      expect(client, "a client lands only in an agency one administers").toBe("rls");
      const key = await as(sql, w.principals.adminX, (tx) =>
        attempt(tx, (sp) => sp`insert into public.api_keys (client_id, key_hash, prefix) values (${w.clients.C}, ${"e".repeat(64)}, 'pb_eeee')`));
      expect(key, "a key is made only for a client of one's own agency").toBe("rls");
    });
  });

  describe("writing in someone else's name", () => {
    // The author is stamped by a trigger (private.stamp_author), whatever the input says.
    it("a manager cannot write a note or a sentiment entry in the owner's name", async () => {
      const authors = await as(sql, w.principals.managerA, async (tx) => {
        const author = (statement: (sp: Tx) => Promise<{ author_id: string }[]>) =>
          tx.savepoint(async (sp) => (await statement(sp as unknown as Tx))[0].author_id).catch(() => "refused");
        return {
          note: await author((sp) => sp`insert into public.customer_notes (client_id, customer_id, body, author_id)
            values (${w.clients.A}, ${w.customers.A[0]}, 'Approved the discount', ${w.users.ownerX}) returning author_id`),
          sentiment: await author((sp) => sp`insert into public.sentiment_entries (client_id, customer_id, sentiment, author_id)
            values (${w.clients.A}, ${w.customers.A[0]}, 'positive', ${w.users.ownerX}) returning author_id`),
        };
      });
      expect(authors.note, "the note is refused or recorded under managerA, never under ownerX").not.toBe(w.users.ownerX);
      expect(authors.sentiment, "the same for a sentiment entry").not.toBe(w.users.ownerX);
    });
  });

  describe("promoting oneself", () => {
    it("viewerA cannot make themself a manager of A", async () => {
      const outcome = await as(sql, w.principals.viewerA, (tx) =>
        attempt(tx, (sp) => sp`update public.client_members set role = 'manager' where user_id = ${w.users.viewerA}`));
      expect(outcome, "assignments are changed by owners and admins only: 0 rows updated").toBe("none");
    });

    it("managerA cannot assign themself to client B", async () => {
      const outcome = await as(sql, w.principals.managerA, (tx) =>
        attempt(tx, (sp) => sp`insert into public.client_members (client_id, user_id, role) values (${w.clients.B}, ${w.users.managerA}, 'manager')`));
      expect(outcome, "a member cannot widen their own reach").toBe("rls");
    });

    it("a member cannot make themself an admin of the agency", async () => {
      const outcome = await as(sql, w.principals.memberB, (tx) =>
        attempt(tx, (sp) => sp`update public.agency_members set role = 'admin' where user_id = ${w.users.memberB}`));
      expect(outcome, "agency roles are changed by owners and admins only: 0 rows updated").toBe("none");
    });

    it("ownerY cannot join agency X", async () => {
      const outcome = await as(sql, w.principals.ownerY, (tx) =>
        attempt(tx, (sp) => sp`insert into public.agency_members (agency_id, user_id, role) values (${w.agencies.X}, ${w.users.ownerY}, 'member')`));
      expect(outcome, "an agency's membership is managed by its own owners and admins").toBe("rls");
      const asOwner = await sqlstateOf(sql, w.principals.ownerY,
        (tx) => tx`insert into public.agency_members (agency_id, user_id, role) values (${w.agencies.X}, ${w.users.ownerY}, 'owner')`);
      expect(asOwner, "nor as an owner of X").toBe("42501");
    });

    it("an admin can neither make themself owner nor demote or remove the owner", async () => {
      const statements: [string, (tx: Tx) => Promise<unknown>][] = [
        ["promote themself", (tx) => tx`update public.agency_members set role = 'owner' where user_id = ${w.users.adminX} and agency_id = ${w.agencies.X}`],
        ["demote the owner", (tx) => tx`update public.agency_members set role = 'member' where user_id = ${w.users.ownerX} and agency_id = ${w.agencies.X}`],
        ["remove the owner", (tx) => tx`delete from public.agency_members where user_id = ${w.users.ownerX} and agency_id = ${w.agencies.X}`],
        ["make someone else owner", (tx) => tx`update public.agency_members set role = 'owner' where id = ${w.spareMemberships.X}`],
      ];
      for (const [what, statement] of statements) {
        expect(await sqlstateOf(sql, w.principals.adminX, statement), `adminX cannot ${what}: only an owner grants or takes ownership`).toBe("42501");
      }
    });

    it("the last owner of an agency cannot step down or leave", async () => {
      const demote = await sqlstateOf(sql, w.principals.ownerY,
        (tx) => tx`update public.agency_members set role = 'admin' where user_id = ${w.users.ownerY} and agency_id = ${w.agencies.Y}`);
      expect(demote, "an agency must keep an owner (23514)").toBe("23514");
      const leave = await sqlstateOf(sql, w.principals.ownerY,
        (tx) => tx`delete from public.agency_members where user_id = ${w.users.ownerY} and agency_id = ${w.agencies.Y}`);
      expect(leave, "leaving would also leave Y without an owner (23514)").toBe("23514");
    });

    it("an owner cannot assign a client to someone outside the agency", async () => {
      const code = await sqlstateOf(sql, w.principals.ownerX,
        (tx) => tx`insert into public.client_members (client_id, user_id, role) values (${w.clients.A}, ${w.users.ownerY}, 'manager')`);
      expect(code, "ownerY is no member of X, so an assignment to A is refused (23514)").toBe("23514");
    });

    it("removing someone from the agency ends their client assignments there", async () => {
      const [before, after] = await as(sql, w.principals.ownerX, async (tx) => {
        const count = async () => (await tx`select id from public.client_members where user_id = ${w.users.managerA}`).length;
        const first = await count();
        await tx`delete from public.agency_members where user_id = ${w.users.managerA} and agency_id = ${w.agencies.X}`;
        return [first, await count()];
      });
      expect(before, "the owner sees managerA's two assignments (A and archived D) first").toBe(2);
      expect(after, "they go with the membership").toBe(0);
    });
  });

  describe("dead and forged keys", () => {
    const forged = (): Principal => ({ name: "forged", role: "pulseboard_api",
      claims: { role: "authenticated", api_key_hash: sha256("pb_guessed_key") } });

    for (const [name, why] of [
      ["revokedKeyA", "a revoked key"],
      ["keyD", "the key of an archived client"],
    ] as const) {
      it(`${why} sees nothing and cannot write`, async () => {
        const principal = w.principals[name];
        const client = w.clients[w.keys[name].client];
        const seen = await as(sql, principal, everythingVisible);
        expect(seen, `${why} reads no row of any client, its own included`).toEqual(nothing);
        const insert = await as(sql, principal, (tx) =>
          attempt(tx, (sp) => sp`insert into public.customers (client_id, name) values (${client}, 'Zombie write')`));
        expect(insert, `${why} cannot add a customer to its own client`).toBe("rls");
        const update = await as(sql, principal, (tx) =>
          attempt(tx, (sp) => sp`update public.customers set note = 'zombie' where client_id = ${client}`));
        expect(update, `${why} updates no customer of its own client`).toBe("none");
      });
    }

    it("a key whose hash matches no stored key sees nothing", async () => {
      const seen = await as(sql, forged(), everythingVisible);
      expect(seen, "an unknown api_key_hash is no principal at all").toEqual(nothing);
    });

    it("a live key of the same client still works, so the checks above are not vacuous", async () => {
      const seen = await as(sql, w.principals.keyA, everythingVisible);
      expect(seen.customers, "keyA sees A's three customers").toBe(3);
      expect(seen.clients, "keyA sees its own client").toBe(1);
    });
  });

  describe("functions and views", () => {
    type Fn = { signature: string; schema: string; name: string; kind: string; args: string[] };
    async function functions(): Promise<Fn[]> {
      return (await sql`select p.oid::regprocedure::text as signature, n.nspname as schema, p.proname as name, p.prokind as kind,
                               array(select format_type(t, null) from unnest(p.proargtypes) t) as args
                        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                        where n.nspname in ('public', 'private') order by 1`) as unknown as Fn[];
    }

    it("the schemas public and private hold functions, so the checks below have something to check", async () => {
      const fns = await functions();
      expect(fns.length, "the RLS helpers alone are more than five functions").toBeGreaterThan(5);
      expect(fns.filter((f) => f.kind !== "f" && f.kind !== "p").map((f) => f.signature),
        "no aggregates or window functions that the call below could not reach").toEqual([]);
    });

    // Every function is created without EXECUTE for PUBLIC (default privileges in 000100).
    it("anon holds EXECUTE on no function in public or private", async () => {
      const executable = await sql`select p.oid::regprocedure::text as signature from pg_proc p
        where p.pronamespace in ('public'::regnamespace, 'private'::regnamespace)
          and has_function_privilege('anon', p.oid, 'execute') order by 1`;
      expect(executable.map((r) => r.signature), "functions anon may execute").toEqual([]);
    });

    // Same bug as above, seen by calling: a granted function answers with its
    // own error (or a result) instead of 42501.
    it("calling any function in public or private as anon is a permission error", async () => {
      const results: Record<string, string> = {};
      for (const fn of await functions()) {
        const args = fn.args.map((t) => `null::${t}`).join(", ");
        const call = `${fn.kind === "p" ? "call" : "select"} "${fn.schema}"."${fn.name}"(${args})`;
        results[fn.signature] = await sqlstateOf(sql, w.principals.anon, (tx) => tx.unsafe(call));
      }
      const answered = Object.entries(results).filter(([, code]) => code !== "42501");
      expect(answered, "functions anon could call (signature, sqlstate)").toEqual([]);
    });

    it("no private table is reachable by anon or authenticated", async () => {
      const reachable = await sql`select c.oid::regclass::text as name, r.rolname from pg_class c
        cross join (values ('anon'), ('authenticated')) r (rolname)
        where c.relnamespace = 'private'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
          and has_table_privilege(r.rolname, c.oid, 'select, insert, update, delete')`;
      expect(reachable, "private tables are touched only by security definer helpers").toEqual([]);
    });

    const invokerless = (tx: Tx | typeof sql) => tx`select c.oid::regclass::text as name from pg_class c
      where c.relnamespace in ('public'::regnamespace, 'private'::regnamespace) and c.relkind in ('v', 'm')
        and not coalesce('security_invoker=true' = any (c.reloptions), false)`;

    it("every view in public and private is security_invoker, so it never reads past RLS", async () => {
      expect(await invokerless(sql), "views that would run with their owner's rights").toEqual([]);
    });

    it("the view check bites: a definer-rights view created in a rolled-back transaction is reported", async () => {
      let reported: string[] = [];
      await sql.begin(async (tx) => {
        await tx`create view public.tenancy_probe_view as select id from public.customers`;
        reported = (await invokerless(tx)).map((r) => r.name);
        throw new Error("rollback");
      }).catch(() => {});
      expect(reported, "a view without security_invoker is caught").toContain("tenancy_probe_view");
    });
  });
});
