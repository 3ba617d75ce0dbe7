// Who may do what, table by table: every table × select/insert/update/delete ×
// principal, with the exact outcome expected from the policies and grants.
// A row outside a principal's reach is either invisible (select and the
// update/delete that cannot find it) or refused by a policy (an insert), and
// an operation the API roles were never granted is a permission error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stack } from "../../stack/context.ts";
import {
  agencyNames, as, attempt, buildWorld, clientNames, connect, outcomeOf,
  type AgencyName, type ClientName, type Outcome, type PrincipalName, type Tx, type World,
} from "./principals.ts";

type Scope = ClientName | AgencyName;
type Op = "select" | "insert" | "update" | "delete";
/** Scopes each principal may act on; a principal left out may act on none. */
type Access = Partial<Record<PrincipalName, Scope[]>>;

const matrixPrincipals = ["ownerX", "adminX", "managerA", "viewerA", "memberB", "ownerY", "keyA", "keyB", "anon"] as const;
type MatrixPrincipal = (typeof matrixPrincipals)[number];

// The access sets the private helpers compute, written out by hand for the fixture.
const readable: Access = { ownerX: ["A", "B", "D"], adminX: ["A", "B", "D"], managerA: ["A"], viewerA: ["A"],
  memberB: ["B"], ownerY: ["C"], keyA: ["A"], keyB: ["B"] };
const readableByUsers: Access = { ...readable, keyA: [], keyB: [] };
// Archived D is readable by its agency's owners and admins (to restore it) but no longer editable.
const editable: Access = { ownerX: ["A", "B"], adminX: ["A", "B"], managerA: ["A"], memberB: ["B"], ownerY: ["C"],
  keyA: ["A"], keyB: ["B"] };
const configurable: Access = { ...editable, keyA: [], keyB: [] };
// A note is changed only by its author (noteAuthors), while they may edit its client (so not archived D).
const authored: Access = { managerA: ["A"], memberB: ["B"], ownerY: ["C"] };
const administered: Access = { ownerX: ["A", "B", "D"], adminX: ["A", "B", "D"], ownerY: ["C"] };
const memberAgencies: Access = { ownerX: ["X"], adminX: ["X"], managerA: ["X"], viewerA: ["X"], memberB: ["X"], ownerY: ["Y"] };
const adminAgencies: Access = { ownerX: ["X"], adminX: ["X"], ownerY: ["Y"] };

type Statement = (tx: Tx, w: World, scope: Scope) => Promise<{ count: number }>;
type TableSpec = {
  /** The column that places a row in a scope, and the scopes the fixture has rows in. */
  scopeColumn: string;
  scopes: readonly Scope[];
  /** Where inserts are aimed, when not the same scopes (a new client goes into an agency). */
  insertScopes?: readonly Scope[];
  /** "denied": the API roles hold no privilege for it at all. */
  rules: Record<Op, Access | "denied">;
  insert?: Statement;
  update?: Statement;
  delete?: Statement;
  /** What is counted per scope, when not its rows: a table whose rows a job merges (home_tallies) counts what merging keeps. */
  measure?: string;
};

const c = (w: World, s: Scope) => w.clients[s as ClientName];
const a = (w: World, s: Scope) => w.agencies[s as AgencyName];
const keyOf = (w: World, s: Scope) => w.keys[`key${s as ClientName}` as "keyA"].id;

