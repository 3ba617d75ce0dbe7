// The tenancy tests' world: two agencies, four clients, named users and API
// keys, each client with its own customers and records, and a way to run SQL
// as any of them exactly as the edge functions do (claims and role set inside
// one transaction), always rolled back so tests never disturb each other.
import { createHash, randomBytes } from "node:crypto";
import postgres from "postgres";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/** Clients of the fixture: A and B (agency X), C (agency Y), D (agency X, archived). */
export const clientNames = ["A", "B", "C", "D"] as const;
export type ClientName = (typeof clientNames)[number];
export const agencyNames = ["X", "Y"] as const;
export type AgencyName = (typeof agencyNames)[number];

/** The principals of the matrix, plus the keys that must see nothing. */
export const userNames = ["ownerX", "adminX", "managerA", "viewerA", "memberB", "ownerY"] as const;
export type UserName = (typeof userNames)[number];
export const keyNames = ["keyA", "keyB", "keyC", "revokedKeyA", "keyD"] as const;
export type KeyName = (typeof keyNames)[number];
export type PrincipalName = UserName | KeyName | "anon";

/** role: the database role a request runs as: the functions' own for users and keys; authenticated is the Data API's. */
export type Principal = { name: string; role: "pulseboard_api" | "authenticated" | "anon"; claims: Record<string, unknown> };

/** Users of the fixture that are not principals: spares whose rows tests change or remove,
    agency members with no assignment yet (assignments stay inside the agency), and a
    newcomer of no agency at all. */
const extraUsers = ["spareX", "spareY", "unassignedX", "unassignedY", "newcomer"] as const;
type ExtraUser = (typeof extraUsers)[number];

/** Who wrote each client's fixture notes: an editor of that client (of archived D, its manager). */
export const noteAuthors: Record<ClientName, UserName> = { A: "managerA", B: "memberB", C: "ownerY", D: "managerA" };

export type ApiKey = { id: string; raw: string; hash: string; client: ClientName };
type PerClient<T> = Record<ClientName, T>;

export type World = {
  sql: Sql;
  suffix: string;
  agencies: Record<AgencyName, string>;
  clients: PerClient<string>;
  users: Record<UserName | ExtraUser, string>;
  keys: Record<KeyName, ApiKey>;
  /** agency_members rows of the spare members, the rows tests change or remove. */
  spareMemberships: Record<AgencyName, string>;
  /** client_members rows of the spare users, one per client. */
  spareAssignments: PerClient<string>;
  /** A pending invitation per agency, to an address nobody of the world has. */
  invitations: Record<AgencyName, string>;
  profiles: PerClient<string>;
  customers: PerClient<string[]>;
  contacts: PerClient<string[]>;
  notes: PerClient<string[]>;
  sentiments: PerClient<string[]>;
  scoreHistory: PerClient<string[]>;
  /** An alert rule per client, with one event it fired and one delivery attempt. */
  alertRules: PerClient<string>;
  /** A paused scheduled report per client. */
  reportSchedules: PerClient<string>;
  /** Per client: a health alert of its first customer, an action on it, a recovery case and a ticked play item. */
  alerts: PerClient<{ alert: string; action: string; recoveryCase: string; playItem: string }>;
  principals: Record<PrincipalName, Principal>;
  clientName(id: string): ClientName | undefined;
  agencyName(id: string): AgencyName | undefined;
};

export const sha256 = (raw: string) => createHash("sha256").update(raw).digest("hex");

/** A superuser connection to the stack's database. */
export function connect(dbUrl: string): Sql {
  return postgres(dbUrl, { max: 4, onnotice: () => {} });
}

/**
 * Builds and commits the fixture. Names carry a random suffix, so the world
 * never collides with demo data or with another test file's world.
 */
