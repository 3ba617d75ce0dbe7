// Alert rules (SPEC §6) of one client: list, save, delete, send a sample
// now; the event log of every delivery attempt; the secret webhooks are
// signed with. For owners, admins and managers of the client, and its API
// keys (integrations manage rules too); viewers may list.
//
// Firing is the database's (triggers on customers, the daily job) and
// sending the notifications function's; a rule's target is checked here
// as REST hooks' are (public addresses only), and again at every send.
import {
  type AlertRule, deleteAlertRuleAnswer, listAlertRulesAnswer, listAlertRulesInput, listDeliveriesAnswer, listDeliveriesInput, ruleIdInput,
  saveAlertRuleAnswer, saveAlertRuleInput, testAlertRuleAnswer, webhookSecretAnswer, webhookSecretInput,
} from "@shared/notifications/rules.ts";
import { sampleEvent } from "@shared/notifications/messages.ts";
import { newWebhookSecret } from "@shared/notifications/signing.ts";
import { asSystem, type Tx } from "../../_shared/db.ts";
import { HttpError } from "../../_shared/http.ts";
import { checkTarget } from "../../_shared/outbound.ts";
import { clientAction, editors, readers } from "../../_shared/registry.ts";
import { outcomeOf, post, signingSecrets, siteUrl } from "../../notifications/channels.ts";

/** A rule as every answer writes it, with its latest delivery attempt. */
const ruleColumns = (tx: Tx) => tx`
  r.id, r.name, r.event, r.threshold, r.enabled, r.channel, r.target, r.schedule,
  to_char(r.digest_time, 'HH24:MI') as digest_time, r.digest_day, r.time_zone, r.manager,
  private.iso_instant(r.failing_since) as failing_since, r.failing_reason,
  (select json_build_object('outcome', a.outcome, 'http_status', a.http_status, 'error', a.error, 'at', private.iso_instant(a.at))
   from public.notification_attempts a where a.rule_id = r.id order by a.at desc, a.id desc limit 1) as last_delivery,
  private.iso_instant(r.created_at) as created_at, private.iso_instant(r.updated_at) as updated_at`;

async function ruleById(tx: Tx, clientId: string, id: string) {
  const [rule] = await tx`select ${ruleColumns(tx)} from public.alert_rules r where r.id = ${id} and r.client_id = ${clientId}`;
  if (!rule) throw new HttpError(404, "not_found", "no such alert rule", "id");
  return rule;
}

const NAME_TAKEN = "alert_rules_name_per_client";