const tables: Record<string, TableSpec> = {
  agencies: {
    scopeColumn: "id", scopes: agencyNames,
    rules: { select: memberAgencies, insert: "denied", update: adminAgencies, delete: "denied" },
    insert: (tx) => tx`insert into public.agencies (name) values ('New agency')`,
    update: (tx, w, s) => tx`update public.agencies set name = name where id = ${a(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.agencies where id = ${a(w, s)}`,
  },
  agency_members: {
    scopeColumn: "agency_id", scopes: agencyNames,
    rules: { select: memberAgencies, insert: adminAgencies, update: adminAgencies, delete: adminAgencies },
    insert: (tx, w, s) => tx`insert into public.agency_members (agency_id, user_id, role) values (${a(w, s)}, ${w.users.newcomer}, 'member')`,
    update: (tx, w, s) => tx`update public.agency_members set role = role where id = ${w.spareMemberships[s as AgencyName]}`,
    delete: (tx, w, s) => tx`delete from public.agency_members where id = ${w.spareMemberships[s as AgencyName]}`,
  },
  // The person invited sees their own too; nobody of the fixture is invited (invitations.test.ts covers that).
  agency_invitations: {
    scopeColumn: "agency_id", scopes: agencyNames,
    rules: { select: adminAgencies, insert: adminAgencies, update: adminAgencies, delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.agency_invitations (agency_id, email, role, token_hash, invited_by)
                             values (${a(w, s)}, ${`new.${w.suffix}@tenancy.test`}, 'member', md5(random()::text) || md5(random()::text), auth.uid())`,
    update: (tx, w, s) => tx`update public.agency_invitations set revoked_at = revoked_at where id = ${w.invitations[s as AgencyName]}`,
    delete: (tx, w, s) => tx`delete from public.agency_invitations where id = ${w.invitations[s as AgencyName]}`,
  },
  clients: {
    scopeColumn: "id", scopes: clientNames, insertScopes: agencyNames,
    rules: { select: readable, insert: adminAgencies, update: administered, delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.clients (agency_id, name) values (${a(w, s)}, ${`New client ${w.suffix}`})`,
    update: (tx, w, s) => tx`update public.clients set name = name where id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.clients where id = ${c(w, s)}`,
  },
  client_members: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readableByUsers, insert: administered, update: administered, delete: administered },
    // Someone of the client's own agency: an outsider is refused by a trigger before any policy is asked.
    insert: (tx, w, s) => tx`insert into public.client_members (client_id, user_id, role)
                             values (${c(w, s)}, ${s === "C" ? w.users.unassignedY : w.users.unassignedX}, 'viewer')`,
    update: (tx, w, s) => tx`update public.client_members set role = role where id = ${w.spareAssignments[s as ClientName]}`,
    delete: (tx, w, s) => tx`delete from public.client_members where id = ${w.spareAssignments[s as ClientName]}`,
  },
  api_keys: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: administered, insert: administered, update: administered, delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.api_keys (client_id, key_hash, prefix, label)
                             values (${c(w, s)}, ${"f".repeat(64)}, 'pb_ffff', 'Zapier')`,
    update: (tx, w, s) => tx`update public.api_keys set label = label where id = ${keyOf(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.api_keys where id = ${keyOf(w, s)}`,
  },
  client_settings: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: "denied", update: configurable, delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.client_settings (client_id) values (${c(w, s)})`,
    update: (tx, w, s) => tx`update public.client_settings set weights = weights where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.client_settings where client_id = ${c(w, s)}`,
  },
  scoring_profiles: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: configurable, update: configurable, delete: configurable },
    insert: (tx, w, s) => tx`insert into public.scoring_profiles (client_id, name, weights)
                             values (${c(w, s)}, 'Enterprise preset', ${tx.json({ logins: 40, adoption: 60 })})`,
    update: (tx, w, s) => tx`update public.scoring_profiles set name = name where id = ${w.profiles[s as ClientName]}`,
    delete: (tx, w, s) => tx`delete from public.scoring_profiles where id = ${w.profiles[s as ClientName]}`,
  },
  customers: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: editable, delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.customers (client_id, name) values (${c(w, s)}, 'Brand new account')`,
    // A real change: an update that changes nothing is skipped, and would count as 0 rows.
    update: (tx, w, s) => tx`update public.customers set note = gen_random_uuid()::text where id = ${w.customers[s as ClientName][0]}`,
    delete: (tx, w, s) => tx`delete from public.customers where id = ${w.customers[s as ClientName][0]}`,
  },
  contacts: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: editable, delete: editable },
    insert: (tx, w, s) => tx`insert into public.contacts (client_id, customer_id, name)
                             values (${c(w, s)}, ${w.customers[s as ClientName][0]}, 'New champion')`,
    update: (tx, w, s) => tx`update public.contacts set name = name where id = ${w.contacts[s as ClientName][0]}`,
    delete: (tx, w, s) => tx`delete from public.contacts where id = ${w.contacts[s as ClientName][0]}`,
  },
  customer_notes: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: authored, delete: authored },
    insert: (tx, w, s) => tx`insert into public.customer_notes (client_id, customer_id, body)
                             values (${c(w, s)}, ${w.customers[s as ClientName][0]}, 'Renewal call booked')`,
    update: (tx, w, s) => tx`update public.customer_notes set body = body where id = ${w.notes[s as ClientName][0]}`,
    delete: (tx, w, s) => tx`delete from public.customer_notes where id = ${w.notes[s as ClientName][0]}`,
  },
  sentiment_entries: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: "denied", delete: editable },
    insert: (tx, w, s) => tx`insert into public.sentiment_entries (client_id, customer_id, sentiment)
                             values (${c(w, s)}, ${w.customers[s as ClientName][0]}, 'neutral')`,
    update: (tx, w, s) => tx`update public.sentiment_entries set note = note where id = ${w.sentiments[s as ClientName][0]}`,
    delete: (tx, w, s) => tx`delete from public.sentiment_entries where id = ${w.sentiments[s as ClientName][0]}`,
  },
  score_history: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.score_history (client_id, customer_id, score, status, reason, signals)
                             values (${c(w, s)}, ${w.customers[s as ClientName][0]}, 55, 'watch', 'manual', '{}')`,
    update: (tx, w, s) => tx`update public.score_history set score = score where id = ${w.scoreHistory[s as ClientName][0]}`,
    delete: (tx, w, s) => tx`delete from public.score_history where id = ${w.scoreHistory[s as ClientName][0]}`,
  },
  score_week_bases: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: "denied", update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.score_week_bases (customer_id, client_id, base_day)
                             values (${w.customers[s as ClientName][0]}, ${c(w, s)}, current_date)`,
    update: (tx, w, s) => tx`update public.score_week_bases set score = score where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.score_week_bases where client_id = ${c(w, s)}`,
  },
  alerts: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: "denied", update: editable, delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.alerts (client_id, customer_id, rule, severity)
                             values (${c(w, s)}, ${w.customers[s as ClientName][1]}, 'tickets', 'critical')`,
    update: (tx, w, s) => tx`update public.alerts set state = state where id = ${w.alerts[s as ClientName].alert}`,
    delete: (tx, w, s) => tx`delete from public.alerts where id = ${w.alerts[s as ClientName].alert}`,
  },
  alert_actions: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.alert_actions (client_id, alert_id, action, days)
                             values (${c(w, s)}, ${w.alerts[s as ClientName].alert}, 'snooze', 7)`,
    update: (tx, w, s) => tx`update public.alert_actions set reason = reason where id = ${w.alerts[s as ClientName].action}`,
    delete: (tx, w, s) => tx`delete from public.alert_actions where id = ${w.alerts[s as ClientName].action}`,
  },
  recovery_cases: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: "denied", update: editable, delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.recovery_cases (client_id, customer_id, peak_score, peak_status, opened_score, lowest_score, window_days)
                             values (${c(w, s)}, ${w.customers[s as ClientName][1]}, 80, 'expansion', 50, 50, 7)`,
    update: (tx, w, s) => tx`update public.recovery_cases set note = note where id = ${w.alerts[s as ClientName].recoveryCase}`,
    delete: (tx, w, s) => tx`delete from public.recovery_cases where id = ${w.alerts[s as ClientName].recoveryCase}`,
  },
  play_items: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: editable, delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.play_items (client_id, customer_id, play, item, done)
                             values (${c(w, s)}, ${w.customers[s as ClientName][0]}, 'adoption', 'usage_review', true)`,
    update: (tx, w, s) => tx`update public.play_items set done = done where id = ${w.alerts[s as ClientName].playItem}`,
    delete: (tx, w, s) => tx`delete from public.play_items where id = ${w.alerts[s as ClientName].playItem}`,
  },
  home_tallies: {
    // The fold (pg_cron, every minute) merges a client's rows and keeps their sums.
    scopeColumn: "client_id", scopes: clientNames, measure: "sum(n)",
    rules: { select: readable, insert: "denied", update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.home_tallies (client_id, kind, n) values (${c(w, s)}, 'band', 1)`,
    update: (tx, w, s) => tx`update public.home_tallies set n = n where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.home_tallies where client_id = ${c(w, s)}`,
  },
  // Written only by the rollup job (migration 20261202050000); readers of the client see their client's.
  daily_rollups: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: "denied", update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.daily_rollups
                             select * from public.daily_rollups where client_id = ${c(w, s)} limit 1`,
    update: (tx, w, s) => tx`update public.daily_rollups set customers = customers where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.daily_rollups where client_id = ${c(w, s)}`,
  },
  score_range_bases: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: "denied", update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.score_range_bases (customer_id, client_id, range, base_day)
                             values (${w.customers[s as ClientName][0]}, ${c(w, s)}, '7d', current_date)`,
    update: (tx, w, s) => tx`update public.score_range_bases set score = score where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.score_range_bases where client_id = ${c(w, s)}`,
  },
  daily_rollup_state: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: "denied", update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.daily_rollup_state (client_id) values (${c(w, s)})`,
    update: (tx, w, s) => tx`update public.daily_rollup_state set stale_from = stale_from where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.daily_rollup_state where client_id = ${c(w, s)}`,
  },
  config_history: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readableByUsers, insert: "denied", update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.config_history (client_id, version, settings, profiles)
                             values (${c(w, s)}, 99, '{}', '[]')`,
    update: (tx, w, s) => tx`update public.config_history set version = version where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.config_history where client_id = ${c(w, s)}`,
  },
  alert_rules: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: editable, delete: editable },
    insert: (tx, w, s) => tx`insert into public.alert_rules (client_id, name, event, channel, target, enabled)
                             values (${c(w, s)}, ${`At risk ${w.suffix}`}, 'became_at_risk', 'slack', 'https://hooks.slack.com/services/T/B/x', false)`,
    update: (tx, w, s) => tx`update public.alert_rules set enabled = enabled where id = ${w.alertRules[s as ClientName]}`,
    delete: (tx, w, s) => tx`delete from public.alert_rules where id = ${w.alertRules[s as ClientName]}`,
  },
  report_schedules: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: editable, delete: editable },
    insert: (tx, w, s) => tx`insert into public.report_schedules (client_id, report, frequency, recipients, enabled)
                             values (${c(w, s)}, 'at_risk', 'daily', ${["matrix@tenancy.test"]}, false)`,
    update: (tx, w, s) => tx`update public.report_schedules set enabled = enabled where id = ${w.reportSchedules[s as ClientName]}`,
    delete: (tx, w, s) => tx`delete from public.report_schedules where id = ${w.reportSchedules[s as ClientName]}`,
  },
  // Written by the rules' triggers and the drain only.
  alert_events: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: "denied", update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.alert_events (client_id, rule_id, customer_id, event, fire_key, details, digest)
                             values (${c(w, s)}, ${w.alertRules[s as ClientName]}, ${w.customers[s as ClientName][1]}, 'health_below', 'x', '{}', false)`,
    update: (tx, w, s) => tx`update public.alert_events set digest = digest where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.alert_events where client_id = ${c(w, s)}`,
  },
  notification_attempts: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: "denied", update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.notification_attempts (client_id, notification_id, rule_name, channel, kind, attempt, outcome)
                             values (${c(w, s)}, gen_random_uuid(), 'x', 'slack', 'test', 1, 'sent')`,
    update: (tx, w, s) => tx`update public.notification_attempts set error = error where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.notification_attempts where client_id = ${c(w, s)}`,
  },
  audit_log: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: administered, insert: "denied", update: "denied", delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.audit_log (client_id, table_name, action, actor)
                             values (${c(w, s)}, 'customers', 'delete', 'system')`,
    update: (tx, w, s) => tx`update public.audit_log set before = null where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.audit_log where client_id = ${c(w, s)}`,
  },
  // One row per client (the fixture's): an insert is the page's upsert, which must pass the insert policy too.
  import_mappings: {
    scopeColumn: "client_id", scopes: clientNames,
    rules: { select: readable, insert: editable, update: editable, delete: "denied" },
    insert: (tx, w, s) => tx`insert into public.import_mappings (client_id, columns) values (${c(w, s)}, '{}')
                             on conflict (client_id) do update set columns = excluded.columns`,
    update: (tx, w, s) => tx`update public.import_mappings set columns = columns where client_id = ${c(w, s)}`,
    delete: (tx, w, s) => tx`delete from public.import_mappings where client_id = ${c(w, s)}`,
  },
};

/** What `principal` gets for `op` on a row of `scope`. */
function expected(rule: Access | "denied", principal: MatrixPrincipal, op: Exclude<Op, "select">, scope: Scope): Outcome {
  if (rule === "denied" || principal === "anon") return "denied";
  if ((rule[principal] ?? []).includes(scope)) return "ok";
  // A policy's WITH CHECK refuses a new row; USING just hides an existing one.
  return op === "insert" ? "rls" : "none";
}

const list = (scopes: readonly Scope[]) => (scopes.length ? scopes.join(", ") : "none");

function title(table: string, op: Op, principal: MatrixPrincipal, rule: Access | "denied"): string {
  if (rule === "denied" || principal === "anon") return `${principal} is denied ${op} on ${table} (permission denied)`;
  const allowed = rule[principal] ?? [];
  if (op === "select") return allowed.length ? `${principal} sees the ${table} rows of ${list(allowed)} and no other` : `${principal} sees no ${table} row`;
  return allowed.length ? `${principal} may ${op} ${table} rows of ${list(allowed)} and of no other` : `${principal} may ${op} no ${table} row`;
}

describe("the access matrix", () => {
  const sql = connect(stack().dbUrl);
  let w: World;
  /** Fixture rows per table and scope, counted as superuser. */
  const totals: Record<string, Partial<Record<Scope, number>>> = {};

  const scopeIds = (spec: TableSpec) =>
    spec.scopes.map((s) => (agencyNames as readonly string[]).includes(s) ? w.agencies[s as AgencyName] : w.clients[s as ClientName]);
  const scopeOf = (id: string): Scope => (w.clientName(id) ?? w.agencyName(id))!;

  async function countByScope(tx: Tx | typeof sql, table: string, spec: TableSpec) {
    const rows = await tx`select ${tx(spec.scopeColumn)}::text as scope, (${tx.unsafe(spec.measure ?? "count(*)")})::int as n from ${tx("public." + table)}
                          where ${tx(spec.scopeColumn)} = any (${scopeIds(spec)}::uuid[]) group by 1`;
    return Object.fromEntries(rows.map((r) => [scopeOf(r.scope), r.n])) as Partial<Record<Scope, number>>;
  }

  beforeAll(async () => {
    w = await buildWorld(sql);
    for (const [table, spec] of Object.entries(tables)) totals[table] = await countByScope(sql, table, spec);
  });
  afterAll(() => sql.end());

  it("the fixture has rows of every scope in every table, so an empty result means hidden, not missing", () => {
    for (const [table, spec] of Object.entries(tables)) {
      for (const scope of spec.scopes) {
        expect(totals[table][scope] ?? 0, `${table} has fixture rows of ${scope}`).toBeGreaterThan(0);
      }
    }
  });

  for (const [table, spec] of Object.entries(tables)) {
    describe(table, () => {
      for (const principal of matrixPrincipals) {
        const rule = spec.rules.select;
        it(title(table, "select", principal, rule), async () => {
          const seen = await as(sql, w.principals[principal], async (tx) => {
            try {
              return await countByScope(tx, table, spec);
            } catch (error) {
              return outcomeOf(error);
            }
          });
          if (rule === "denied" || principal === "anon") {
            expect(seen, `${principal} has no select privilege on ${table}`).toBe("denied");
            return;
          }
          const want = Object.fromEntries(spec.scopes.filter((s) => (rule[principal] ?? []).includes(s)).map((s) => [s, totals[table][s]]));
          expect(seen, `${principal} sees every ${table} row of ${list(rule[principal] ?? [])} and nothing else`).toEqual(want);
        });
      }

      for (const op of ["insert", "update", "delete"] as const) {
        for (const principal of matrixPrincipals) {
          const rule = spec.rules[op];
          it(title(table, op, principal, rule), async () => {
            const scopes = op === "insert" ? (spec.insertScopes ?? spec.scopes) : spec.scopes;
            const got: Record<string, Outcome> = {};
            await as(sql, w.principals[principal], async (tx) => {
              for (const scope of scopes) got[scope] = await attempt(tx, (sp) => spec[op]!(sp, w, scope));
            });
            const want = Object.fromEntries(scopes.map((s) => [s, expected(rule, principal, op, s)]));
            expect(got, `${op} on ${table} as ${principal}, per scope: ok = done, none = 0 rows, rls = refused by policy, denied = no privilege`)
              .toEqual(want);
          });
        }
      }
    });
  }
});