export async function buildWorld(sql: Sql): Promise<World> {
  const suffix = randomBytes(4).toString("hex");
  return sql.begin(async (tx) => {
    const users = {} as World["users"];
    for (const name of [...userNames, ...extraUsers]) {
      const [row] = await tx`insert into auth.users (email) values (${`${name.toLowerCase()}.${suffix}@tenancy.test`}) returning id`;
      users[name] = row.id;
    }

    const agencies = {} as World["agencies"];
    for (const a of agencyNames) {
      const [row] = await tx`insert into public.agencies (name) values (${`Agency ${a} ${suffix}`}) returning id`;
      agencies[a] = row.id;
    }

    const memberships: [UserName | ExtraUser, AgencyName, string][] = [
      ["ownerX", "X", "owner"], ["adminX", "X", "admin"], ["managerA", "X", "member"], ["viewerA", "X", "member"],
      ["memberB", "X", "member"], ["spareX", "X", "member"], ["unassignedX", "X", "member"],
      ["ownerY", "Y", "owner"], ["spareY", "Y", "member"], ["unassignedY", "Y", "member"],
    ];
    const spareMemberships = {} as World["spareMemberships"];
    for (const [user, agency, role] of memberships) {
      const [row] = await tx`insert into public.agency_members (agency_id, user_id, role)
                             values (${agencies[agency]}, ${users[user]}, ${role}) returning id`;
      if (user === "spareX") spareMemberships.X = row.id;
      if (user === "spareY") spareMemberships.Y = row.id;
    }

    const invitations = {} as World["invitations"];
    for (const agency of agencyNames) {
      const [row] = await tx`insert into public.agency_invitations (agency_id, email, role, token_hash)
                             values (${agencies[agency]}, ${`invited.${suffix}@tenancy.test`}, 'member', ${sha256(`${agency}${suffix}`)})
                             returning id`;
      invitations[agency] = row.id;
    }

    const clientAgency: PerClient<AgencyName> = { A: "X", B: "X", C: "Y", D: "X" };
    const clients = {} as World["clients"];
    for (const c of clientNames) {
      const [row] = await tx`insert into public.clients (agency_id, name, archived_at)
                             values (${agencies[clientAgency[c]]}, ${`Client ${c} ${suffix}`}, ${c === "D" ? new Date() : null})
                             returning id`;
      clients[c] = row.id;
    }

    // managerA is also a manager of the archived client D: archiving must hide it.
    const assignments: [UserName | ExtraUser, ClientName, string][] = [
      ["managerA", "A", "manager"], ["managerA", "D", "manager"], ["viewerA", "A", "viewer"], ["memberB", "B", "manager"],
      ["spareX", "A", "viewer"], ["spareX", "B", "viewer"], ["spareX", "D", "viewer"], ["spareY", "C", "viewer"],
    ];
    const spareAssignments = {} as World["spareAssignments"];
    for (const [user, client, role] of assignments) {
      const [row] = await tx`insert into public.client_members (client_id, user_id, role)
                             values (${clients[client]}, ${users[user]}, ${role}) returning id`;
      if (user === "spareX" || user === "spareY") spareAssignments[client] = row.id;
    }

    const keySpecs: Record<KeyName, { client: ClientName; revoked: boolean }> = {
      keyA: { client: "A", revoked: false }, keyB: { client: "B", revoked: false }, keyC: { client: "C", revoked: false },
      revokedKeyA: { client: "A", revoked: true }, keyD: { client: "D", revoked: false },
    };
    const keys = {} as World["keys"];
    for (const name of keyNames) {
      const { client, revoked } = keySpecs[name];
      const raw = `pb_${randomBytes(24).toString("hex")}`;
      const hash = sha256(raw);
      const [row] = await tx`insert into public.api_keys (client_id, key_hash, prefix, label, revoked_at)
                             values (${clients[client]}, ${hash}, ${raw.slice(0, 10)}, ${name}, ${revoked ? new Date() : null})
                             returning id`;
      keys[name] = { id: row.id, raw, hash, client };
    }

    const profiles = {} as World["profiles"];
    const customers = {} as World["customers"];
    const contacts = {} as World["contacts"];
    const notes = {} as World["notes"];
    const sentiments = {} as World["sentiments"];
    const scoreHistory = {} as World["scoreHistory"];
    const alertRules = {} as World["alertRules"];
    const reportSchedules = {} as World["reportSchedules"];
    const alerts = {} as World["alerts"];
    for (const c of clientNames) {
      const client = clients[c];
      const [profile] = await tx`insert into public.scoring_profiles (client_id, name, weights)
        values (${client}, ${`Profile ${c} ${suffix}`}, ${tx.json({ logins: 50, adoption: 50 })}) returning id`;
      profiles[c] = profile.id;
      customers[c] = [];
      for (const [i, tier] of (["smb", "mid", "enterprise"] as const).entries()) {
        const [row] = await tx`insert into public.customers (client_id, name, tier, mrr, lifecycle, logins, adoption, score, status, scoring_profile_id)
          values (${client}, ${`Customer ${c}${i + 1} ${suffix}`}, ${tier}, ${1000 * (i + 1)}, 'active', ${10 * i}, ${30 + 20 * i},
                  ${40 + 20 * i}, ${["atrisk", "watch", "expansion"][i]}, ${i === 0 ? profile.id : null})
          returning id`;
        customers[c].push(row.id);
      }
      const [first, second] = customers[c];
      contacts[c] = (await tx`insert into public.contacts (client_id, customer_id, name, email) values
        (${client}, ${first}, ${`Contact ${c}1`}, ${`c1.${suffix}@example.com`}),
        (${client}, ${second}, ${`Contact ${c}2`}, ${`c2.${suffix}@example.com`}) returning id`).map((r) => r.id);
      // Written by an editor of the client (the author trigger reads the claims): only the author may change a note.
      await tx`select set_config('request.jwt.claims', ${JSON.stringify({ sub: users[noteAuthors[c]] })}, true)`;
      notes[c] = (await tx`insert into public.customer_notes (client_id, customer_id, body) values
        (${client}, ${first}, ${`Kick-off call with ${c}`}), (${client}, ${first}, 'Sent the QBR deck') returning id`).map((r) => r.id);
      await tx`select set_config('request.jwt.claims', '', true)`;
      sentiments[c] = (await tx`insert into public.sentiment_entries (client_id, customer_id, sentiment, note) values
        (${client}, ${first}, 'positive', 'Loves the dashboards'), (${client}, ${second}, 'negative', 'Billing issue') returning id`)
        .map((r) => r.id);
      scoreHistory[c] = (await tx`insert into public.score_history (client_id, customer_id, score, status, reason, signals) values
        (${client}, ${first}, 40, 'atrisk', 'signals', ${tx.json({ logins: 0 })}),
        (${client}, ${second}, 60, 'watch', 'signals', ${tx.json({ logins: 10 })}) returning id`).map((r) => String(r.id));
      await tx`select private.refresh_week_bases(${client})`;
      // Disabled: the fixture's customer writes must not send anything.
      const [rule] = await tx`insert into public.alert_rules (client_id, name, event, threshold, channel, target, enabled)
        values (${client}, ${`Low health ${c}`}, 'health_below', 50, 'webhook', 'https://hooks.example.com/pulseboard', false) returning id`;
      alertRules[c] = rule.id;
      const [schedule] = await tx`insert into public.report_schedules (client_id, report, frequency, recipients, enabled)
        values (${client}, 'portfolio_summary', 'weekly', ${[`reports.${c}@tenancy.test`]}, false) returning id`;
      reportSchedules[c] = schedule.id;
      await tx`insert into public.alert_events (client_id, rule_id, customer_id, event, fire_key, details, digest)
        values (${client}, ${rule.id}, ${first}, 'health_below', 'fixture', '{}', false)`;
      await tx`insert into public.notification_attempts (client_id, notification_id, rule_id, rule_name, channel, kind, attempt, outcome, http_status)
        values (${client}, gen_random_uuid(), ${rule.id}, ${`Low health ${c}`}, 'webhook', 'alert', 1, 'sent', 204)`;
      const [alert] = await tx`select id from public.alerts where customer_id = ${first} and rule = 'health'`;
      const [action] = await tx`insert into public.alert_actions (client_id, alert_id, action, reason)
                                values (${client}, ${alert.id}, 'dismiss', 'Fixture') returning id`;
      const [recoveryCase] = await tx`insert into public.recovery_cases (client_id, customer_id, peak_score, peak_status, opened_score, lowest_score, window_days)
                                      values (${client}, ${first}, 70, 'healthy', 40, 40, 7) returning id`;
      const [playItem] = await tx`insert into public.play_items (client_id, customer_id, play, item, done)
                                  values (${client}, ${first}, 'adoption', 'training', true) returning id`;
      alerts[c] = { alert: alert.id, action: action.id, recoveryCase: recoveryCase.id, playItem: playItem.id };
      await tx`insert into public.import_mappings (client_id, columns) values (${client}, ${tx.json({ csm: "manager" })})`;
      // Through today (the job stops at yesterday), so every client has rollup rows to see or not.
      await tx`select private.rebuild_rollups(${client}, current_date + 1)`;
    }

    const principals = {} as Record<PrincipalName, Principal>;
    principals.anon = { name: "anon", role: "anon", claims: { role: "anon" } };
    for (const name of userNames) {
      principals[name] = { name, role: "pulseboard_api",
        claims: { sub: users[name], role: "authenticated", email: `${name.toLowerCase()}.${suffix}@tenancy.test` } };
    }
    for (const name of keyNames) {
      principals[name] = { name, role: "pulseboard_api", claims: { role: "authenticated", api_key_hash: keys[name].hash } };
    }

    const clientName = (id: string) => clientNames.find((c) => clients[c] === id);
    const agencyName = (id: string) => agencyNames.find((a) => agencies[a] === id);
    return { sql, suffix, agencies, clients, users, keys, spareMemberships, spareAssignments, invitations, profiles, customers, contacts,
      notes, sentiments, scoreHistory, alertRules, reportSchedules, alerts, principals, clientName, agencyName };
  }) as Promise<World>;
}

