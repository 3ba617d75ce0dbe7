// What the database writes down and refuses on its own, whatever the calling
// code does: the audit log and config history written by triggers, and the
// checks and unique indexes that keep bad data out.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stack } from "../../stack/context.ts";
import { as, buildWorld, connect, sqlstateOf, type Principal, type Tx, type World } from "./principals.ts";

type AuditRow = {
  table_name: string; row_id: string; action: string; actor: string; actor_user_id: string | null;
  actor_api_key_id: string | null; client_id: string; agency_id: string;
  before: Record<string, unknown> | null; after: Record<string, unknown> | null;
};

describe("audit log, config history and data checks", () => {
  const sql = connect(stack().dbUrl);
  let w: World;
  beforeAll(async () => {
    w = await buildWorld(sql);
  });
  afterAll(() => sql.end());

  /** Reads as the superuser inside the principal's transaction, then becomes the principal again. */
  async function privileged<T>(tx: Tx, principal: Principal, read: () => Promise<T>): Promise<T> {
    await tx`set local role none`;
    const result = await read();
    await tx`select set_config('role', ${principal.role}, true)`;
    return result;
  }

  /** Runs `write` as `principal` (rolled back) and returns the audit entries it produced. */
  async function auditOf(principal: Principal, write: (tx: Tx) => Promise<unknown>): Promise<AuditRow[]> {
    return as(sql, principal, async (tx) => {
      const [{ last }] = await privileged(tx, principal, () => tx`select coalesce(max(id), 0) as last from public.audit_log`);
      await write(tx);
      return privileged(tx, principal, async () => (await tx`
        select table_name, row_id, action, actor, actor_user_id, actor_api_key_id, client_id, agency_id, before, after
        from public.audit_log where id > ${last} order by id`) as unknown as AuditRow[]);
    });
  }

  describe("the audit log", () => {
    it("a manager's update of a customer is recorded with the user and only the changed fields", async () => {
      const id = w.customers.A[0];
      const entries = await auditOf(w.principals.managerA,
        (tx) => tx`update public.customers set note = 'Asked for a discount', tier = 'mid', tickets = tickets where id = ${id}`);
      expect(entries, "one statement on one row writes one entry").toHaveLength(1);
      expect(entries[0], "the entry names the user, the table, the row and its tenancy").toMatchObject({
        table_name: "customers", row_id: id, action: "update", actor: "user", actor_user_id: w.users.managerA,
        actor_api_key_id: null, client_id: w.clients.A, agency_id: w.agencies.X,
      });
      expect(entries[0].before, "before holds only the fields that changed (not updated_at, not untouched tickets)")
        .toEqual({ note: null, tier: "smb" });
      expect(entries[0].after, "after holds the same fields' new values").toEqual({ note: "Asked for a discount", tier: "mid" });
    });

    it("an API key's write is recorded as the key, not as a user", async () => {
      const id = w.customers.A[1];
      const entries = await auditOf(w.principals.keyA, (tx) => tx`update public.customers set logins = 42 where id = ${id}`);
      expect(entries, "one entry for the key's update").toHaveLength(1);
      expect(entries[0], "actor api_key with the key's id, and no user").toMatchObject({
        table_name: "customers", row_id: id, action: "update", actor: "api_key",
        actor_api_key_id: w.keys.keyA.id, actor_user_id: null, before: { logins: 10 }, after: { logins: 42 },
      });
    });

    it("a write with no principal (a scheduled job) is recorded as system", async () => {
      const id = w.customers.B[0];
      const entries = await auditOf({ name: "system", role: "pulseboard_api", claims: {} }, async (tx) => {
        await tx`set local role none`;
        await tx`update public.customers set manager = 'Night batch' where id = ${id}`;
      });
      expect(entries.map((e) => [e.actor, e.actor_user_id, e.actor_api_key_id]), "neither a user nor a key").toEqual([["system", null, null]]);
    });

    it("an insert records the new row's fields and a delete the old row's", async () => {
      const entries = await auditOf(w.principals.managerA, async (tx) => {
        await tx`insert into public.contacts (client_id, customer_id, name, email)
                 values (${w.clients.A}, ${w.customers.A[0]}, 'Dana Reyes', 'dana@example.com')`;
        await tx`delete from public.contacts where id = ${w.contacts.A[1]}`;
      });
      expect(entries.map((e) => [e.table_name, e.action, e.actor]), "an insert entry, then a delete entry, both by the user")
        .toEqual([["contacts", "insert", "user"], ["contacts", "delete", "user"]]);
      expect(entries[0].before, "an insert has no before").toBeNull();
      expect(entries[0].after, "an insert's after is the new row").toMatchObject({ name: "Dana Reyes", email: "dana@example.com", client_id: w.clients.A });
      expect(entries[1].after, "a delete has no after").toBeNull();
      expect(entries[1].before, "a delete's before is the removed row").toMatchObject({ id: w.contacts.A[1], name: "Contact A2" });
    });

    it("creating an API key is audited without its hash", async () => {
      const hash = "a".repeat(64);
      const entries = await auditOf(w.principals.ownerX, (tx) =>
        tx`insert into public.api_keys (client_id, key_hash, prefix, label) values (${w.clients.A}, ${hash}, 'pb_aaaa', 'Zapier')`);
      expect(entries.map((e) => [e.table_name, e.action, e.actor_user_id]), "the owner's key creation is one entry")
        .toEqual([["api_keys", "insert", w.users.ownerX]]);
      expect(entries[0].after, "the entry keeps the prefix and label").toMatchObject({ prefix: "pb_aaaa", label: "Zapier" });
      expect(JSON.stringify(entries[0].after), "but never the key's hash, which admins may not read").not.toContain(hash);
    });

    it("a rescore that changes only derived score columns writes no audit entry", async () => {
      const entries = await auditOf(w.principals.managerA, (tx) =>
        tx`update public.customers set score = 71.5, status = 'healthy', previous_score = score, scored_at = now()
           where id = ${w.customers.A[2]}`);
      expect(entries, "derived scores live in score_history, not in the audit log").toEqual([]);
    });

    it("a manual score is audited", async () => {
      const entries = await auditOf(w.principals.managerA, (tx) =>
        tx`update public.customers set score = 12, score_manual = true where id = ${w.customers.A[2]}`);
      expect(entries.map((e) => e.after), "the manual flag and the score it set are both written down")
        .toEqual([{ score: 12, score_manual: true }]);
    });
  });

  describe("settings versions and config history", () => {
    const weights = { logins: 30, adoption: 20, tickets: 20, nps: 15, days: 10, growth: 5, csat: 0 };

    it("a weights change by a manager bumps the version and writes config history", async () => {
      const p = w.principals.managerA;
      const result = await as(sql, p, async (tx) => {
        const [before] = await tx`select version from public.client_settings where client_id = ${w.clients.A}`;
        const updated = await tx`update public.client_settings set weights = ${tx.json(weights)}
                                 where client_id = ${w.clients.A} returning version`;
        const history = await tx`select version, settings, profiles, changed_by from public.config_history
                                 where client_id = ${w.clients.A} order by version desc limit 1`;
        return { before: before.version as number, after: updated[0]?.version as number, history: history[0] };
      });
      expect(result.after, "the version moves by exactly one").toBe(result.before + 1);
      expect(result.history.version, "config history holds the new version").toBe(result.after);
      expect(result.history.settings.weights, "with the new weights").toEqual(weights);
      expect(result.history.changed_by, "and who changed them").toBe(w.users.managerA);
      expect(result.history.profiles.map((x: { name: string }) => x.name), "and the client's profiles as they were")
        .toEqual([`Profile A ${w.suffix}`]);
    });

    it("saving unchanged settings makes no new version", async () => {
      const versions = await as(sql, w.principals.managerA, async (tx) => {
        const [before] = await tx`select version from public.client_settings where client_id = ${w.clients.A}`;
        const [after] = await tx`update public.client_settings set weights = weights where client_id = ${w.clients.A} returning version`;
        return [before.version, after.version];
      });
      expect(versions[1], "a no-op save keeps the version").toBe(versions[0]);
    });

    it("a profile change moves the client's version too", async () => {
      const versions = await as(sql, w.principals.managerA, async (tx) => {
        const [before] = await tx`select version from public.client_settings where client_id = ${w.clients.A}`;
        await tx`update public.scoring_profiles set weights = ${tx.json({ logins: 70, adoption: 30 })} where id = ${w.profiles.A}`;
        const [after] = await tx`select version from public.client_settings where client_id = ${w.clients.A}`;
        const [history] = await tx`select version, profiles from public.config_history where client_id = ${w.clients.A} order by version desc limit 1`;
        return { before: before.version, after: after.version, history };
      });
      expect(versions.after, "a profile edit is a new configuration version").toBe(versions.before + 1);
      expect(versions.history.profiles[0].weights, "config history keeps the profile's new weights").toEqual({ logins: 70, adoption: 30 });
    });

    it("weights that do not total 100 are refused, for settings and for profiles", async () => {
      const bad = { ...weights, logins: 31 };
      const settings = await sqlstateOf(sql, w.principals.managerA,
        (tx) => tx`update public.client_settings set weights = ${tx.json(bad)} where client_id = ${w.clients.A}`);
      expect(settings, "settings weights totalling 101 violate the check (23514)").toBe("23514");
      const profile = await sqlstateOf(sql, w.principals.managerA,
        (tx) => tx`update public.scoring_profiles set weights = ${tx.json({ logins: 50, adoption: 49 })} where id = ${w.profiles.A}`);
      expect(profile, "profile weights totalling 99 violate the check (23514)").toBe("23514");
      const unknown = await sqlstateOf(sql, w.principals.managerA,
        (tx) => tx`update public.client_settings set weights = ${tx.json({ logins: 50, vibes: 50 })} where client_id = ${w.clients.A}`);
      expect(unknown, "an unknown signal in the weights violates the check (23514)").toBe("23514");
    });

    it("bands that do not rise are refused", async () => {
      const code = await sqlstateOf(sql, w.principals.managerA, (tx) =>
        tx`update public.client_settings set bands = ${tx.json({ atrisk: 50, watch: 40, healthy: 65, expansion: 80 })}
           where client_id = ${w.clients.A}`);
      expect(code, "watch below atrisk violates the check (23514)").toBe("23514");
    });
  });

  describe("customer checks", () => {
    const refused: [string, string, string | number][] = [
      ["adoption above 100", "adoption", 150],
      ["an NPS of 11", "nps", 11],
      ["a CSAT of 0", "csat", 0],
      ["negative MRR", "mrr", -1],
      ["an unknown tier", "tier", "platinum"],
      ["an unknown lifecycle", "lifecycle", "dormant"],
      ["negative logins", "logins", -3],
      ["a score above 100", "score", 101],
    ];
    for (const [what, column, value] of refused) {
      it(`${what} is refused`, async () => {
        const code = await sqlstateOf(sql, w.principals.managerA,
          (tx) => tx`update public.customers set ${tx({ [column]: value })} where id = ${w.customers.A[0]}`);
        expect(code, `${column} = ${value} violates a check constraint (23514)`).toBe("23514");
      });
    }

    it("the same checks hold for a new customer", async () => {
      const code = await sqlstateOf(sql, w.principals.keyA,
        (tx) => tx`insert into public.customers (client_id, name, adoption) values (${w.clients.A}, 'Overachiever', 150)`);
      expect(code, "an API key's insert with adoption 150 violates the check (23514)").toBe("23514");
    });

    it("a duplicate name in another case within one client is refused", async () => {
      const name = `CUSTOMER A1 ${w.suffix}`.toUpperCase();
      const code = await sqlstateOf(sql, w.principals.managerA,
        (tx) => tx`insert into public.customers (client_id, name) values (${w.clients.A}, ${name})`);
      expect(code, "names are unique per client whatever their case (23505)").toBe("23505");
    });

    it("the same name is allowed in another client", async () => {
      const code = await sqlstateOf(sql, w.principals.ownerX,
        (tx) => tx`insert into public.customers (client_id, name) values (${w.clients.B}, ${`customer a1 ${w.suffix}`})`);
      expect(code, "uniqueness is per client, so B may have its own 'Customer A1'").toBe("none");
    });

    it("the name is free again once the customer is soft-deleted", async () => {
      const code = await sqlstateOf(sql, w.principals.managerA, async (tx) => {
        await tx`update public.customers set deleted_at = now() where id = ${w.customers.A[0]}`;
        await tx`insert into public.customers (client_id, name) values (${w.clients.A}, ${`customer a1 ${w.suffix}`})`;
      });
      expect(code, "a soft-deleted customer no longer holds its name").toBe("none");
    });

    it("soft delete is the only delete: a manager can set deleted_at but cannot delete the row", async () => {
      const result = await as(sql, w.principals.managerA, async (tx) => {
        const [row] = await tx`update public.customers set deleted_at = now() where id = ${w.customers.A[1]} returning deleted_at`;
        let deleteCode = "none";
        await tx.savepoint((sp) => sp`delete from public.customers where id = ${w.customers.A[1]}`).catch((e) => (deleteCode = e.code));
        return { softDeleted: row?.deleted_at instanceof Date, deleteCode };
      });
      expect(result.softDeleted, "the soft delete is an ordinary update").toBe(true);
      expect(result.deleteCode, "a hard delete is a permission error (42501)").toBe("42501");
    });
  });
});