export const alertRuleActions = {
  list_alert_rules: clientAction({
    summary: "The client's alert rules, each with its latest delivery attempt",
    write: false, roles: readers,
    input: listAlertRulesInput, answer: listAlertRulesAnswer,
    async run({ tx, clientId }) {
      const rules = await tx`select ${ruleColumns(tx)} from public.alert_rules r where r.client_id = ${clientId} order by r.name_key`;
      return { rules };
    },
  }),

  save_alert_rule: clientAction({
    summary: "Create (no id) or change an alert rule; saving a failing rule sends to it again",
    write: true, roles: editors,
    input: saveAlertRuleInput, answer: saveAlertRuleAnswer,
    async run({ tx, clientId, input: r }) {
      if (r.channel !== "email") {
        // Checked here and again before every send (DNS may change).
        const checked = await checkTarget(r.target);
        if (!checked.ok) throw new HttpError(400, "invalid_input", `target ${checked.reason}`, "target");
      }
      try {
        if (r.id) {
          const rows = await tx`
            update public.alert_rules
            set name = ${r.name}, event = ${r.event}, threshold = ${r.threshold}, enabled = ${r.enabled}, channel = ${r.channel},
                target = ${r.target}, schedule = ${r.schedule}, digest_time = ${r.digest_time}, digest_day = ${r.digest_day},
                time_zone = ${r.time_zone}, manager = ${r.manager}, failing_since = null, failing_reason = null
            where id = ${r.id} and client_id = ${clientId} returning id`;
          if (rows.length === 0) throw new HttpError(404, "not_found", "no such alert rule", "id");
          return { created: false, rule: await ruleById(tx, clientId, r.id) };
        }
        const [row] = await tx`
          insert into public.alert_rules (client_id, name, event, threshold, enabled, channel, target, schedule, digest_time, digest_day, time_zone, manager)
          values (${clientId}, ${r.name}, ${r.event}, ${r.threshold}, ${r.enabled}, ${r.channel}, ${r.target}, ${r.schedule},
                  ${r.digest_time}, ${r.digest_day}, ${r.time_zone}, ${r.manager})
          returning id`;
        return { created: true, rule: await ruleById(tx, clientId, row.id) };
      } catch (error) {
        const e = error as { code?: string; constraint_name?: string };
        if (e.code === "23505" && e.constraint_name === NAME_TAKEN) throw new HttpError(409, "conflict", "name: another alert rule has this name", "name");
        throw error;
      }
    },
  }),

  delete_alert_rule: clientAction({
    summary: "Delete an alert rule; what it still had queued is not sent (deleted: false when it was already gone)",
    write: true, roles: editors,
    input: ruleIdInput, answer: deleteAlertRuleAnswer,
    async run({ tx, clientId, input: { id } }) {
      const rows = await tx`delete from public.alert_rules where id = ${id} and client_id = ${clientId} returning id`;
      return { deleted: rows.length > 0, id };
    },
  }),

  test_alert_rule: clientAction({
    summary: "Send the rule a sample message now and answer what its receiver said (recorded in the event log)",
    write: true, roles: editors,
    input: ruleIdInput, answer: testAlertRuleAnswer,
    // The rule is read in the caller's transaction (RLS decides); the send
    // waits for no transaction (a receiver may take seconds).
    async run({ tx, clientId, input: { id } }) {
      return { rule: await ruleById(tx, clientId, id) };
    },
    async afterCommit({ clientId, result }) {
      const { rule } = result as { rule: AlertRule };
      const secrets = signingSecrets();
      const notificationId = crypto.randomUUID();
      const payload = { events: [sampleEvent(rule)] };
      const ctx = { siteUrl: siteUrl(), ruleName: rule.name, notificationId, test: true };
      let sent;
      try {
        sent = outcomeOf({ res: await post(rule.channel, rule.target, { alert: payload }, ctx, () => secrets(clientId)) });
      } catch (error) {
        sent = outcomeOf({ error });
      }
      const outcome = sent.kind === "sent" ? "sent" : "failed";
      await asSystem((tx) => tx`
        insert into public.notification_attempts (client_id, notification_id, rule_id, rule_name, channel, kind, attempt, outcome, http_status, error)
        values (${clientId}, ${notificationId}, ${rule.id}, ${rule.name}, ${rule.channel}, 'test', 1, ${outcome}, ${sent.status}, ${sent.error || null})`);
      return { delivered: sent.kind === "sent", http_status: sent.status, body: sent.body, error: sent.error || null, notification_id: notificationId };
    },
  }),

  list_deliveries: clientAction({
    summary: "The event log: every delivery attempt, newest first (rule, channel, customers, outcome, HTTP status, error, time)",
    write: false, roles: readers,
    input: listDeliveriesInput, answer: listDeliveriesAnswer,
    async run({ tx, clientId, input: { rule_id, limit, before } }) {
      const rows = await tx`
        select a.id::int as id, a.rule_id, a.rule_name, a.channel, a.kind, a.notification_id,
               coalesce((select json_agg(json_build_object('id', u.id, 'name', c.name) order by u.n)
                         from unnest(a.customer_ids) with ordinality u(id, n) left join public.customers c on c.id = u.id), '[]') as customers,
               a.attempt, a.outcome, a.http_status, a.error, private.iso_instant(a.at) as at
        from public.notification_attempts a
        where a.client_id = ${clientId}
          ${rule_id ? tx`and a.rule_id = ${rule_id}` : tx``}
          ${before ? tx`and a.id < ${before}` : tx``}
        order by a.id desc
        limit ${limit + 1}`;
      const more = rows.length > limit;
      const deliveries = rows.slice(0, limit);
      return { deliveries, next_before: more ? deliveries[deliveries.length - 1].id : null };
    },
  }),

  get_webhook_secret: clientAction({
    summary: "The secret this client's webhooks are signed with (Standard Webhooks, whsec_…), and the previous one while a rotation lasts",
    write: false, roles: editors,
    input: webhookSecretInput, answer: webhookSecretAnswer,
    async run({ tx, clientId }) {
      return { ...(await webhookSecret(tx, clientId, false)), rotated: false };
    },
  }),

  rotate_webhook_secret: clientAction({
    summary: "A new webhook secret; the previous one signs too for a day, so receivers can switch",
    write: true, roles: editors,
    input: webhookSecretInput, answer: webhookSecretAnswer,
    async run({ tx, clientId }) {
      return { ...(await webhookSecret(tx, clientId, true)), rotated: true };
    },
  }),
};

async function webhookSecret(tx: Tx, clientId: string, rotate: boolean) {
  try {
    const [row] = await tx`
      select secret, previous_secret, private.iso_instant(previous_until) as previous_until, private.iso_instant(rotated_at) as rotated_at
      from private.webhook_secret(${clientId}, ${newWebhookSecret()}, ${rotate})`;
    return row;
  } catch (error) {
    if ((error as { code?: string }).code === "42501") throw new HttpError(403, "forbidden", "the webhook secret is for editors of the client", "client_id");
    throw error;
  }
}