class Rollback extends Error {}

/**
 * Runs `work` in a transaction as `principal` — claims and role set with
 * set_config(…, true), as the edge functions do — and always rolls back.
 */
export async function as<T>(sql: Sql, principal: Principal, work: (tx: Tx) => Promise<T>): Promise<T> {
  const sentinel = new Rollback("rollback");
  let result: T | undefined;
  try {
    await sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify(principal.claims)}, true),
                      set_config('role', ${principal.role}, true)`;
      result = await work(tx);
      throw sentinel;
    });
  } catch (error) {
    if (error !== sentinel) throw error;
  }
  return result as T;
}

/**
 * How a statement ended: "ok" (it wrote rows), "none" (it ran and touched no
 * row: the policies hid them), "rls" (42501, the new row violates a policy),
 * "denied" (42501, no privilege at all), or "sqlstate <code>" otherwise.
 */
export type Outcome = "ok" | "none" | "rls" | "denied" | `sqlstate ${string}`;

export function outcomeOf(error: unknown): Outcome {
  const e = error as { code?: string; message?: string };
  if (e.code === "42501" && /row-level security/.test(e.message ?? "")) return "rls";
  if (e.code === "42501" && /permission denied/.test(e.message ?? "")) return "denied";
  if (e.code) return `sqlstate ${e.code}`;
  throw error;
}

/** Runs one statement inside a savepoint that is always rolled back, and says how it ended. */
export async function attempt(tx: Tx, statement: (sp: Tx) => Promise<{ count: number }>): Promise<Outcome> {
  const sentinel = new Rollback("rollback to savepoint");
  let outcome: Outcome = "none";
  try {
    await tx.savepoint(async (sp) => {
      const result = await statement(sp as unknown as Tx);
      outcome = result.count > 0 ? "ok" : "none";
      throw sentinel;
    });
  } catch (error) {
    if (error === sentinel) return outcome;
    return outcomeOf(error);
  }
  return outcome;
}

/** The SQLSTATE a statement fails with as `principal` (rolled back), or "none" when it succeeds. */
export async function sqlstateOf(sql: Sql, principal: Principal, statement: (tx: Tx) => Promise<unknown>): Promise<string> {
  return as(sql, principal, async (tx) => {
    try {
      await tx.savepoint(async (sp) => {
        await statement(sp as unknown as Tx);
        throw new Rollback("done");
      });
    } catch (error) {
      if (error instanceof Rollback) return "none";
      const code = (error as { code?: string }).code;
      if (!code) throw error;
      return code;
    }
    return "none";
  });
}
